// A local SMTP server (the smtp-server package) for the delivery tests: it asks for a login, keeps
// every message it accepts (envelope and raw text), and refuses the next messages with the codes it
// is given (451: try later; 550: refused). It can stop and start again on the same port (a server
// that is down, then back).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type Accepted = { from: string; to: string[]; raw: string; at: number };

export async function startSmtpReceiver(credentials: { user: string; pass: string }) {
  const accepted: Accepted[] = [];
  const refusals: number[] = [];
  let refused = 0;
  let logins = 0;
  const make = () =>
    new SMTPServer({
      logger: false,
      secure: false,
      // Plain text on loopback: no certificate to trust in a test.
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      onAuth(auth, _session, callback) {
        logins += 1;
        if (auth.username === credentials.user && auth.password === credentials.pass) {
          callback(null, { user: auth.username });
          return;
        }
        callback(Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const code = refusals.shift();
          if (code) {
            refused += 1;
            const message = code >= 500 ? "Mailbox unavailable" : "Try again later";
            callback(Object.assign(new Error(message), { responseCode: code }));
            return;
          }
          accepted.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString("utf8"),
            at: Date.now(),
          });
          callback(null, "Queued");
        });
      },
    });
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    accepted,
    /** The next messages get these codes instead of 250, in order. */
    refuseNext: (...codes: number[]) => refusals.push(...codes),
    refusedCount: () => refused,
    loginCount: () => logins,
    /** Stops answering: connections are refused until `start`. */
    stop: close,
    start: async () => {
      server = make();
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close,
  };
}

/** One header's value from a raw message (unfolded). */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
