import "server-only";
import nodemailer from "nodemailer";
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

let transport: nodemailer.Transporter | undefined;

/** Sends an email through SMTP when configured; returns false (and sends nothing) otherwise. */
export async function sendMail(mail: Mail): Promise<boolean> {
  if (!env.EMAIL_SERVER || !env.EMAIL_FROM) return false;
  transport ??= nodemailer.createTransport(env.EMAIL_SERVER);
  await transport.sendMail({ from: env.EMAIL_FROM, ...mail });
  return true;
}
