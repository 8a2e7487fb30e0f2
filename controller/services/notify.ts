// Sending messages out of the controller: mail over SMTP (nodemailer, configured by SMTP_URL and
// ALERT_EMAIL_FROM) and JSON webhooks (a chat bot). The alerts use both; the scheduled reports reuse
// the mailer (services.mailer). Neither retries by itself: the caller keeps what is pending.
import nodemailer from 'nodemailer';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MailMessage {
  to: string | readonly string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** A stable Message-ID: a mail sent twice (a retry after a crash) is recognised as one by mail clients. */
  messageId?: string;
}

export interface Mailer {
  /** Sends one mail; rejects when the server refuses it or cannot be reached. */
  sendMail(message: MailMessage): Promise<void>;
}

/** How long a mail server may take: a dead server must not hold an alert back for minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export function createMailer(opts: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({ url: opts.smtpUrl, ...SMTP_TIMEOUTS } as Parameters<typeof nodemailer.createTransport>[0], { from: opts.from });
  return {
    async sendMail(m) {
      await transport.sendMail({
        to: [m.to].flat().join(', '),
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(m.attachments ? { attachments: m.attachments.map((a) => ({ filename: a.filename, content: a.content, ...(a.contentType ? { contentType: a.contentType } : {}) })) } : {}),
        ...(m.messageId ? { messageId: m.messageId } : {}),
      });
    },
  };
}

export interface WebhookSender {
  /** POSTs JSON; rejects unless the receiver answers 2xx within the timeout. */
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<void>;
}

export const fetchWebhook: WebhookSender = {
  async post(url, body, headers = {}) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'LEDGate alerts', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
      redirect: 'error',
    });
    // Read (and drop) the body so the connection is freed.
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  },
};

/** Text made safe inside HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
