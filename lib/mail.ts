import "server-only";
import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "@/lib/env";

export type Mail = {
  to: string;
  subject: string;
  text: string;
  /** A stable Message-ID (e.g. from an outbox row), so a resend after a crash can be recognised. */
  messageId?: string;
};

/** Whether outgoing email is configured (EMAIL_SERVER and EMAIL_FROM). */
export function isMailConfigured(): boolean {
  return Boolean(env.EMAIL_SERVER && env.EMAIL_FROM);
}

/** Sends one message; throws when the server refuses it or can't be reached. */
export type SmtpSend = (mail: Mail) => Promise<void>;

/** How long a send may take in all: an SMTP server that stops answering is a failed attempt. */
const SMTP_TIMEOUT_MS = 30_000;

/**
 * A sender through the SMTP server at `url` (smtp://user:password@host:port, or smtps://). Its
 * credentials stay inside the transport: nodemailer's own logging is off, and its errors name the
 * server's reply (`Invalid login: 535 ...`), never the password.
 */
export function createSmtpSender(url: string, from: string): SmtpSend {
  const transport = nodemailer.createTransport(
    // The URL's settings win over these defaults (nodemailer merges them so).
    new SMTPTransport({
      url,
      logger: false,
      debug: false,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    }),
  );
  return async (mail) => {
    await transport.sendMail({ from, ...mail });
  };
}

let send: SmtpSend | undefined;

/** Sends an email through SMTP when configured; returns false (and sends nothing) otherwise. */
export async function sendMail(mail: Mail): Promise<boolean> {
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM) return false;
  send ??= createSmtpSender(env.EMAIL_SERVER, env.EMAIL_FROM);
  await send(mail);
  return true;
}
