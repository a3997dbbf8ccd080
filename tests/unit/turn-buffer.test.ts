// The access log's destination: the lines of one turn of the event loop go out in one write, in order,
// at the turn's end; a full buffer goes at once; lines held when the process exits are not lost.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TURN_BUFFER_MAX_CHARS, turnBufferedStream } from "@/lib/log/turn-buffer";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("turnBufferedStream", () => {
  it("writes the lines of one turn as one text, in order, after the turn", async () => {
    const writes: string[] = [];
    const stream = turnBufferedStream((text) => writes.push(text), { flushOnExit: false });
    stream.write("a\n");
    stream.write("b\n");
    stream.write("c\n");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["a\nb\nc\n"]);
    stream.write("d\n");
    await nextTurn();
    expect(writes).toEqual(["a\nb\nc\n", "d\n"]);
    await nextTurn();
    expect(writes).toHaveLength(2);
  });

  it("writes at once when the held text reaches its cap, and the rest at the turn's end", async () => {
    const writes: string[] = [];
    const stream = turnBufferedStream((text) => writes.push(text), { flushOnExit: false });
    const line = `${"x".repeat(1023)}\n`;
    const lines = Math.ceil(TURN_BUFFER_MAX_CHARS / line.length);
    for (let i = 0; i < lines; i += 1) stream.write(line);
    expect(writes).toEqual([line.repeat(lines)]);
    stream.write("tail\n");
    expect(writes).toHaveLength(1);
    await nextTurn();
    expect(writes).toEqual([line.repeat(lines), "tail\n"]);
  });

  it("flush() writes what is held now, and nothing twice", async () => {
    const writes: string[] = [];
    const stream = turnBufferedStream((text) => writes.push(text), { flushOnExit: false });
    stream.write("one\n");
    stream.flush();
    expect(writes).toEqual(["one\n"]);
    await nextTurn();
    expect(writes).toEqual(["one\n"]);
  });

  it("hands what is held to stdout when the process exits in the same turn", () => {
    const script = [
      `const { turnBufferedStream } = require(${JSON.stringify(path.resolve("lib/log/turn-buffer.ts"))});`,
      "const out = turnBufferedStream((text) => process.stdout.write(text));",
      'out.write("first\\n"); out.write("last\\n");',
      "process.exit(3);",
    ].join("\n");
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(3);
    expect(child.stdout).toBe("first\nlast\n");
  });
});
