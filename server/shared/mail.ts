// Outgoing e-mail (the daily alert digests) through nodemailer, over the SMTP server of the config (SMTP_URL). One
// transport per process; tests point SMTP_URL at a local smtp-server they start. Nothing here knows what is sent:
// callers keep personal data out of what leaves the system.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { config } from '../config';

let transport: Transporter | null = null;
let transportUrl: string | null = null;

export function mailConfigured(): boolean {
  return config().mail.smtpUrl !== null;
}

/** Tests only: use this SMTP server instead of the config's (null: back to the config). */
let override: string | null = null;
export function useSmtpUrl(url: string | null): void {
  override = url;
}

function transporter(): Transporter {
  const url = override ?? config().mail.smtpUrl;
  if (!url) throw new Error('Chưa cấu hình máy chủ thư (SMTP_URL)');
  if (!transport || transportUrl !== url) {
    transport?.close();
    // a local test server has a self-signed certificate, if any; a real one is checked
    const options: SMTPTransport.Options = {
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    };
    transport = nodemailer.createTransport(options);
    transportUrl = url;
  }
  return transport;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one message; its Message-ID, or an error (the caller's job retries). */
export async function sendMail(m: OutgoingMail): Promise<string> {
  const info = (await transporter().sendMail({ from: config().mail.from, ...m })) as { messageId: string };
  return info.messageId;
}

export function mailReady(): boolean {
  return override !== null || mailConfigured();
}
