// A real mail server for tests (smtp-server on 127.0.0.1, port 0 the first time) that keeps every
// message it receives, parsed by mailparser: subject, plain text, Message-ID, recipients and
// attachments. It can be stopped and started again on the same port (a mail server going down).
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  messageId: string;
  attachments: { filename: string; bytes: Buffer }[];
}

export class MailCatcher {
  readonly mails: Mail[] = [];
  private server: SMTPServer | null = null;
  private port = 0;

  /** smtp://127.0.0.1:<port>, once started. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream).then(
          (m) => {
            this.mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: m.subject ?? '',
              text: (m.text ?? '').replace(/\r\n/g, '\n'),
              messageId: m.messageId ? `<${m.messageId.replace(/^<|>$/g, '')}>` : '',
              attachments: m.attachments.map((a) => ({ filename: a.filename ?? '', bytes: a.content })),
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
