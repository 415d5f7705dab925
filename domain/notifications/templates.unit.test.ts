import { ValidationError } from '../shared/errors';
import { contactPreferencesDecider } from './contact-preferences';
import { deliveryReportDecider, twilioOutcome } from './delivery-reports';
import { renderMessage, type MessageTemplate } from './templates';

const TEMPLATES: MessageTemplate[] = [
  { template: 'appointment-reminder', startsAt: '2025-03-10T14:30:00.000Z', facilityName: 'Clinique Test' },
  { template: 'ride-booked', pickupAt: '2025-03-10T13:45:00.000Z' },
  { template: 'check-in-due', answerBy: '2025-03-10T22:00:00.000Z', link: 'https://ohip.example.test/app/check-ins/plan-1.1' },
  { template: 'escalation', patientRef: 'patient-7', action: 'URGENT_CALLBACK', priority: 'critical', link: 'https://ohip.example.test/p/7' },
  { template: 'rebooking-offer', startsAt: '2025-03-12T15:00:00.000Z', respondBy: '2025-03-10T16:00:00.000Z' },
];

describe('renderMessage', () => {
  it.each(TEMPLATES.map((template) => [template.template, template] as const))('renders %s in English and Canadian French', (_name, template) => {
    const english = renderMessage(template, 'en');
    const french = renderMessage(template, 'fr');

    expect(english.subject).not.toBe(french.subject);
    expect(english.body).not.toBe(french.body);
    // Short enough for two SMS segments and to be heard once on a call.
    expect(french.body.length).toBeLessThanOrEqual(300);
  });

  it('shows times in Ontario time with the language conventions', () => {
    const template: MessageTemplate = { template: 'ride-booked', pickupAt: '2025-03-10T13:45:00.000Z' };

    expect(renderMessage(template, 'en').body).toBe('Your ride is booked. Pickup is on March 10, 2025 at 9:45 a.m.');
    expect(renderMessage(template, 'fr').body).toBe('Votre transport est réservé. Prise en charge le 10 mars 2025 à 09 h 45.');
  });

  it('names no condition or answer in a check-in reminder', () => {
    const body = renderMessage(TEMPLATES[2]!, 'fr').body;

    expect(body).toBe('Votre suivi de santé est prêt. Répondez avant le 10 mars 2025 à 18 h 00 : https://ohip.example.test/app/check-ins/plan-1.1');
  });

  it('tells the care team the action and priority in words', () => {
    expect(renderMessage(TEMPLATES[3]!, 'en').body).toBe('Monitoring of patient patient-7 calls for an urgent call back (priority critical). Details: https://ohip.example.test/p/7');
  });
});

describe('contact preferences', () => {
  const base = { patientId: 'patient-7', channel: 'sms' as const, language: 'fr' as const, phone: '+16135550199', email: null, setAt: '2025-03-10T08:00:00.000Z' };

  it('records preferences once, and again only when they change', () => {
    const [set] = contactPreferencesDecider.decide(null, base);
    expect(set).toEqual({ type: 'ContactPreferencesSet', data: base });

    const state = contactPreferencesDecider.evolve(null, set!);
    expect(contactPreferencesDecider.decide(state, { ...base, setAt: '2025-03-11T08:00:00.000Z' })).toEqual([]);
    expect(contactPreferencesDecider.decide(state, { ...base, language: 'en' })).toHaveLength(1);
  });

  it.each([
    [{ channel: 'email' as const }, /email: is required when the channel is email/],
    [{ channel: 'voice' as const, phone: null }, /phone: is required when the channel is voice/],
    [{ phone: '613-555-0199' }, /phone: must be an E.164 number/],
  ])('refuses %p', (change, message) => {
    expect(() => contactPreferencesDecider.decide(null, { ...base, ...change })).toThrow(ValidationError);
    expect(() => contactPreferencesDecider.decide(null, { ...base, ...change })).toThrow(message);
  });
});

describe('delivery reports', () => {
  it('keeps the first final report of a message', () => {
    const delivered = { type: 'NotificationDelivered' as const, data: { idempotencyKey: 'k', provider: 'twilio', providerMessageId: 'SM1', providerStatus: 'delivered', deliveredAt: '2025-03-10T08:00:00.000Z' } };
    const failed = { type: 'NotificationFailed' as const, data: { idempotencyKey: 'k', provider: 'twilio', providerMessageId: 'SM1', providerStatus: 'undelivered', errorCode: '30003', failedAt: '2025-03-10T08:01:00.000Z' } };

    expect(deliveryReportDecider.decide('pending', delivered)).toEqual([delivered]);
    expect(deliveryReportDecider.decide(deliveryReportDecider.evolve('pending', delivered), failed)).toEqual([]);
  });

  it.each([
    ['delivered', 'delivered'],
    ['completed', 'delivered'],
    ['undelivered', 'failed'],
    ['no-answer', 'failed'],
    ['queued', 'sent'],
    ['ringing', 'sent'],
  ])('reads Twilio status %s as %s', (status, outcome) => {
    expect(twilioOutcome(status)).toBe(outcome);
  });
});
