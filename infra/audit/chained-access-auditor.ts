import { randomUUID } from 'node:crypto';

import type { OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

import { auditStream, chainEntry, GENESIS_HASH, type PhiAccessRecordedData } from '../../domain/identity/audit-chain';
import type { AccessAuditor, AccessEntry } from '../auth/phi-route';
import { WrongExpectedVersionError, type EventStore, type NewEvent } from '../event-store/event-store.port';

// Appends every access to PHI, allowed or denied, to the patient's hash-chained audit stream.
// Accesses queued in the same turn of the event loop (or within flushDelayMs) are appended
// together, one append per patient stream per flush, and the SQL store commits the appends of
// different patients that wait together in one transaction. record() resolves only once its
// entry is stored, and the interceptor awaits it before the response is sent, so no access of an
// accepted response is lost on a crash.

/** How long the first entry of a batch waits for others; 0 flushes on the next turn of the event loop. */
const DEFAULT_FLUSH_DELAY_MS = 0;
const MAX_CONFLICT_RETRIES = 5;

interface StreamHead {
  version: bigint;
  hash: string;
}

interface QueuedEntry {
  entry: AccessEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class ChainedAccessAuditor implements AccessAuditor, OnApplicationShutdown {
  private readonly queue = new Map<string, QueuedEntry[]>();
  private readonly heads = new Map<string, StreamHead>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private flushScheduled = false;

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
    private readonly flushDelayMs = DEFAULT_FLUSH_DELAY_MS,
  ) {}

  record(entry: AccessEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      const queued = this.queue.get(entry.patientId) ?? [];
      queued.push({ entry, resolve, reject });
      this.queue.set(entry.patientId, queued);
      this.scheduleFlush();
    });
  }

  /** Appends everything queued now; resolves when those appends have finished. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.inFlight.values()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    if (this.flushDelayMs === 0) {
      setImmediate(() => this.flush());
    } else {
      setTimeout(() => this.flush(), this.flushDelayMs);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batches = [...this.queue.entries()];
    this.queue.clear();

    for (const [patientId, entries] of batches) {
      // Appends to one stream wait for the previous one, so each links to a known head.
      const previous = this.inFlight.get(patientId) ?? Promise.resolve();
      const next = previous.then(() => this.appendBatch(patientId, entries));
      this.inFlight.set(patientId, next);
      void next.finally(() => {
        if (this.inFlight.get(patientId) === next) this.inFlight.delete(patientId);
      });
    }
  }

  private async appendBatch(patientId: string, entries: QueuedEntry[]): Promise<void> {
    try {
      await this.appendLinked(patientId, entries.map((queued) => queued.entry));
      for (const queued of entries) queued.resolve();
    } catch (error) {
      this.logger.error({ err: error, patientId, entries: entries.length }, 'PHI access entries could not be stored');
      for (const queued of entries) queued.reject(error);
    }
  }

  // Another process may append to the same stream. The expected version catches that, and the
  // batch is then linked again behind the stream's new head.
  private async appendLinked(patientId: string, entries: AccessEntry[]): Promise<void> {
    const streamId = auditStream(patientId);
    for (let attempt = 0; ; attempt++) {
      const head = this.heads.get(streamId) ?? (await this.readHead(streamId));
      const events = linkEntries(head, entries);
      try {
        const result = await this.store.appendToStream(streamId, events, head.version);
        this.heads.set(streamId, { version: result.nextExpectedVersion, hash: lastHash(events) });
        return;
      } catch (error) {
        this.heads.delete(streamId);
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw error;
        }
      }
    }
  }

  private async readHead(streamId: string): Promise<StreamHead> {
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) {
      return { version: 0n, hash: GENESIS_HASH };
    }
    return { version: last.streamVersion, hash: (last.data as { hash: string }).hash };
  }
}

function linkEntries(head: StreamHead, entries: AccessEntry[]): NewEvent[] {
  let previousHash = head.hash;
  return entries.map((entry, index) => {
    const linked = chainEntry(previousHash, toEventData(entry, Number(head.version) + index + 1));
    previousHash = linked.hash;
    return {
      eventId: randomUUID(),
      type: 'PhiAccessRecorded',
      schemaVersion: 1,
      data: linked,
      correlationId: entry.correlationId,
      causationId: null,
      actor: { id: entry.actor, role: entry.role },
    };
  });
}

function toEventData(entry: AccessEntry, sequence: number): PhiAccessRecordedData {
  const data: PhiAccessRecordedData = {
    actorId: entry.actor,
    actorRole: entry.role,
    purpose: entry.purpose,
    patientId: entry.patientId,
    resource: entry.resource,
    outcome: entry.result,
    correlationId: entry.correlationId,
    occurredAt: entry.accessedAt,
    route: entry.route,
    sequence,
  };
  if (entry.breakGlassReason !== undefined) {
    data.breakGlassReason = entry.breakGlassReason;
  }
  return data;
}

function lastHash(events: NewEvent[]): string {
  return (events[events.length - 1]!.data as { hash: string }).hash;
}

/** An auditor that stores nothing, for measuring what auditing costs (OHIP_PHI_AUDIT=false). */
export class DisabledAccessAuditor implements AccessAuditor {
  async record(): Promise<void> {}
}
