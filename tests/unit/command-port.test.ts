// The demo launcher tells people where to open the app: the port of the command it starts.
import { expect, it } from "vitest";
import { commandPort } from "../../scripts/command-port";

it("finds the port of `next start --port N`, `-p N` and `--port=N`, and nothing when there is none", () => {
  expect(commandPort(["next", "start", "--port", "3210"])).toBe("3210");
  expect(commandPort(["next", "start", "-p", "4000"])).toBe("4000");
  expect(commandPort(["next", "dev", "--port=3012"])).toBe("3012");
  expect(commandPort(["sleep", "15"])).toBeUndefined();
  expect(commandPort([])).toBeUndefined();
});
