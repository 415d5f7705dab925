import { auditStream, expectedHashOf, GENESIS_HASH } from '../../domain/identity/audit-chain';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';
import type { SqlClient } from '../sql/sql-client';

// Checks the hash chain of patients' audit streams as stored, and names the first broken link.
// A deleted or reordered entry breaks the link into the entry after it; an edited entry no longer
// matches its own hash.

// NOTE: entries cut from the end of a stream go unnoticed, because no head hash is kept apart from
// the events table; an administrator who can delete rows can also truncate the log undetected.

export interface BrokenLink {
  streamId: string;
  /** The sequence the broken entry claims, or its place in the stream when it claims none. */
  sequence: number;
  /** The hash the entry should carry: the previous entry's hash, or its own recomputed hash. */
  expectedHash: string;
  foundHash: string;
  reason: string;
}

export interface ChainReport {
  streamId: string;
  entries: number;
  valid: boolean;
  brokenLink?: BrokenLink;
}

interface StoredEntry {
  sequence?: number;
  previousHash?: string;
  hash?: string;
}

export class AuditChainVerifier {
  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
  ) {}

  async verifyPatient(patientId: string): Promise<ChainReport> {
    const streamId = auditStream(patientId);
    const events = await this.store.readStream(streamId);
    return verifyEntries(streamId, events);
  }

  /**
   * Verifies every patient's audit stream; returns the broken ones, and how many were checked. The
   * streams are listed from es_streams, so this works on the SQL event stores only.
   */
  async verifyAll(): Promise<{ streams: number; broken: ChainReport[] }> {
    const { rows } = await this.sql.query<{ stream_id: string }>(
      `select stream_id from es_streams where stream_id like 'audit-%' order by stream_id`,
    );
    const broken: ChainReport[] = [];
    for (const { stream_id: streamId } of rows) {
      const report = verifyEntries(streamId, await this.store.readStream(streamId));
      if (!report.valid) broken.push(report);
    }
    return { streams: rows.length, broken };
  }
}

export function verifyEntries(streamId: string, events: StoredEvent[]): ChainReport {
  let previousHash = GENESIS_HASH;

  for (const [index, event] of events.entries()) {
    const entry = event.data as StoredEntry;
    const sequence = entry.sequence ?? index + 1;

    if (entry.previousHash !== previousHash) {
      return broken(streamId, events.length, {
        sequence,
        expectedHash: previousHash,
        foundHash: String(entry.previousHash),
        reason: `entry ${sequence} does not link to ${index === 0 ? 'the genesis hash' : `entry ${index}`}: an entry before it was deleted, moved or changed`,
      });
    }

    const recomputed = expectedHashOf(entry);
    if (entry.hash !== recomputed) {
      return broken(streamId, events.length, {
        sequence,
        expectedHash: recomputed,
        foundHash: String(entry.hash),
        reason: `entry ${sequence} does not match its hash: its content was changed`,
      });
    }

    if (entry.sequence !== undefined && entry.sequence !== index + 1) {
      return broken(streamId, events.length, {
        sequence,
        expectedHash: previousHash,
        foundHash: entry.previousHash,
        reason: `entry ${sequence} is stored at place ${index + 1}: entries were deleted or moved`,
      });
    }
    previousHash = entry.hash;
  }
  return { streamId, entries: events.length, valid: true };
}

function broken(streamId: string, entries: number, link: Omit<BrokenLink, 'streamId'>): ChainReport {
  return { streamId, entries, valid: false, brokenLink: { streamId, ...link } };
}
