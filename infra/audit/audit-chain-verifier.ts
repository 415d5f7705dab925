import { auditStream, expectedHashOf, GENESIS_HASH } from '../../domain/identity/audit-chain';
import type { EventStore, StoredEvent } from '../event-store/event-store.port';
import { liveSchema } from '../../projections/runner/projection';
import { sqlStateOf, toBigInt, type SqlClient } from '../sql/sql-client';
import { auditAccessesProjection } from './audit-accesses.projection';

// Checks the hash chain of patients' audit streams as stored, and names the first broken link.
// A deleted or reordered entry breaks the link into the entry after it; an edited entry no longer
// matches its own hash.

// Entries cut from the end leave an unbroken chain, so the stream's length is also checked against
// two records kept apart from the events: the stream's version in es_streams, and the highest
// sequence in the auditor's index (audit_accesses).

// NOTE: an administrator who cuts the events and also lowers both of those records can still
// shorten a stream undetected. Only a head hash kept outside the database would catch that.

const AUDIT_STREAM_PREFIX = auditStream('');
/** PostgreSQL's SQLSTATE for a table that does not exist. */
const UNDEFINED_TABLE = '42P01';

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
    return this.checkTail(patientId, verifyEntries(streamId, events), events);
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
      const events = await this.store.readStream(streamId);
      const report = await this.checkTail(streamId.slice(AUDIT_STREAM_PREFIX.length), verifyEntries(streamId, events), events);
      if (!report.valid) broken.push(report);
    }
    return { streams: rows.length, broken };
  }

  // A valid chain that is shorter than the stream's version, or than the index's highest
  // sequence, lost entries at its end.
  private async checkTail(patientId: string, report: ChainReport, events: StoredEvent[]): Promise<ChainReport> {
    if (!report.valid) return report;

    const { rows } = await this.sql.query<{ version: unknown }>('select version from es_streams where stream_id = $1', [report.streamId]);
    const version = rows[0] ? Number(toBigInt(rows[0].version)) : 0;
    const indexed = await this.highestIndexedSequence(patientId);
    const lastHash = (events[events.length - 1]?.data as StoredEntry | undefined)?.hash ?? GENESIS_HASH;

    for (const [expected, source] of [
      [version, `the stream's version is ${version}`],
      [indexed, `the auditor's index holds entry ${indexed}`],
    ] as const) {
      if (expected > events.length) {
        return broken(report.streamId, events.length, {
          sequence: events.length + 1,
          expectedHash: lastHash,
          foundHash: 'none',
          reason: `entries ${events.length + 1} to ${expected} are missing from the end, but ${source}: entries were deleted`,
        });
      }
    }
    return report;
  }

  private async highestIndexedSequence(patientId: string): Promise<number> {
    try {
      const { rows } = await this.sql.query<{ highest: unknown }>(
        `select max(sequence) as highest from ${liveSchema(auditAccessesProjection)}.accesses where patient_id = $1`,
        [patientId],
      );
      return rows[0]?.highest === null || rows[0]?.highest === undefined ? 0 : Number(toBigInt(rows[0].highest));
    } catch (error) {
      // A store without the auditor's index (a tool run on the events alone) checks the version only.
      if (sqlStateOf(error) === UNDEFINED_TABLE) return 0;
      throw error;
    }
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
