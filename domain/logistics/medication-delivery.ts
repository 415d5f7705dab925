// Medication delivery from a pharmacy partner: requested -> accepted by the pharmacy ->
// dispatched -> delivered, or failed or cancelled before delivery. One stream per delivery.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';

export type MedicationDeliveryRequested = DomainEvent<
  'MedicationDeliveryRequested',
  { deliveryId: string; journeyId: string; pharmacyId: string; prescriptionReference: string; address: string; requestedAt: string }
>;
export type MedicationDeliveryAccepted = DomainEvent<'MedicationDeliveryAccepted', { deliveryId: string; readyBy: string; acceptedAt: string }>;
export type MedicationDeliveryDispatched = DomainEvent<'MedicationDeliveryDispatched', { deliveryId: string; courier: string; dispatchedAt: string }>;
export type MedicationDelivered = DomainEvent<'MedicationDelivered', { deliveryId: string; receivedBy: string; deliveredAt: string }>;
export type MedicationDeliveryFailed = DomainEvent<'MedicationDeliveryFailed', { deliveryId: string; reason: string; failedAt: string }>;
export type MedicationDeliveryCancelled = DomainEvent<'MedicationDeliveryCancelled', { deliveryId: string; reason: string; cancelledAt: string }>;

export type MedicationDeliveryEvent =
  | MedicationDeliveryRequested
  | MedicationDeliveryAccepted
  | MedicationDeliveryDispatched
  | MedicationDelivered
  | MedicationDeliveryFailed
  | MedicationDeliveryCancelled;

export const MEDICATION_DELIVERY_EVENT_DEFINITIONS: EventDefinition<MedicationDeliveryEvent['type']>[] = [
  { type: 'MedicationDeliveryRequested', schemaVersion: 1, phiFields: ['prescriptionReference', 'address'] },
  { type: 'MedicationDeliveryAccepted', schemaVersion: 1, phiFields: [] },
  { type: 'MedicationDeliveryDispatched', schemaVersion: 1, phiFields: [] },
  { type: 'MedicationDelivered', schemaVersion: 1, phiFields: ['receivedBy'] },
  { type: 'MedicationDeliveryFailed', schemaVersion: 1, phiFields: [] },
  { type: 'MedicationDeliveryCancelled', schemaVersion: 1, phiFields: [] },
];

export type MedicationDeliveryCommand =
  | { type: 'RequestMedicationDelivery'; deliveryId: string; journeyId: string; pharmacyId: string; prescriptionReference: string; address: string; requestedAt: string }
  | { type: 'AcceptMedicationDelivery'; readyBy: string; acceptedAt: string }
  | { type: 'DispatchMedicationDelivery'; courier: string; dispatchedAt: string }
  | { type: 'ConfirmMedicationDelivered'; receivedBy: string; deliveredAt: string }
  | { type: 'RecordMedicationDeliveryFailure'; reason: string; failedAt: string }
  | { type: 'CancelMedicationDelivery'; reason: string; cancelledAt: string };

export type MedicationDeliveryStatus = 'none' | 'requested' | 'accepted' | 'dispatched' | 'delivered' | 'failed' | 'cancelled';

export interface MedicationDeliveryState {
  status: MedicationDeliveryStatus;
  deliveryId: string | null;
}

export const medicationDeliveryDecider: Decider<MedicationDeliveryState, MedicationDeliveryCommand, MedicationDeliveryEvent> = {
  initialState: () => ({ status: 'none', deliveryId: null }),
  decide: decideDelivery,
  evolve: evolveDelivery,
};

function decideDelivery(state: MedicationDeliveryState, command: MedicationDeliveryCommand): MedicationDeliveryEvent[] {
  if (command.type === 'RequestMedicationDelivery') {
    if (state.deliveryId === command.deliveryId) return [];
    requireStatus(state, ['none'], 'requested');
    const { type: _type, ...data } = command;
    return [{ type: 'MedicationDeliveryRequested', data }];
  }

  const deliveryId = state.deliveryId ?? '';
  switch (command.type) {
    case 'AcceptMedicationDelivery':
      if (state.status === 'accepted') return [];
      requireStatus(state, ['requested'], 'accepted');
      return [{ type: 'MedicationDeliveryAccepted', data: { deliveryId, readyBy: command.readyBy, acceptedAt: command.acceptedAt } }];
    case 'DispatchMedicationDelivery':
      if (state.status === 'dispatched') return [];
      requireStatus(state, ['accepted'], 'dispatched');
      return [{ type: 'MedicationDeliveryDispatched', data: { deliveryId, courier: command.courier, dispatchedAt: command.dispatchedAt } }];
    case 'ConfirmMedicationDelivered':
      if (state.status === 'delivered') return [];
      requireStatus(state, ['dispatched'], 'delivered');
      return [{ type: 'MedicationDelivered', data: { deliveryId, receivedBy: command.receivedBy, deliveredAt: command.deliveredAt } }];
    case 'RecordMedicationDeliveryFailure':
      if (state.status === 'failed') return [];
      requireStatus(state, ['requested', 'accepted', 'dispatched'], 'failed');
      return [{ type: 'MedicationDeliveryFailed', data: { deliveryId, reason: command.reason, failedAt: command.failedAt } }];
    case 'CancelMedicationDelivery':
      if (state.status === 'cancelled') return [];
      requireStatus(state, ['requested', 'accepted'], 'cancelled');
      return [{ type: 'MedicationDeliveryCancelled', data: { deliveryId, reason: command.reason, cancelledAt: command.cancelledAt } }];
    default:
      return assertNever(command, 'medication delivery command');
  }
}

function requireStatus(state: MedicationDeliveryState, allowed: MedicationDeliveryStatus[], target: string): void {
  if (!allowed.includes(state.status)) {
    const which = state.deliveryId ? `delivery ${state.deliveryId}` : 'this delivery';
    throw new ConflictError(`${which} is ${state.status === 'none' ? 'not requested' : state.status}; it can become ${target} only from ${allowed.join(' or ')}`);
  }
}

function evolveDelivery(state: MedicationDeliveryState, event: MedicationDeliveryEvent): MedicationDeliveryState {
  switch (event.type) {
    case 'MedicationDeliveryRequested':
      return { status: 'requested', deliveryId: event.data.deliveryId };
    case 'MedicationDeliveryAccepted':
      return { ...state, status: 'accepted' };
    case 'MedicationDeliveryDispatched':
      return { ...state, status: 'dispatched' };
    case 'MedicationDelivered':
      return { ...state, status: 'delivered' };
    case 'MedicationDeliveryFailed':
      return { ...state, status: 'failed' };
    case 'MedicationDeliveryCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return assertNever(event, 'medication delivery event');
  }
}
