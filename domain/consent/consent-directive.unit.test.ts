import { foldEvents } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { consentDecider, type ConsentCommand } from './consent-directive';
import type { ConsentEvent } from './consent-events';

// Given these consent events, when this command, then these events or this error.

const patient = { id: 'user-1', patientId: 'p-1' };
const recordedAt = '2030-01-01T10:00:00.000Z';

function record(directiveId: string, overrides: Partial<Extract<ConsentCommand, { type: 'RecordConsentDirective' }>['data']> = {}): ConsentCommand {
  return { type: 'RecordConsentDirective', actor: patient, data: { directiveId, patientId: 'p-1', category: 'all', providerId: 'd-1', note: null, recordedAt, ...overrides } };
}

function revoke(directiveId: string): ConsentCommand {
  return { type: 'RevokeConsentDirective', actor: patient, data: { directiveId, patientId: 'p-1', revokedAt: '2030-01-02T10:00:00.000Z' } };
}

function given(events: ConsentEvent[], command: ConsentCommand): ConsentEvent[] {
  return consentDecider.decide(foldEvents(consentDecider, events), command);
}

describe('consent directive', () => {
  it('records a directive by the patient', () => {
    expect(given([], record('c-1', { category: 'mental-health', providerId: null }))).toEqual([
      { type: 'ConsentDirectiveRecorded', data: { directiveId: 'c-1', patientId: 'p-1', category: 'mental-health', providerId: null, note: null, recordedAt, recordedBy: 'user-1' } },
    ]);
  });

  it('rejects a directive by another patient', () => {
    const command = { ...record('c-1'), actor: { id: 'user-2', patientId: 'p-2' } };

    expect(() => given([], command)).toThrow(ForbiddenError);
  });

  it('rejects a duplicate of an active directive', () => {
    const first = given([], record('c-1'));

    expect(() => given(first, record('c-2'))).toThrow(ConflictError);
  });

  it('allows the same directive again after revocation', () => {
    const history = [...given([], record('c-1'))];
    history.push(...consentDecider.decide(foldEvents(consentDecider, history), revoke('c-1')));

    expect(given(history, record('c-2'))).toHaveLength(1);
  });

  it('revokes an active directive once', () => {
    const history = given([], record('c-1'));
    const revoked = given(history, revoke('c-1'));

    expect(revoked).toEqual([{ type: 'ConsentDirectiveRevoked', data: { directiveId: 'c-1', patientId: 'p-1', revokedAt: '2030-01-02T10:00:00.000Z', revokedBy: 'user-1' } }]);
    expect(() => given([...history, ...revoked], revoke('c-1'))).toThrow(ConflictError);
  });

  it('rejects revoking an unknown directive', () => {
    expect(() => given([], revoke('c-9'))).toThrow(NotFoundError);
  });
});
