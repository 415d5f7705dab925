// A ride partner's health API on 127.0.0.1 for tests: it checks each request's API key and
// Idempotency-Key, books a ride once per key (a repeated key gets the first answer) and counts
// the calls. Rides whose id contains `failMarker` are turned down with no_capacity.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PartnerCall {
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export class LocalRidePartner {
  readonly calls: PartnerCall[] = [];
  /** First answer per idempotency key: what a partner that honours keys returns again. */
  readonly answers = new Map<string, { status: string; reference?: string }>();
  readonly cancelled = new Set<string>();
  /** Replaces the answer for the next booking requests, to test status mapping. */
  forcedAnswer: { httpStatus: number; body: Record<string, unknown> } | undefined;
  private server: Server | undefined;

  constructor(
    readonly apiKey: string,
    private readonly failMarker: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.calls.length = 0;
    this.answers.clear();
    this.cancelled.clear();
  }

  callsPerKey(path = '/v1/rides'): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls.filter((each) => each.path === path)) {
      counts.set(call.idempotencyKey ?? '', (counts.get(call.idempotencyKey ?? '') ?? 0) + 1);
    }
    return counts;
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const call: PartnerCall = {
      path: request.url ?? '',
      idempotencyKey: header(request, 'idempotency-key'),
      authorization: header(request, 'authorization'),
      body,
    };
    this.calls.push(call);

    if (call.authorization !== `Bearer ${this.apiKey}`) return { status: 401, body: { error: 'invalid API key' } };
    if (!call.idempotencyKey) return { status: 400, body: { error: 'Idempotency-Key header missing' } };
    if (call.path.endsWith('/cancel')) {
      this.cancelled.add(call.idempotencyKey);
      return { status: 200, body: { status: 'cancelled' } };
    }
    if (call.path !== '/v1/rides' || request.method !== 'POST') return { status: 404, body: { error: 'not found' } };
    if (this.forcedAnswer) return { status: this.forcedAnswer.httpStatus, body: this.forcedAnswer.body };

    const known = this.answers.get(call.idempotencyKey);
    if (known) return { status: 200, body: known };
    const rideId = String(body.rideId);
    const answer = rideId.includes(this.failMarker) ? { status: 'no_capacity' } : { status: 'confirmed', reference: `HR-${this.answers.size + 1}` };
    this.answers.set(call.idempotencyKey, answer);
    return { status: 201, body: answer };
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
