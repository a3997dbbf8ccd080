// The JSON log: every line written inside a request carries its id (across awaits, in any module),
// none outside it; no secret reaches a line, whether as a field, nested, in headers, in the message
// or inside an error.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createLogger,
  getLogger,
  logRequest,
  requestIdOf,
  scrubSecrets,
  setLogger,
  withRequestId,
  type RequestLine,
} from "@/lib/log/logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger(
    {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
    "info",
  );
  return { logger, lines, raw };
}

const API_KEY = "cpk_0a1b2c3d_Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV4cXV1eA";
const PASSWORD = "hunter2-smtp-password";

describe("request id", () => {
  it("is on every line written inside withRequestId, across awaits and timers, and on none outside", async () => {
    const { logger, lines } = capture();
    logger.info("before");
    await withRequestId("req-12345678", async () => {
      logger.info("start");
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.warn({ step: 2 }, "after a timer");
      await Promise.all([1, 2].map(async (n) => logger.info({ n }, "in parallel")));
    });
    logger.info("after");
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ["before", undefined],
      ["start", "req-12345678"],
      ["after a timer", "req-12345678"],
      ["in parallel", "req-12345678"],
      ["in parallel", "req-12345678"],
      ["after", undefined],
    ]);
    expect(lines[2]).toMatchObject({ level: "warn", step: 2 });
    expect(typeof lines[0]?.time).toBe("string");
  });

  it("keeps two concurrent requests apart", async () => {
    const { logger, lines } = capture();
    const run = (id: string, delay: number) =>
      withRequestId(id, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        logger.info({ who: id }, "done");
      });
    await Promise.all([run("req-aaaaaaaa", 10), run("req-bbbbbbbb", 1)]);
    expect(lines.every((line) => line.reqId === line.who)).toBe(true);
  });

  it("takes a sane X-Request-Id from the caller and replaces anything else", () => {
    const ask = (value?: string) =>
      requestIdOf(
        new Request("http://x.test/", { headers: value === undefined ? {} : { "x-request-id": value } }),
      );
    expect(ask("haproxy-7f3a9c1e:42")).toBe("haproxy-7f3a9c1e:42");
    for (const junk of [
      undefined,
      "",
      "short",
      "a b c d e f g h",
      "x".repeat(129),
      'inject"{"level":"fatal"}',
    ]) {
      expect(ask(junk)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("no secrets", () => {
  it("redacts secret fields at any depth and in headers", () => {
    const { logger, raw } = capture();
    logger.info(
      {
        password: PASSWORD,
        user: { email: "a@b.test", password: PASSWORD, token: "tok-secret-123" },
        headers: { authorization: `Bearer ${API_KEY}`, cookie: "next-auth.session-token=abc", "x-ok": "1" },
        config: {
          EMAIL_SERVER: `smtp://mailer:${PASSWORD}@smtp.test:587`,
          DATABASE_URL: "postgres://u:dbpass@h/d",
        },
        apiKey: API_KEY,
      },
      "fields",
    );
    const text = raw.join("");
    for (const secret of [PASSWORD, "tok-secret-123", API_KEY, "abc", "dbpass", "next-auth.session-token"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
    expect(text).toContain('"x-ok":"1"');
    expect(text).toContain("a@b.test");
  });

  it("redacts secret keys deeper than headers, in child bindings, and keeps the rest", () => {
    const { logger, raw } = capture();
    logger
      .child({ reqId: "r1", secret: "binding-secret-1" })
      .info({ a: { b: { c: { password: PASSWORD, signingSecret: "deep-secret-2", kept: "yes" } } } }, "deep");
    const text = raw.join("");
    for (const secret of [PASSWORD, "binding-secret-1", "deep-secret-2"]) expect(text).not.toContain(secret);
    expect(text).toContain('"kept":"yes"');
    expect(text).toContain('"reqId":"r1"');
  });

  it("scrubs secret-shaped text in messages, free-form fields and errors", () => {
    const { logger, raw } = capture();
    logger.error(`connect to smtp://mailer:${PASSWORD}@smtp.test:587 failed`);
    logger.warn({ detail: `key ${API_KEY} was used`, sig: "whsec_abcdef123456" }, "odd key");
    logger.error({ err: new Error(`postgres://app:${PASSWORD}@db.test/app refused`) }, "db");
    logger.info({ note: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig" }, "headers in text");
    const text = raw.join("");
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("Zm9vYmFy");
    expect(text).not.toContain("whsec_abcdef123456");
    expect(text).not.toContain("eyJhbGciOiJIUzI1NiJ9");
    // What identifies the thing stays readable.
    expect(text).toContain("smtp://mailer:[redacted]@smtp.test:587");
    expect(text).toContain("cpk_0a1b2c3d_[redacted]");
  });

  it("scrubs every secret shape in any case (the quick test before the replacements misses none)", () => {
    const shapes: [string, string][] = [
      ["POSTGRES://App:pw-one@db.test/app", "pw-one"],
      ["Smtp://mailer:pw-two@smtp.test", "pw-two"],
      ["BEARER tok.three", "tok.three"],
      ["Basic dXNlcjpwYXNzLWZvdXI=", "dXNlcjpwYXNzLWZvdXI"],
      [`key=${API_KEY}`, "Zm9vYmFy"],
      ["whsec_five5", "five5"],
      ["sk_live_six6", "six6"],
      ["sk_test_seven7", "seven7"],
      ["rk_live_eight8", "eight8"],
      ["rk_test_nine9", "nine9"],
    ];
    for (const [text, secret] of shapes) {
      expect(text).toContain(secret);
      expect(scrubSecrets(text), text).not.toContain(secret);
      expect(scrubSecrets(`before ${text} after`), text).not.toContain(secret);
    }
  });

  it("keeps a field named __proto__ a field, scrubbed, without touching the line's prototype", () => {
    const { logger, raw, lines } = capture();
    const hostile = JSON.parse(
      `{"__proto__": {"password": "${PASSWORD}", "polluted": true}, "ok": 1}`,
    ) as object;
    logger.info({ body: hostile }, "hostile body");
    expect(raw.join("")).not.toContain(PASSWORD);
    expect(lines[0]?.body).toEqual(
      JSON.parse('{"__proto__": {"password": "[redacted]", "polluted": true}, "ok": 1}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("scrubSecrets leaves ordinary text alone", () => {
    const text = "spend refused: insufficient_credits (balance 120, asked 240) at https://app.test/w/x";
    expect(scrubSecrets(text)).toBe(text);
  });
});

describe("the access log's line (logRequest)", () => {
  let previous: ReturnType<typeof createLogger> | undefined;
  beforeEach(() => {
    previous = setLogger(undefined);
  });
  afterEach(() => {
    setLogger(previous);
  });

  /** The process's logger replaced by one writing to `raw`, at `level`. */
  const processLogger = (level: string) => {
    const raw: string[] = [];
    setLogger(createLogger({ write: (line: string) => void raw.push(line) }, level));
    return { raw, logger: getLogger() };
  };
  /** A line with its time taken out (the one field two lines written apart may differ in). */
  const timeless = (text: string) => text.replace(/"time":"[^"]+"/, '"time":"T"');

  const lines: RequestLine[] = [
    { route: "/api/v1/usage", method: "POST", status: 201, ms: 2.3 },
    { route: "/api/v1/holds/[holdId]/settle", method: "POST", status: 409, ms: 0 },
    { route: "other", method: "GET", status: 404, ms: 12_345.6 },
    // Nothing the app passes, but the line must still be JSON and still scrubbed.
    { route: 'a "quoted" \\ route\n', method: `cpk_0a1b2c3d_${"s".repeat(20)}`, status: 500, ms: Number.NaN },
  ];

  it("is, byte for byte but the time, the line pino writes for the same fields, inside a request and out", async () => {
    const { raw, logger } = processLogger("info");
    for (const line of lines) {
      logRequest(line);
      logger.info({ ...line }, "request");
      await withRequestId("req-12345678", () => {
        logRequest(line);
        logger.info({ ...line }, "request");
      });
    }
    expect(raw).toHaveLength(lines.length * 4);
    for (let i = 0; i < raw.length; i += 2) {
      expect(timeless(raw[i] as string)).toBe(timeless(raw[i + 1] as string));
    }
    const parsed = raw.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(parsed[2]).toMatchObject({ reqId: "req-12345678", route: "/api/v1/usage", status: 201, ms: 2.3 });
    expect(parsed[0]?.reqId).toBeUndefined();
    expect(raw.join("")).not.toContain("s".repeat(20));
    expect(new Date(parsed[0]?.time as string).getTime()).not.toBeNaN();
  });

  it("follows the logger's level, as its info lines do", () => {
    const { raw, logger } = processLogger("warn");
    logRequest({ route: "/api/v1/usage", method: "POST", status: 201, ms: 1 });
    expect(raw).toEqual([]);
    logger.level = "info";
    logRequest({ route: "/api/v1/usage", method: "POST", status: 201, ms: 1 });
    expect(raw).toHaveLength(1);
  });
});
