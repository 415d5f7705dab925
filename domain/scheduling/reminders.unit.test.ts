import { planReminders } from './reminders';

// 15:00 UTC on 5 March 2025 is 10:00 in Toronto (EST, UTC−5).
const appointment = { bookingId: 'booking-1', startsAt: '2025-03-05T15:00:00.000Z', mode: 'in-person' as const, facilityName: 'Algoma Nurse Practitioner-Led Clinic' };

describe('planReminders', () => {
  it('plans 48 h and 2 h reminders', () => {
    const reminders = planReminders(appointment, '2025-03-01T12:00:00Z');

    expect(reminders.map(({ reminderId, sendAt }) => ({ reminderId, sendAt }))).toEqual([
      { reminderId: 'booking-1-reminder-48h', sendAt: '2025-03-03T15:00:00.000Z' },
      { reminderId: 'booking-1-reminder-2h', sendAt: '2025-03-05T13:00:00.000Z' },
    ]);
  });

  it('skips reminders already past', () => {
    const reminders = planReminders(appointment, '2025-03-04T12:00:00Z');

    expect(reminders.map((reminder) => reminder.hoursBefore)).toEqual([2]);
  });

  it('plans nothing once the appointment started', () => {
    expect(planReminders(appointment, '2025-03-05T15:30:00Z')).toEqual([]);
  });

  it('writes the local time in both languages', () => {
    const [reminder] = planReminders(appointment, '2025-03-01T12:00:00Z');

    expect(reminder?.message.en).toContain('Wednesday, March 5, 2025');
    expect(reminder?.message.en).toMatch(/10:00\sa\.m\./);
    expect(reminder?.message.en).toContain('Algoma Nurse Practitioner-Led Clinic');
    expect(reminder?.message.fr).toContain('mercredi 5 mars 2025');
    expect(reminder?.message.fr).toMatch(/10\sh\s00/);
  });

  it('follows daylight saving time', () => {
    // 14:00 UTC on 1 July 2025 is 10:00 in Toronto (EDT, UTC−4).
    const [reminder] = planReminders({ ...appointment, startsAt: '2025-07-01T14:00:00Z' }, '2025-06-01T12:00:00Z', [2]);

    expect(reminder?.message.en).toMatch(/10:00\sa\.m\./);
  });

  it('tells telemedicine patients to join online', () => {
    const [reminder] = planReminders({ ...appointment, mode: 'telemedicine' }, '2025-03-01T12:00:00Z');

    expect(reminder?.message.en).toContain('video appointment');
    expect(reminder?.message.fr).toContain('rendez-vous vidéo');
    expect(reminder?.message.en).not.toContain('Algoma');
  });

  it('rejects a negative offset', () => {
    expect(() => planReminders(appointment, '2025-03-01T12:00:00Z', [24, -1])).toThrow(/hoursBefore\[1\]/);
  });
});
