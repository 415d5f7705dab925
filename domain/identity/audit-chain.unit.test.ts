import fc from 'fast-check';

import {
  chainEntry,
  GENESIS_HASH,
  phiAccessRecordedDefinition,
  verifyChain,
  type ChainedEntry,
  type PhiAccessRecordedData,
} from './audit-chain';
import { canonicalJson } from './canonical-json';

function access(overrides: Partial<PhiAccessRecordedData> = {}): PhiAccessRecordedData {
  return {
    actorId: 'clinician-7',
    actorRole: 'nurse-practitioner',
    purpose: 'treatment',
    patientId: 'p-1',
    resource: 'Patient/p-1/Observation',
    outcome: 'allowed',
    correlationId: 'c-1',
    occurredAt: '2026-03-02T14:05:00.000Z',
    ...overrides,
  };
}

function buildChain(entries: PhiAccessRecordedData[]): ChainedEntry[] {
  const chain: ChainedEntry[] = [];
  for (const entry of entries) {
    chain.push(chainEntry(chain.at(-1)?.hash ?? GENESIS_HASH, entry));
  }
  return chain;
}

const chain = buildChain(
  ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'].map((correlationId, index) =>
    access({ correlationId, occurredAt: `2026-03-02T14:0${index}:00.000Z`, outcome: index === 2 ? 'denied' : 'allowed' }),
  ),
);

describe('chainEntry', () => {
  it('links the first entry to genesis', () => {
    const first = chainEntry(GENESIS_HASH, access());

    expect(first.previousHash).toBe('0'.repeat(64));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.actorId).toBe('clinician-7');
  });

  it('hashes the same content the same way', () => {
    const reordered = Object.fromEntries(Object.entries(access()).reverse()) as unknown as PhiAccessRecordedData;

    expect(chainEntry(GENESIS_HASH, reordered).hash).toBe(chainEntry(GENESIS_HASH, access()).hash);
  });

  it('hashes over the previous hash', () => {
    expect(chainEntry('f'.repeat(64), access()).hash).not.toBe(chainEntry(GENESIS_HASH, access()).hash);
  });

  it('ignores a hash already on the entry', () => {
    const first = chainEntry(GENESIS_HASH, access());

    expect(chainEntry(GENESIS_HASH, first).hash).toBe(first.hash);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
  });

  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('canonical JSON cannot represent the number NaN');
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain)).toEqual({ valid: true, count: 5 });
  });

  it('accepts an empty chain', () => {
    expect(verifyChain([])).toEqual({ valid: true, count: 0 });
  });

  const forgedLinked = (at: number): ChainedEntry =>
    chainEntry(at === 0 ? GENESIS_HASH : chain[at - 1].hash, access({ actorId: 'intruder', correlationId: 'forged' }));

  const tamperings: { name: string; tampered: () => ChainedEntry[]; brokenAt: number; reason: RegExp }[] = [
    { name: 'edited field', tampered: () => chain.with(2, { ...chain[2], outcome: 'allowed' }), brokenAt: 2, reason: /content was changed/ },
    { name: 'edited first entry', tampered: () => chain.with(0, { ...chain[0], actorId: 'someone-else' }), brokenAt: 0, reason: /content was changed/ },
    { name: 'edited hash', tampered: () => chain.with(3, { ...chain[3], hash: 'a'.repeat(64) }), brokenAt: 3, reason: /content was changed/ },
    { name: 'edited previousHash', tampered: () => chain.with(1, { ...chain[1], previousHash: 'b'.repeat(64) }), brokenAt: 1, reason: /does not link to entry 0/ },
    { name: 'deleted entry', tampered: () => chain.toSpliced(2, 1), brokenAt: 2, reason: /does not link to entry 1/ },
    { name: 'deleted first entry', tampered: () => chain.slice(1), brokenAt: 0, reason: /does not link to the genesis hash/ },
    { name: 'swapped entries', tampered: () => [chain[0], chain[2], chain[1], chain[3], chain[4]], brokenAt: 1, reason: /does not link to entry 0/ },
    { name: 'reversed chain', tampered: () => chain.toReversed(), brokenAt: 0, reason: /genesis hash/ },
    { name: 'inserted linked forgery', tampered: () => chain.toSpliced(3, 0, forgedLinked(3)), brokenAt: 3, reason: /entry 3 was inserted/ },
    { name: 'inserted forgery at start', tampered: () => chain.toSpliced(0, 0, forgedLinked(0)), brokenAt: 0, reason: /entry 0 was inserted/ },
    {
      name: 'inserted unlinked forgery',
      tampered: () => chain.toSpliced(2, 0, chainEntry('c'.repeat(64), access({ correlationId: 'forged' }))),
      brokenAt: 2,
      reason: /does not link to entry 1/,
    },
  ];

  it.each(tamperings)('detects $name', ({ tampered, brokenAt, reason }) => {
    const result = verifyChain(tampered());

    expect(result).toEqual({ valid: false, brokenAt, reason: expect.stringMatching(reason) });
  });
});

describe('verifyChain with anchor', () => {
  const headHash = chain[4].hash;

  it('accepts the anchored head', () => {
    expect(verifyChain(chain, { headHash })).toEqual({ valid: true, count: 5 });
  });

  it('detects a cut tail', () => {
    expect(verifyChain(chain.slice(0, 3), { headHash })).toEqual({ valid: false, brokenAt: 3, reason: expect.stringMatching(/entries from 3 on are missing/) });
  });

  it('detects an appended forgery', () => {
    const forged = chainEntry(headHash, access({ actorId: 'intruder' }));

    expect(verifyChain([...chain, forged], { headHash })).toEqual({ valid: false, brokenAt: 5, reason: expect.stringMatching(/appended after the anchored head/) });
  });

  it('detects an emptied log', () => {
    expect(verifyChain([], { headHash })).toEqual({ valid: false, brokenAt: 0, reason: expect.stringMatching(/entries from 0 on are missing/) });
  });
});

describe('PhiAccessRecorded definition', () => {
  it('declares no PHI fields', () => {
    expect(phiAccessRecordedDefinition).toEqual({ type: 'PhiAccessRecorded', schemaVersion: 1, phiFields: [] });
  });
});

describe('verifyChain properties', () => {
  const accessArbitrary: fc.Arbitrary<PhiAccessRecordedData> = fc.record({
    actorId: fc.string({ minLength: 1, maxLength: 8 }),
    actorRole: fc.constantFrom('physician', 'nurse', 'navigator', 'clerk'),
    purpose: fc.constantFrom('treatment', 'care-coordination', 'patient-request', 'quality-improvement', 'legal-obligation'),
    patientId: fc.uuid(),
    resource: fc.string({ maxLength: 12 }),
    outcome: fc.constantFrom('allowed', 'denied'),
    correlationId: fc.uuid(),
    occurredAt: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  });

  type Tampering =
    | { kind: 'edit'; index: number; field: keyof PhiAccessRecordedData | 'previousHash' | 'hash'; value: string }
    | { kind: 'delete'; index: number }
    | { kind: 'swap'; index: number }
    | { kind: 'insert'; index: number; forged: PhiAccessRecordedData; linked: boolean };

  const fields = ['actorId', 'actorRole', 'purpose', 'patientId', 'resource', 'outcome', 'correlationId', 'occurredAt', 'previousHash', 'hash'] as const;

  function tamperingFor(length: number): fc.Arbitrary<Tampering> {
    const index = fc.nat({ max: length - 1 });
    // A deletion of the last entry is visible only through an anchor, which the anchor tests cover.
    const options: fc.Arbitrary<Tampering>[] = [
      fc.record({ kind: fc.constant('edit' as const), index, field: fc.constantFrom(...fields), value: fc.string({ maxLength: 10 }) }),
      fc.record({ kind: fc.constant('insert' as const), index, forged: accessArbitrary, linked: fc.boolean() }),
    ];
    if (length >= 2) {
      options.push(fc.record({ kind: fc.constant('delete' as const), index: fc.nat({ max: length - 2 }) }));
      options.push(fc.record({ kind: fc.constant('swap' as const), index: fc.nat({ max: length - 2 }) }));
    }
    return fc.oneof(...options);
  }

  function apply(entries: ChainedEntry[], tampering: Tampering): ChainedEntry[] | undefined {
    switch (tampering.kind) {
      case 'edit': {
        const edited = { ...entries[tampering.index], [tampering.field]: tampering.value };
        return edited[tampering.field] === entries[tampering.index][tampering.field] ? undefined : entries.with(tampering.index, edited);
      }
      case 'delete':
        return entries.toSpliced(tampering.index, 1);
      case 'swap':
        return entries.toSpliced(tampering.index, 2, entries[tampering.index + 1], entries[tampering.index]);
      case 'insert': {
        const previousHash = tampering.linked ? (entries[tampering.index - 1]?.hash ?? GENESIS_HASH) : 'e'.repeat(64);
        return entries.toSpliced(tampering.index, 0, chainEntry(previousHash, tampering.forged));
      }
    }
  }

  it('accepts every untouched chain', () => {
    fc.assert(
      fc.property(fc.array(accessArbitrary, { maxLength: 12 }), (entries) => {
        expect(verifyChain(buildChain(entries))).toEqual({ valid: true, count: entries.length });
      }),
    );
  });

  it('reports the first tampered index', () => {
    const scenario = fc
      .array(accessArbitrary, { minLength: 1, maxLength: 12 })
      .chain((entries) => fc.record({ entries: fc.constant(entries), tampering: tamperingFor(entries.length) }));

    fc.assert(
      fc.property(scenario, ({ entries, tampering }) => {
        const tampered = apply(buildChain(entries), tampering);
        fc.pre(tampered !== undefined);

        expect(verifyChain(tampered)).toEqual({ valid: false, brokenAt: tampering.index, reason: expect.any(String) });
      }),
      { numRuns: 500 },
    );
  });
});
