// Log lines a turn of the event loop at a time: the access log writes a line for every request, and at
// 32 clients a write(2) a line was 3% of the server's CPU on a metering request (docs/PERFORMANCE.md).
// No `server-only`: it imports nothing, and a test runs it in a plain child process.

/** Held lines are written at once when they reach this many characters, without waiting for the turn's end. */
export const TURN_BUFFER_MAX_CHARS = 64 * 1024;

export type TurnBufferedStream = {
  /** Holds `line` until the end of this turn (or until the held text reaches TURN_BUFFER_MAX_CHARS). */
  write: (line: string) => void;
  /** Writes what is held now. */
  flush: () => void;
};

/**
 * A destination that gathers the lines written during one turn of the event loop and hands them to
 * `write` as one text when the turn ends (setImmediate), in the order they were written. What is held
 * when the process exits is written then: 'exit' listeners run synchronously, and process.stdout is
 * synchronous for files, pipes and terminals on Linux. A process killed outright (SIGKILL) loses at
 * most the lines of its last turn.
 */
export function turnBufferedStream(
  write: (text: string) => void,
  options: { flushOnExit?: boolean } = {},
): TurnBufferedStream {
  let held: string[] = [];
  let chars = 0;
  let scheduled = false;
  const flush = () => {
    if (held.length === 0) return;
    const text = held.length === 1 ? (held[0] ?? "") : held.join("");
    held = [];
    chars = 0;
    write(text);
  };
  const onTurnEnd = () => {
    scheduled = false;
    flush();
  };
  if (options.flushOnExit ?? true) process.on("exit", flush);
  return {
    write(line: string) {
      held.push(line);
      chars += line.length;
      if (chars >= TURN_BUFFER_MAX_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(onTurnEnd);
      }
    },
    flush,
  };
}
