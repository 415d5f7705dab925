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
  /**
   * A fixed code, not free text, so the log itself never contains clinical detail. Routes declare
   * it (PhiRouteOptions.purpose), so codes beyond AccessPurpose may appear.
   */
  purpose: AccessPurpose | (string & {});
  patientId: string;
  /** The resource read or changed, by id, e.g. "Patient/p-1/Observation". */
  resource: string;
  outcome: 'allowed' | 'denied';
  correlationId: string;
  occurredAt: string;
  /** The route template that was called, never the path (the path may name the patient). */
  route?: string;
  /**
   * The justification given for a break-glass access. It stays readable after the patient's
   * erasure, because it is the evidence a reviewer needs, so callers must not put clinical detail in it.
   */
  breakGlassReason?: string;
  /** 1 for the first entry of the patient's audit stream; equals the entry's stream version. */
  sequence?: number;
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

export interface PatientErasedData {
  patientId: string;
  /** Who asked: the patient themself or an administrator, by id. */
  requestedBy: string;
  requestedByRole: string;
  erasedAt: string;
  /** The read models the patient's rows were purged from. */
  purgedReadModels: string[];
}

export type PatientErased = DomainEvent<'PatientErased', PatientErasedData>;

/** No PHI: the event records that the patient's data key was destroyed, by ids only. */
export const patientErasedDefinition: EventDefinition<'PatientErased'> = {
  type: 'PatientErased',
  schemaVersion: 1,
  phiFields: [],
};

export const identityEventDefinitions: EventDefinition[] = [phiAccessRecordedDefinition, patientErasedDefinition];

/** One audit stream per patient, so appends for different patients never contend for a stream. */
export const auditStream = (patientId: string) => `audit-${patientId}`;

/** The stream of erasure events of one patient. */
export const erasureStream = (patientId: string) => `erasure-${patientId}`;

/** The SHA-256 an entry must carry, over the canonical JSON of everything but its hash. */
export function expectedHashOf(entry: object): string {
  return hashOf(withoutHash(entry));
}

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
