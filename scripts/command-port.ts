/** The port a launched command will listen on (`next start --port N` or `--port=N`), if it names one. */
export function commandPort(command: readonly string[]): string | undefined {
  for (const [index, arg] of command.entries()) {
    if (arg === "--port" || arg === "-p") return command[index + 1];
    if (arg.startsWith("--port=")) return arg.slice("--port=".length);
  }
  return undefined;
}
