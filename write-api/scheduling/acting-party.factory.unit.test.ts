import type { Request } from 'express';

import type { CommandContext } from '../../commands/shared/command-context';
import { ForbiddenError, ValidationError } from '../../domain/shared/errors';
import { actingPartyFrom } from './acting-party.factory';

function request(actingPatient?: string): Request {
  return { header: (name: string) => (name.toLowerCase() === 'x-acting-patient-id' ? actingPatient : undefined) } as unknown as Request;
}

const context: CommandContext = { commandId: 'c', correlationId: 'r', causationId: null, actor: { id: 'anonymous', role: 'development' }, receivedAt: '2030-01-01T00:00:00Z' };

describe('acting party', () => {
  it('lets a patient act only for themself', () => {
    const party = actingPartyFrom(request('patient-1'), context, 'development');

    expect(party.actor).toEqual({ id: 'patient-1', role: 'patient' });
    expect(party.mayActFor('patient-1')).toBe(true);
    expect(party.mayActFor('patient-2')).toBe(false);
  });

  it('lets the development operator act for anyone', () => {
    expect(actingPartyFrom(request(), context, 'test').mayActFor('patient-2')).toBe(true);
  });

  it('rejects the header in production', () => {
    expect(() => actingPartyFrom(request('patient-1'), context, 'production')).toThrow(ForbiddenError);
  });

  it('lets nobody act in production yet', () => {
    expect(actingPartyFrom(request(), context, 'production').mayActFor('patient-1')).toBe(false);
  });

  it('rejects a malformed patient id', () => {
    expect(() => actingPartyFrom(request('not a id!'), context, 'development')).toThrow(ValidationError);
  });
});
