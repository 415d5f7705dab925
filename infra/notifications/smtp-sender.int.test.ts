import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

import { PermanentDeliveryError } from './delivery.port';
import { SmtpSender } from './smtp-sender';

// The e-mail adapter against an SMTP server on 127.0.0.1 that keeps what it receives.

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

let server: SMTPServer;
let port: number;
const mails: ReceivedMail[] = [];
let refuseRecipient = false;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refuseRecipient) {
        const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  mails.length = 0;
  refuseRecipient = false;
});

function sender() {
  return new SmtpSender({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'no-reply@ohip.example.test', messageIdDomain: 'ohip.example.test' });
}

const delivery = {
  idempotencyKey: 'escalation/plan-1.3:news2',
  channel: 'email' as const,
  to: 'care-team@clinic.example.test',
  subject: 'Alerte de suivi à distance (critical)',
  body: 'Le suivi du patient p-1 demande un rappel urgent.',
  language: 'fr' as const,
};

describe('SmtpSender', () => {
  it('delivers the message with a Message-ID derived from the idempotency key', async () => {
    const smtp = sender();
    const receipt = await smtp.send(delivery);
    smtp.close();

    expect(receipt).toEqual({ provider: 'smtp', providerMessageId: '<escalation%2Fplan-1.3%3Anews2@ohip.example.test>', delivered: false });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.from).toBe('no-reply@ohip.example.test');
    expect(mails[0]!.to).toEqual(['care-team@clinic.example.test']);
    expect(mails[0]!.raw).toContain('Message-ID: <escalation%2Fplan-1.3%3Anews2@ohip.example.test>');
    expect(mails[0]!.raw).toContain('Content-Language: fr-CA');
    expect(mails[0]!.raw).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('reports a refused mailbox as a permanent failure', async () => {
    refuseRecipient = true;
    const smtp = sender();

    await expect(smtp.send(delivery)).rejects.toThrow(PermanentDeliveryError);
    smtp.close();
    expect(mails).toHaveLength(0);
  });
});
