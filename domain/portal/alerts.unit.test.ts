import fc from 'fast-check';

import { ConflictError } from '../shared/errors';
import { alertAcknowledgementDecider, alertFrom, CRITICAL_TRIAGE_LEVEL, type AcknowledgeAlert, type ProviderAlertAcknowledged } from './alerts';

const NOW = '2026-12-04T15:00:00.000Z';

function acknowledge(alertId: string, alertIsForProvider = true): AcknowledgeAlert {
  return { type: 'AcknowledgeAlert', alertId, providerId: 'provider-1', alertIsForProvider, now: NOW };
}

function given(events: ProviderAlertAcknowledged[]) {
  return events.reduce(alertAcknowledgementDecider.evolve, alertAcknowledgementDecider.initialState());
}

describe('acknowledging a portal alert', () => {
  it('records an acknowledgement', () => {
    expect(alertAcknowledgementDecider.decide(given([]), acknowledge('alert-1'))).toEqual([
      { type: 'ProviderAlertAcknowledged', data: { alertId: 'alert-1', providerId: 'provider-1', acknowledgedAt: NOW } },
    ]);
  });

  it('ignores a repeated acknowledgement', () => {
    const history = alertAcknowledgementDecider.decide(given([]), acknowledge('alert-1'));
    expect(alertAcknowledgementDecider.decide(given(history), acknowledge('alert-1'))).toEqual([]);
  });

  it('rejects a patient outside care', () => {
    expect(() => alertAcknowledgementDecider.decide(given([]), acknowledge('alert-9', false))).toThrow(ConflictError);
  });

  it('acknowledges each alert once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 20 }), (requests) => {
        let history: ProviderAlertAcknowledged[] = [];
        for (const alertId of requests) {
          history = [...history, ...alertAcknowledgementDecider.decide(given(history), acknowledge(alertId))];
        }
        expect(history.map((event) => event.data.alertId)).toEqual([...new Set(requests)]);
      }),
    );
  });
});

describe('the alert an event raises', () => {
  it('turns escalations into code-only alerts', () => {
    const alert = alertFrom({
      eventId: 'event-1',
      type: 'EscalationRaised',
      data: { escalationId: 'esc-1', patientId: 'patient-1', journeyId: null, checkInId: 'c-1', ruleId: 'low-spo2', action: 'URGENT_CALLBACK', priority: 'high', raisedAt: NOW },
    });
    expect(alert).toEqual({ alertId: 'event-1', kind: 'escalation', patientId: 'patient-1', code: 'URGENT_CALLBACK:low-spo2', priority: 'high', raisedAt: NOW });
  });

  it('raises critical results for levels 1 and 2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.option(fc.constant('patient-1'), { nil: undefined }), (level, patientId) => {
        const alert = alertFrom({ eventId: 'event-2', type: 'TriageAssessed', data: { sessionId: 's-1', assessedAt: NOW, assessment: { level } } }, patientId);
        const expected = level <= CRITICAL_TRIAGE_LEVEL && patientId !== undefined;
        expect(alert !== null).toBe(expected);
        if (alert) {
          expect(alert.patientId).toBe(patientId);
          expect(alert.priority).toBe(level === 1 ? 'critical' : 'high');
        }
      }),
    );
  });

  it('ignores every other event', () => {
    expect(alertFrom({ eventId: 'event-3', type: 'SlotBooked', data: {} })).toBeNull();
  });
});
