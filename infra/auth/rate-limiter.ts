// A token bucket per client: a principal's subject, or the address of a caller without a token.
// Buckets live in this process's memory, so each process of a deployment limits on its own.

export interface RateLimit {
  /** Requests a client may send at once. */
  burst: number;
  /** Requests a client earns back per second. */
  perSecond: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/** Buckets idle long enough to be full again are dropped past this many clients. */
const MAX_TRACKED_CLIENTS = 50_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit) {}

  take(client: string, nowMs: number): RateDecision {
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, updatedAtMs: nowMs };
    const refilled = Math.min(this.limit.burst, bucket.tokens + ((nowMs - bucket.updatedAtMs) / 1000) * this.limit.perSecond);

    if (refilled < 1) {
      this.buckets.set(client, { tokens: refilled, updatedAtMs: nowMs });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - refilled) / this.limit.perSecond)) };
    }

    this.buckets.set(client, { tokens: refilled - 1, updatedAtMs: nowMs });
    if (this.buckets.size > MAX_TRACKED_CLIENTS) this.forgetFullBuckets(nowMs);
    return { allowed: true };
  }

  private forgetFullBuckets(nowMs: number): void {
    const fullAfterMs = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [client, bucket] of this.buckets) {
      if (nowMs - bucket.updatedAtMs >= fullAfterMs) this.buckets.delete(client);
    }
  }
}
