import { randomBytes } from 'node:crypto';

import { patientsIn } from '../../infra/audit/phi-access.interceptor';
import { loadConfig } from '../../infra/config/config';
import { InMemoryPatientKeyStore } from '../../infra/crypto/in-memory-patient-key-store';
import { PhiCipher } from '../../infra/crypto/phi-cipher';
import { PHI_KEY_FIELD, PhiEventCodec } from '../../infra/crypto/phi-event-codec';
import { eventRegistry } from '../../infra/event-store/event-registry';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import { newEvent } from '../support/events';

describe('patientsIn', () => {
  it('reads the body patient', () => {
    expect(patientsIn({ patientId: 'p-1', name: 'x' })).toEqual(['p-1']);
  });

  it('reads each listed patient once', () => {
    expect(patientsIn({ items: [{ patientId: 'p-1' }, { patientId: 'p-2' }, { patientId: 'p-1' }], total: 3 })).toEqual(['p-1', 'p-2']);
    expect(patientsIn([{ patientId: 'p-3' }])).toEqual(['p-3']);
  });

  it('finds no patient in an empty list', () => {
    expect(patientsIn({ items: [] })).toEqual([]);
    expect(patientsIn(null)).toEqual([]);
  });
});

describe('PhiEventCodec', () => {
  const codec = () => new PhiEventCodec(new PhiCipher(new InMemoryPatientKeyStore()), eventRegistry);
  const stored = (event: { type: string; data: unknown }): StoredEvent => ({
    ...newEvent(event),
    streamId: 's',
    streamVersion: 1n,
    globalPosition: 1n,
    recordedAt: new Date(),
  });

  it('encrypts under the stream patient', async () => {
    const phi = codec();
    const lookup = jest.fn(async () => 'p-7');

    const [answer] = await phi.encode('triage-1', [newEvent({ type: 'SymptomReported', data: { sessionId: '1', questionId: 'q', answer: 'secret answer', reportedAt: 't' } })], lookup);

    expect(lookup).toHaveBeenCalledWith('triage-1');
    expect((answer!.data as Record<string, unknown>)[PHI_KEY_FIELD]).toBe('p-7');
    expect(JSON.stringify(answer!.data)).not.toContain('secret answer');
    expect((await phi.decode(stored(answer!))).data).toEqual({ sessionId: '1', questionId: 'q', answer: 'secret answer', reportedAt: 't' });
  });

  it('takes the patient from an earlier event of the same append', async () => {
    const lookup = jest.fn(async () => undefined);

    const [, answer] = await codec().encode(
      'triage-2',
      [
        newEvent({ type: 'TriageStarted', data: { sessionId: '2', patientId: 'p-8', age: 40, sex: 'male', complaintText: null } }),
        newEvent({ type: 'SymptomReported', data: { sessionId: '2', questionId: 'q', answer: true, reportedAt: 't' } }),
      ],
      lookup,
    );

    expect(lookup).not.toHaveBeenCalled();
    expect((answer!.data as Record<string, unknown>)[PHI_KEY_FIELD]).toBe('p-8');
  });

  it('stores an event without a patient in clear', async () => {
    const [answer] = await codec().encode('triage-3', [newEvent({ type: 'SymptomReported', data: { sessionId: '3', answer: 'clear' } })], async () => undefined);

    expect(answer!.data).toEqual({ sessionId: '3', answer: 'clear' });
  });
});

describe('PHI configuration', () => {
  const production = { NODE_ENV: 'production', OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' };

  it('requires the master key in production', () => {
    expect(() => loadConfig(production)).toThrow(/OHIP_MASTER_KEY/);
  });

  it('rejects auditing off in production', () => {
    expect(() => loadConfig({ ...production, OHIP_MASTER_KEY: randomBytes(32).toString('base64'), OHIP_PHI_AUDIT: 'false' })).toThrow(/OHIP_PHI_AUDIT/);
  });

  it('rejects a short master key', () => {
    expect(() => loadConfig({ OHIP_MASTER_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
  });
});
