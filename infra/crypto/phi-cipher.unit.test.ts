import { randomBytes } from 'node:crypto';

import fc from 'fast-check';

import type { EventDefinition } from '../../domain/shared/events';
import { InMemoryPatientKeyStore } from './in-memory-patient-key-store';
import { PhiCipher, PhiDecryptionError, type PhiEnvelope } from './phi-cipher';
import { PatientDataErasedError, type DataKey, type PatientKeyStore } from './patient-key-store';
import { replaceAtPhiPath } from './phi-paths';

const registered: EventDefinition = {
  type: 'PatientRegistered',
  schemaVersion: 1,
  phiFields: ['name.family', 'name.given[]', 'birthDate', 'contacts[].phone', 'address'],
};

const patientData = {
  patientId: 'p-1',
  name: { family: 'Tremblay', given: ['Marie', 'Josée'] },
  birthDate: '1961-04-12',
  contacts: [{ kind: 'home', phone: '+1 416 555 0101' }, { kind: 'cell', phone: null }],
  address: { line: ['12 Rue Principale'], city: 'Hearst', postalCode: 'P0L 1N0' },
  preferredLanguage: 'fr',
};

function newCipher(): { cipher: PhiCipher; keys: InMemoryPatientKeyStore } {
  const keys = new InMemoryPatientKeyStore();
  return { cipher: new PhiCipher(keys), keys };
}

describe('PhiCipher', () => {
  it('round trips PHI fields', async () => {
    const { cipher } = newCipher();

    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');
    const decrypted = await cipher.decryptFields(registered, encrypted, 'p-1');

    expect(decrypted).toEqual(patientData);
  });

  it('replaces each PHI value by an envelope', async () => {
    const { cipher } = newCipher();

    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    expect(encrypted.name.family).toEqual({ $phi: 'v1', iv: expect.any(String), ct: expect.any(String), tag: expect.any(String) });
    expect(encrypted.name.given).toHaveLength(2);
    expect(encrypted.name.given[0]).toMatchObject({ $phi: 'v1' });
    expect(encrypted.contacts[0].phone).toMatchObject({ $phi: 'v1' });
    expect(encrypted.address).toMatchObject({ $phi: 'v1' });
    expect(Buffer.from((encrypted.birthDate as unknown as PhiEnvelope).iv, 'base64')).toHaveLength(12);
  });

  it('leaves non-PHI, missing and null fields alone', async () => {
    const { cipher } = newCipher();
    const data = { ...patientData, birthDate: null, address: undefined };

    const encrypted = await cipher.encryptFields(registered, data, 'p-1');

    expect(encrypted.patientId).toBe('p-1');
    expect(encrypted.preferredLanguage).toBe('fr');
    expect(encrypted.contacts[0].kind).toBe('home');
    expect(encrypted.contacts[1].phone).toBeNull();
    expect(encrypted.birthDate).toBeNull();
    expect(encrypted.address).toBeUndefined();
  });

  it('does not change its input', async () => {
    const { cipher } = newCipher();
    const before = structuredClone(patientData);

    await cipher.encryptFields(registered, patientData, 'p-1');

    expect(patientData).toEqual(before);
  });

  it('uses a fresh IV per value', async () => {
    const { cipher } = newCipher();
    const definition: EventDefinition = { type: 'Tagged', schemaVersion: 1, phiFields: ['a', 'b'] };

    const encrypted = await cipher.encryptFields(definition, { a: 'same', b: 'same' }, 'p-1');

    expect((encrypted.a as unknown as PhiEnvelope).iv).not.toBe((encrypted.b as unknown as PhiEnvelope).iv);
    expect((encrypted.a as unknown as PhiEnvelope).ct).not.toBe((encrypted.b as unknown as PhiEnvelope).ct);
  });

  it('skips the key store for events without PHI', async () => {
    const keys = new InMemoryPatientKeyStore();
    const getOrCreate = jest.spyOn(keys, 'getOrCreateDataKey');
    const definition: EventDefinition = { type: 'SlotOpened', schemaVersion: 1, phiFields: [] };

    const encrypted = await new PhiCipher(keys).encryptFields(definition, { slotId: 's-1' }, 'p-1');

    expect(encrypted).toEqual({ slotId: 's-1' });
    expect(getOrCreate).not.toHaveBeenCalled();
  });

  it('rejects a path that meets the wrong shape', async () => {
    const { cipher } = newCipher();

    await expect(cipher.encryptFields(registered, { ...patientData, contacts: 'none' }, 'p-1')).rejects.toThrow(
      'PHI path "contacts[].phone" expects an array at "contacts", found string',
    );
  });
});

describe('PhiCipher tampering', () => {
  it('rejects an altered ciphertext', async () => {
    const { cipher } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');
    const envelope = encrypted.birthDate as unknown as PhiEnvelope;
    const bytes = Buffer.from(envelope.ct, 'base64');
    bytes[0] ^= 0x01;
    const altered = { ...encrypted, birthDate: { ...envelope, ct: bytes.toString('base64') } };

    const failure = cipher.decryptFields(registered, altered, 'p-1');

    await expect(failure).rejects.toBeInstanceOf(PhiDecryptionError);
    await expect(failure).rejects.toThrow('PHI field "birthDate" of patient p-1 failed to decrypt');
  });

  it('rejects an altered tag', async () => {
    const { cipher } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');
    const envelope = encrypted.birthDate as unknown as PhiEnvelope;
    const altered = { ...encrypted, birthDate: { ...envelope, tag: Buffer.alloc(16).toString('base64') } };

    await expect(cipher.decryptFields(registered, altered, 'p-1')).rejects.toBeInstanceOf(PhiDecryptionError);
  });

  it('rejects data read as another patient', async () => {
    const { cipher } = newCipher();
    await cipher.encryptFields(registered, patientData, 'p-2');
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    await expect(cipher.decryptFields(registered, encrypted, 'p-2')).rejects.toBeInstanceOf(PhiDecryptionError);
  });

  it('binds the patient id even under one key', async () => {
    const cipher = new PhiCipher(sharedKeyStore(randomBytes(32)));
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    await expect(cipher.decryptFields(registered, encrypted, 'p-2')).rejects.toThrow('PHI field "address" of patient p-2 failed to decrypt');
  });

  it('rejects a ciphertext moved to another field', async () => {
    const { cipher } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');
    const moved = { ...encrypted, birthDate: encrypted.name.family };

    await expect(cipher.decryptFields(registered, moved, 'p-1')).rejects.toThrow('PHI field "birthDate" of patient p-1 failed to decrypt');
  });

  it('rejects PHI stored in clear', async () => {
    const { cipher } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    await expect(cipher.decryptFields(registered, { ...encrypted, birthDate: '1961-04-12' }, 'p-1')).rejects.toThrow(
      'PHI field "birthDate" of patient p-1 is not an encrypted envelope',
    );
  });
});

describe('PhiCipher erasure', () => {
  it('reads every PHI field as erased', async () => {
    const { cipher, keys } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    await keys.destroyDataKey('p-1');
    const decrypted = await cipher.decryptFields(registered, encrypted, 'p-1');

    const erased = { $phi: 'erased' };
    expect(decrypted.name).toEqual({ family: erased, given: [erased, erased] });
    expect(decrypted.birthDate).toEqual(erased);
    expect(decrypted.contacts).toEqual([{ kind: 'home', phone: erased }, { kind: 'cell', phone: null }]);
    expect(decrypted.address).toEqual(erased);
    expect(decrypted.patientId).toBe('p-1');
    expect(decrypted.preferredLanguage).toBe('fr');
  });

  it('leaves other patients readable', async () => {
    const { cipher, keys } = newCipher();
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-2');

    await keys.destroyDataKey('p-1');

    await expect(cipher.decryptFields(registered, encrypted, 'p-2')).resolves.toEqual(patientData);
  });

  it('rejects new PHI for erased patient', async () => {
    const { cipher, keys } = newCipher();
    await keys.destroyDataKey('p-1');

    await expect(cipher.encryptFields(registered, patientData, 'p-1')).rejects.toBeInstanceOf(PatientDataErasedError);
  });
});

describe('PhiCipher properties', () => {
  it('decrypt inverts encrypt and hides plaintext', async () => {
    const cipher = new PhiCipher(new InMemoryPatientKeyStore());

    await fc.assert(
      fc.asyncProperty(dataWithPhiPaths(), async ({ data, phiFields }) => {
        const definition: EventDefinition = { type: 'Generated', schemaVersion: 1, phiFields };

        const encrypted = await cipher.encryptFields(definition, data, 'p-1');
        const decrypted = await cipher.decryptFields(definition, encrypted, 'p-1');

        expect(decrypted).toEqual(data);
        const encryptedJson = JSON.stringify(encrypted);
        // A PHI value may also occur as a key or a non-PHI value, so only the ciphertext must not reveal it.
        const skeletonJson = JSON.stringify(withoutCiphertext(encrypted));
        for (const plaintext of phiPlaintexts(definition, data)) {
          if (plaintext.length >= 4 && !skeletonJson.includes(plaintext)) {
            expect(encryptedJson).not.toContain(plaintext);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

function sharedKeyStore(key: DataKey): PatientKeyStore {
  return {
    getOrCreateDataKey: () => Promise.resolve(key),
    getDataKey: () => Promise.resolve(key),
    destroyDataKey: () => Promise.resolve(),
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function jsonObject(): fc.Arbitrary<{ [key: string]: Json }> {
  const { object } = fc.letrec<{ value: Json; object: { [key: string]: Json } }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 12 }),
      fc.array(tie('value'), { maxLength: 4 }),
      tie('object'),
    ),
    object: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), tie('value'), { maxKeys: 5 }),
  }));
  // Through JSON once, so -0 becomes 0 as it would after any trip through storage.
  return object.map((value) => JSON.parse(JSON.stringify(value)) as { [key: string]: Json });
}

function dataWithPhiPaths(): fc.Arbitrary<{ data: { [key: string]: Json }; phiFields: string[] }> {
  return jsonObject().chain((data) =>
    fc.subarray(candidatePaths(data, '')).map((phiFields) => ({ data, phiFields })),
  );
}

/** Lists every path a definition could declare for this data without meeting the wrong shape. */
function candidatePaths(node: { [key: string]: Json }, prefix: string): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    paths.push(path);
    if (isObject(value)) {
      paths.push(...candidatePaths(value, path));
    }
    if (Array.isArray(value)) {
      paths.push(`${path}[]`);
      if (value.every((element) => element === null || isObject(element))) {
        const nested = value.filter(isObject).flatMap((element) => candidatePaths(element, `${path}[]`));
        paths.push(...new Set(nested));
      }
    }
  }
  return paths;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function phiPlaintexts(definition: EventDefinition, data: unknown): string[] {
  const plaintexts: string[] = [];
  const copy = structuredClone(data);
  for (const path of definition.phiFields) {
    replaceAtPhiPath(copy, path, (value) => {
      plaintexts.push(JSON.stringify(value));
      return value;
    });
  }
  return plaintexts;
}

function withoutCiphertext(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutCiphertext);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if ((value as Record<string, unknown>).$phi === 'v1') {
    return { $phi: 'v1' };
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutCiphertext(inner)]));
}
