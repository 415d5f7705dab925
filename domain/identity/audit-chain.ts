import { createHash } from 'node:crypto';

import type { DomainEvent, EventDefinition } from '../shared/events';
import { canonicalJson } from './canonical-json';

// A tamper-evident log of who accessed which patient's PHI, and whether they were let in. Each
// entry carries the SHA-256 of its content plus the previous entry's hash, so deleting, editing,
// reordering or inserting an entry breaks a link that verifyChain finds.

export type AccessPurpose = 'treatment' | 'care-coordination' | 'patient-request' | 'quality-improvement' | 'legal-obligation';

export interface PhiAccessRecordedData {
  actorId: string;
  actorRole: string;
  /** A fixed code, not free text, so the log itself never contains clinical detail. */
  purpose: AccessPurpose;
  patientId: string;
  /** The resource read or changed, by id, e.g. "Patient/p-1/Observation". */
  resource: string;
  outcome: 'allowed' | 'denied';
  correlationId: string;
  occurredAt: string;
}

export type PhiAccessRecorded = DomainEvent<'PhiAccessRecorded', PhiAccessRecordedData>;

/**
 * No PHI fields. The data contains ids and fixed codes only, never names or clinical content.
 * The log is also the evidence of who accessed a record, which must outlive the erasure of that
 * record. Encrypting it under the patient's data key would erase the evidence along with the PHI.
 */
export const phiAccessRecordedDefinition: EventDefinition<'PhiAccessRecorded'> = {
  type: 'PhiAccessRecorded',
  schemaVersion: 1,
  phiFields: [],
};

export const identityEventDefinitions: EventDefinition[] = [phiAccessRecordedDefinition];

/** The previousHash of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedEntry<Entry extends object = PhiAccessRecordedData> = Entry & {
  previousHash: string;
  hash: string;
};

export type ChainVerification = { valid: true; count: number } | { valid: false; brokenAt: number; reason: string };

/** Links `entry` after the entry whose hash is `previousHash` (GENESIS_HASH for the first one). */
export function chainEntry<Entry extends object>(previousHash: string, entry: Entry): ChainedEntry<Entry> {
  const linked = { ...withoutHash(entry), previousHash };
  return { ...linked, hash: hashOf(linked) } as ChainedEntry<Entry>;
}

/**
 * Checks every link and every hash, and names the first broken index. A deleted or reordered
 * entry breaks the link into its position. An inserted entry that links correctly to its
 * predecessor is found because the next entry links past it. Without `anchor`, entries cut from
 * the end, or forged and appended, go unnoticed; pass the head hash stored apart from the log to
 * catch them.
 */
export function verifyChain(entries: readonly ChainedEntry<object>[], anchor?: { headHash: string }): ChainVerification {
  for (let index = 0; index < entries.length; index++) {
    const broken = checkEntry(entries, index);
    if (broken) {
      return { valid: false, ...broken };
    }
  }

  if (anchor) {
    const broken = checkAnchor(entries, anchor.headHash);
    if (broken) {
      return { valid: false, ...broken };
    }
  }
  return { valid: true, count: entries.length };
}

interface BrokenLink {
  brokenAt: number;
  reason: string;
}

function checkEntry(entries: readonly ChainedEntry<object>[], index: number): BrokenLink | undefined {
  const entry = entries[index];

  if (entry.previousHash !== expectedPreviousHash(entries, index)) {
    // Linking to the entry two places back means the one in between was slipped in.
    if (index > 0 && entry.previousHash === expectedPreviousHash(entries, index - 1)) {
      return { brokenAt: index - 1, reason: `entry ${index - 1} was inserted: entry ${index} links to the entry before it` };
    }
    return {
      brokenAt: index,
      reason: `entry ${index} does not link to ${index === 0 ? 'the genesis hash' : `entry ${index - 1}`}: an entry before it was deleted, moved or changed`,
    };
  }

  if (entry.hash !== hashOf(withoutHash(entry))) {
    return { brokenAt: index, reason: `entry ${index} does not match its hash: its content was changed` };
  }
  return undefined;
}

function checkAnchor(entries: readonly ChainedEntry<object>[], headHash: string): BrokenLink | undefined {
  const last = entries.at(-1);
  if (last?.hash === headHash) {
    return undefined;
  }

  const headIndex = entries.findIndex((entry) => entry.hash === headHash);
  if (headIndex >= 0) {
    return { brokenAt: headIndex + 1, reason: `entries from ${headIndex + 1} on were appended after the anchored head` };
  }
  return { brokenAt: entries.length, reason: `the chain ends before the anchored head: entries from ${entries.length} on are missing` };
}

function expectedPreviousHash(entries: readonly ChainedEntry<object>[], index: number): string {
  return index === 0 ? GENESIS_HASH : entries[index - 1].hash;
}

function hashOf(linked: object): string {
  return createHash('sha256').update(canonicalJson(linked), 'utf8').digest('hex');
}

function withoutHash<Entry extends object>(entry: Entry): Omit<Entry, 'hash'> {
  const { hash: _hash, ...rest } = entry as Entry & { hash?: unknown };
  return rest;
}
