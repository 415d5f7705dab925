import { foldEvents } from '../shared/decider';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { assignRole, NOW, openSchedule, registerProvider, runProviderCommands, whenProvider } from './provider.fixtures';
import type { ProviderEvent } from './provider-events';
import { providerDecider } from './provider';

function fieldOf(act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations[0]?.field;
    throw error;
  }
  return undefined;
}

const registered = (): ProviderEvent[] => runProviderCommands([registerProvider()]);
const withRole = (): ProviderEvent[] => runProviderCommands([registerProvider(), assignRole()]);

describe('RegisterProvider', () => {
  it('registers a provider', () => {
    expect(whenProvider([], registerProvider())).toEqual([
      {
        type: 'ProviderRegistered',
        data: {
          providerId: 'provider-1',
          providerType: 'nurse-practitioner',
          name: { given: 'Nadia', family: 'Roy' },
          credentials: [{ designation: 'NP', regulator: 'CNO', registrationNumber: 'DEMO-000001' }],
          languages: ['en', 'fr'],
          demo: true,
          registeredAt: NOW,
        },
      },
    ]);
  });

  it('rejects registering twice', () => {
    expect(() => whenProvider(registered(), registerProvider())).toThrow(ConflictError);
  });

  it('rejects a credential from the wrong college', () => {
    const command = registerProvider({ credentials: [{ designation: 'MD', regulator: 'CPSO', registrationNumber: '12345' }] });

    expect(fieldOf(() => whenProvider([], command))).toBe('credentials');
  });

  it('rejects a language that is not ISO 639-1', () => {
    expect(fieldOf(() => whenProvider([], registerProvider({ languages: ['en', 'French'] })))).toBe('languages[1]');
  });
});

describe('AssignPractitionerRole', () => {
  it('assigns a role at a facility', () => {
    const [event] = whenProvider(registered(), assignRole());

    expect(event).toEqual({ type: 'PractitionerRoleAssigned', data: expect.objectContaining({ roleId: 'role-1', specialty: 'family-medicine', assignedAt: NOW }) });
  });

  it('rejects an unregistered provider', () => {
    expect(() => whenProvider([], assignRole())).toThrow(NotFoundError);
  });

  it('rejects a specialty the provider type cannot hold', () => {
    expect(fieldOf(() => whenProvider(registered(), assignRole({ specialty: 'midwifery' })))).toBe('specialty');
  });

  it('rejects coordinates out of range', () => {
    const command = assignRole();

    expect(fieldOf(() => whenProvider(registered(), { ...command, location: { ...command.location, lat: 95 } }))).toBe('location.lat');
  });

  it('rejects an unknown insurance plan', () => {
    expect(fieldOf(() => whenProvider(registered(), assignRole({ acceptedInsurance: ['OHIP', 'Blue Cross' as never] })))).toBe('acceptedInsurance[1]');
  });
});

describe('OpenSchedule', () => {
  it('opens a schedule for the role', () => {
    const [event] = whenProvider(withRole(), openSchedule());

    expect(event).toEqual({ type: 'ScheduleOpened', data: expect.objectContaining({ scheduleId: 'schedule-1', specialty: 'family-medicine', facilityId: '4713', demo: true, openedAt: NOW }) });
  });

  it('summarises availability', () => {
    const state = foldEvents(providerDecider, runProviderCommands([openSchedule()], withRole()));
    if (state.status !== 'registered') throw new Error('expected a registered provider');

    expect(state.provider.availability).toEqual({
      scheduledSlotCount: 2,
      telemedicineSlotCount: 1,
      firstSlotStartsAt: '2025-03-10T13:00:00.000Z',
      lastSlotEndsAt: '2025-03-10T13:40:00.000Z',
    });
  });

  it('rejects a real schedule for a demo provider', () => {
    expect(fieldOf(() => whenProvider(withRole(), openSchedule({ demo: false })))).toBe('demo');
  });

  it('rejects a demo schedule for a real provider', () => {
    const real = runProviderCommands([registerProvider({ demo: false }), assignRole()]);

    expect(fieldOf(() => whenProvider(real, openSchedule()))).toBe('demo');
  });

  it('rejects overlapping slots', () => {
    const slots = [
      { slotId: 'a', startsAt: '2025-03-10T13:00:00Z', endsAt: '2025-03-10T13:20:00Z', mode: 'in-person' as const },
      { slotId: 'b', startsAt: '2025-03-10T13:10:00Z', endsAt: '2025-03-10T13:30:00Z', mode: 'in-person' as const },
    ];

    expect(fieldOf(() => whenProvider(withRole(), openSchedule({ slots })))).toBe('slots[1].startsAt');
  });

  it('rejects telemedicine for an in-person role', () => {
    const inPersonOnly = runProviderCommands([registerProvider(), assignRole({ telemedicine: false })]);

    expect(fieldOf(() => whenProvider(inPersonOnly, openSchedule()))).toBe('slots[1].mode');
  });

  it('rejects a walk-in role', () => {
    const walkIn = runProviderCommands([registerProvider(), assignRole({ appointmentModel: 'walk-in' })]);

    expect(() => whenProvider(walkIn, openSchedule())).toThrow(/walk-in/);
  });

  it('rejects reusing a slot id', () => {
    const given = runProviderCommands([openSchedule()], withRole());

    expect(() => whenProvider(given, openSchedule({ scheduleId: 'schedule-2' }))).toThrow(ConflictError);
  });

  it('rejects an unknown role', () => {
    expect(() => whenProvider(withRole(), openSchedule({ roleId: 'role-9' }))).toThrow(NotFoundError);
  });
});

describe('RateProviderQuality', () => {
  const rate = { type: 'RateProviderQuality' as const, providerId: 'provider-1', averageRating: 4.4, reviewCount: 37, source: 'demo-generator', demo: true, now: NOW };

  it('records the rating', () => {
    const state = foldEvents(providerDecider, runProviderCommands([rate], registered()));
    if (state.status !== 'registered') throw new Error('expected a registered provider');

    expect(state.provider.quality).toEqual({ averageRating: 4.4, reviewCount: 37, source: 'demo-generator', ratedAt: NOW });
  });

  it('rejects a rating above five stars', () => {
    expect(fieldOf(() => whenProvider(registered(), { ...rate, averageRating: 5.5 }))).toBe('averageRating');
  });

  it('rejects zero reviews', () => {
    expect(fieldOf(() => whenProvider(registered(), { ...rate, reviewCount: 0 }))).toBe('reviewCount');
  });
});
