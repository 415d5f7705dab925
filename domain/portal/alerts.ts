import { assertNever, type Decider } from '../shared/decider';
import { ConflictError } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';

// Alerts a provider must see and act on: an escalation raised by a patient's check-ins, and a
// critical triage result. An alert is keyed by the event that raised it, so every provider caring
// for the patient sees the same alert and acknowledges it for themself.

export type AlertKind = 'escalation' | 'critical-result';

export interface PortalAlert {
  /** The id of the event that raised it. */
  alertId: string;
  kind: AlertKind;
  patientId: string;
  /** A code, never text: the escalation rule and action, or the triage level. */
  code: string;
  priority: 'critical' | 'high' | 'medium' | 'low';
  raisedAt: string;
}

export type ProviderAlertAcknowledged = DomainEvent<'ProviderAlertAcknowledged', { alertId: string; providerId: string; acknowledgedAt: string }>;

export const PORTAL_EVENT_DEFINITIONS: EventDefinition<ProviderAlertAcknowledged['type']>[] = [
  { type: 'ProviderAlertAcknowledged', schemaVersion: 1, phiFields: [] },
];

export const providerAlertsStream = (providerId: string) => `provider-alerts-${providerId}`;

export interface AcknowledgeAlert {
  type: 'AcknowledgeAlert';
  alertId: string;
  providerId: string;
  /** Whether the read models show the alert and the patient in this provider's care. */
  alertIsForProvider: boolean;
  now: string;
}

interface AcknowledgementState {
  acknowledged: ReadonlySet<string>;
}

/** Acknowledging twice records nothing the second time, so a double tap or a retry is harmless. */
export const alertAcknowledgementDecider: Decider<AcknowledgementState, AcknowledgeAlert, ProviderAlertAcknowledged> = {
  initialState: () => ({ acknowledged: new Set() }),

  decide(state, command) {
    switch (command.type) {
      case 'AcknowledgeAlert':
        if (state.acknowledged.has(command.alertId)) return [];
        if (!command.alertIsForProvider) {
          throw new ConflictError(`alert ${command.alertId} is not an open alert for a patient in this provider's care`);
        }
        return [{ type: 'ProviderAlertAcknowledged', data: { alertId: command.alertId, providerId: command.providerId, acknowledgedAt: command.now } }];
      default:
        return assertNever(command.type, 'portal command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProviderAlertAcknowledged':
        return { acknowledged: new Set([...state.acknowledged, event.data.alertId]) };
      default:
        return assertNever(event.type, 'portal event');
    }
  },
};

/** The triage level at or below which a result is critical for the patient's providers (CTAS 1 and 2). */
export const CRITICAL_TRIAGE_LEVEL = 2;

interface SourceEvent {
  eventId: string;
  type: string;
  data: unknown;
}

/**
 * Returns the alert a stored event raises, or null. A triage result needs the session's patient,
 * which the assessed event does not carry, so the caller passes it from the session's start.
 */
export function alertFrom(event: SourceEvent, triagePatientId?: string): PortalAlert | null {
  if (event.type === 'EscalationRaised') {
    const data = event.data as { patientId: string; ruleId: string; action: string; priority: PortalAlert['priority']; raisedAt: string };
    return { alertId: event.eventId, kind: 'escalation', patientId: data.patientId, code: `${data.action}:${data.ruleId}`, priority: data.priority, raisedAt: data.raisedAt };
  }
  if (event.type === 'TriageAssessed' && triagePatientId) {
    const data = event.data as { assessedAt: string; assessment: { level: number } };
    if (data.assessment.level > CRITICAL_TRIAGE_LEVEL) return null;
    return {
      alertId: event.eventId,
      kind: 'critical-result',
      patientId: triagePatientId,
      code: `ctas-${data.assessment.level}`,
      priority: data.assessment.level === 1 ? 'critical' : 'high',
      raisedAt: data.assessedAt,
    };
  }
  return null;
}
