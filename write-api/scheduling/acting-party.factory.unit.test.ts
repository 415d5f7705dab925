import type { Request } from 'express';

import type { CommandContext } from '../../commands/shared/command-context';
import type { Principal } from '../../infra/auth/phi-route';
import { attachPrincipal } from '../../infra/auth/principal';
import { actingPartyFrom } from './acting-party.factory';

function requestAs(principal?: Principal): Request {
  const request = {} as Request;
  if (principal) attachPrincipal(request, principal);
  return request;
}

const context: CommandContext = { commandId: 'c', correlationId: 'r', causationId: null, actor: { id: 'anonymous', role: 'anonymous' }, receivedAt: '2030-01-01T00:00:00Z' };

describe('acting party', () => {
  it('lets a patient act only for themself', () => {
    const party = actingPartyFrom(requestAs({ subject: 'user-1', role: 'patient', patientId: 'patient-1' }), context);

    expect(party.actor).toEqual({ id: 'user-1', role: 'patient' });
    expect(party.mayActFor('patient-1')).toBe(true);
    expect(party.mayActFor('patient-2')).toBe(false);
  });

  it('lets a provider act for any patient', () => {
    const party = actingPartyFrom(requestAs({ subject: 'dr-1', role: 'provider', providerId: 'provider-1' }), context);

    expect(party.actor).toEqual({ id: 'dr-1', role: 'provider' });
    expect(party.mayActFor('patient-2')).toBe(true);
  });

  it('lets an admin act for any patient', () => {
    expect(actingPartyFrom(requestAs({ subject: 'ops-1', role: 'admin' }), context).mayActFor('patient-2')).toBe(true);
  });

  it('lets analysts and auditors act for nobody', () => {
    expect(actingPartyFrom(requestAs({ subject: 'an-1', role: 'analyst' }), context).mayActFor('patient-1')).toBe(false);
    expect(actingPartyFrom(requestAs({ subject: 'au-1', role: 'auditor' }), context).mayActFor('patient-1')).toBe(false);
  });

  it('lets a caller without a principal act for nobody', () => {
    expect(actingPartyFrom(requestAs(), context).mayActFor('patient-1')).toBe(false);
  });
});
