import fc from 'fast-check';
import { generateDemoProviders, type DemoGeneratorOptions } from './demo-generator';
import { ontarioLocalTimeToUtc } from './ontario-time';
import { NOW, REAL_FACILITIES, runProviderCommands } from './provider.fixtures';
import type { OpenSchedule, ProviderCommand, RegisterProvider } from './provider-commands';
import { createSeededRandom } from './seeded-random';

const WEEK = '2025-03-10';

function options(seed: number, overrides: Partial<DemoGeneratorOptions> = {}): DemoGeneratorOptions {
  return { random: createSeededRandom(seed), now: NOW, weekStartsOn: WEEK, ...overrides };
}

function commandsOf<T extends ProviderCommand['type']>(commands: ProviderCommand[], type: T): Extract<ProviderCommand, { type: T }>[] {
  return commands.filter((command): command is Extract<ProviderCommand, { type: T }> => command.type === type);
}

const allCommands = (seed: number, overrides: Partial<DemoGeneratorOptions> = {}) =>
  generateDemoProviders(REAL_FACILITIES, options(seed, overrides)).providers.flatMap((plan) => plan.commands);

describe('generateDemoProviders', () => {
  it('gives the same output for the same seed', () => {
    expect(generateDemoProviders(REAL_FACILITIES, options(42))).toEqual(generateDemoProviders(REAL_FACILITIES, options(42)));
  });

  it('gives different output for another seed', () => {
    expect(generateDemoProviders(REAL_FACILITIES, options(42))).not.toEqual(generateDemoProviders(REAL_FACILITIES, options(43)));
  });

  it('skips facilities with no bookable care', () => {
    const { skippedFacilities } = generateDemoProviders(REAL_FACILITIES, options(1));

    expect(skippedFacilities.map((skipped) => skipped.serviceType).sort()).toEqual(['Community Support Service', 'Long-Term Care Home']);
  });

  it('skips a duplicate facility id', () => {
    const [first] = REAL_FACILITIES;
    const { skippedFacilities } = generateDemoProviders([first!, { ...first!, name: 'copy' }], options(1));

    expect(skippedFacilities).toEqual([expect.objectContaining({ facilityId: first!.facilityId, reason: expect.stringContaining('same facilityId') })]);
  });

  it('gives each facility type its specialties', () => {
    const specialtiesByFacility = new Map<string, Set<string>>();
    for (const assign of commandsOf(allCommands(7), 'AssignPractitionerRole')) {
      const set = specialtiesByFacility.get(assign.location.serviceType) ?? new Set();
      set.add(assign.specialty);
      specialtiesByFacility.set(assign.location.serviceType, set);
    }

    expect([...specialtiesByFacility.get('Family Health Team - Contract')!]).toEqual(['family-medicine']);
    expect([...specialtiesByFacility.get('Community Health Centre')!]).toEqual(['family-medicine']);
    expect([...specialtiesByFacility.get('Nurse Practitioner Led Clinic')!]).toEqual(['family-medicine']);
    expect([...specialtiesByFacility.get('Hospital - Site')!].sort()).toEqual(['diagnostic-imaging', 'emergency-medicine']);
    expect([...specialtiesByFacility.get('Independent Health Facility')!]).toEqual(['diagnostic-imaging']);
    expect([...specialtiesByFacility.get('Laboratory - Specimen Collection Centre')!]).toEqual(['laboratory']);
  });

  it('staffs nurse practitioner-led clinics with nurse practitioners', () => {
    const plans = generateDemoProviders(REAL_FACILITIES, options(3, { practitionersPerRole: { min: 3, max: 3 } })).providers;
    const npClinic = plans.filter((plan) => plan.facilityId === '4713').flatMap((plan) => commandsOf(plan.commands, 'RegisterProvider'));

    expect(npClinic.map((register) => register.providerType)).toEqual(['nurse-practitioner', 'nurse-practitioner', 'nurse-practitioner']);
  });

  it('opens no schedule for emergency departments', () => {
    const plans = generateDemoProviders(REAL_FACILITIES, options(5)).providers.filter((plan) => plan.providerId.includes('emergency-medicine'));

    expect(plans.length).toBeGreaterThan(0);
    expect(plans.flatMap((plan) => commandsOf(plan.commands, 'OpenSchedule'))).toEqual([]);
  });

  it('schedules slots inside Ontario clinic hours', () => {
    const monday9 = Date.parse(ontarioLocalTimeToUtc(WEEK, 9 * 60));
    const friday1630 = Date.parse(ontarioLocalTimeToUtc('2025-03-14', 16 * 60 + 30));
    const slots = commandsOf(allCommands(11), 'OpenSchedule').flatMap((schedule) => schedule.slots);

    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      expect(Date.parse(slot.startsAt)).toBeGreaterThanOrEqual(monday9);
      expect(Date.parse(slot.endsAt)).toBeLessThanOrEqual(friday1630);
    }
  });

  it('repeats the weekly pattern for each week', () => {
    const schedules = commandsOf(allCommands(13, { weeks: 2 }), 'OpenSchedule');
    const byProvider = new Map<string, OpenSchedule[]>();
    schedules.forEach((schedule) => byProvider.set(schedule.providerId, [...(byProvider.get(schedule.providerId) ?? []), schedule]));

    for (const [first, second] of byProvider.values()) {
      expect(second!.slots.map((slot) => Date.parse(slot.startsAt) - 7 * 86_400_000)).toEqual(first!.slots.map((slot) => Date.parse(slot.startsAt)));
    }
  });

  it('makes French common in francophone communities', () => {
    const facilities = Array.from({ length: 40 }, (_, index) => ({ facilityId: `h${index}`, name: 'Hearst clinic', serviceType: 'Pharmacy', lat: 49.69, lng: -83.67, community: 'Hearst' }));
    const registers = generateDemoProviders(facilities, options(17)).providers.flatMap((plan) => commandsOf(plan.commands, 'RegisterProvider'));
    const frenchShare = registers.filter((register) => register.languages.includes('fr')).length / registers.length;

    expect(frenchShare).toBeGreaterThan(0.6);
  });
});

describe('demo generator properties', () => {
  it('produces commands the provider aggregate accepts, all demo', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3 }), (seed, weeks) => {
        const { providers } = generateDemoProviders(REAL_FACILITIES, options(seed, { weeks }));
        for (const plan of providers) {
          const events = runProviderCommands(plan.commands);

          expect(events).toHaveLength(plan.commands.length);
          for (const event of events) {
            if ('demo' in event.data) expect(event.data.demo).toBe(true);
          }
          const [register] = commandsOf(plan.commands, 'RegisterProvider') as [RegisterProvider];
          expect(register.credentials.every((credential) => credential.registrationNumber.startsWith('DEMO-'))).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('ontarioLocalTimeToUtc', () => {
  it('uses EST in winter', () => {
    expect(ontarioLocalTimeToUtc('2025-03-07', 9 * 60)).toBe('2025-03-07T14:00:00.000Z');
  });

  it('uses EDT after the spring change', () => {
    expect(ontarioLocalTimeToUtc('2025-03-10', 9 * 60)).toBe('2025-03-10T13:00:00.000Z');
  });
});
