// Medical equipment orders for home care (a scale for heart failure monitoring, a pulse oximeter,
// a walker): ordered -> confirmed by the supplier -> shipped -> delivered, or cancelled before
// shipping. One stream per order.

import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ValidationError } from '../shared/errors';
import type { DomainEvent, EventDefinition } from '../shared/events';

export const EQUIPMENT_ITEMS = [
  'bathroom-scale',
  'pulse-oximeter',
  'blood-pressure-monitor',
  'glucometer',
  'walker',
  'wheelchair',
  'commode',
] as const;
export type EquipmentItem = (typeof EQUIPMENT_ITEMS)[number];

export type EquipmentOrdered = DomainEvent<
  'EquipmentOrdered',
  { orderId: string; journeyId: string; supplierId: string; items: EquipmentItem[]; address: string; orderedAt: string }
>;
export type EquipmentOrderConfirmed = DomainEvent<'EquipmentOrderConfirmed', { orderId: string; expectedBy: string; confirmedAt: string }>;
export type EquipmentShipped = DomainEvent<'EquipmentShipped', { orderId: string; trackingReference: string; shippedAt: string }>;
export type EquipmentDelivered = DomainEvent<'EquipmentDelivered', { orderId: string; deliveredAt: string }>;
export type EquipmentOrderCancelled = DomainEvent<'EquipmentOrderCancelled', { orderId: string; reason: string; cancelledAt: string }>;

export type EquipmentOrderEvent = EquipmentOrdered | EquipmentOrderConfirmed | EquipmentShipped | EquipmentDelivered | EquipmentOrderCancelled;

// The item list reveals the condition being treated, so it is PHI along with the address.
export const EQUIPMENT_ORDER_EVENT_DEFINITIONS: EventDefinition<EquipmentOrderEvent['type']>[] = [
  { type: 'EquipmentOrdered', schemaVersion: 1, phiFields: ['items', 'address'] },
  { type: 'EquipmentOrderConfirmed', schemaVersion: 1, phiFields: [] },
  { type: 'EquipmentShipped', schemaVersion: 1, phiFields: [] },
  { type: 'EquipmentDelivered', schemaVersion: 1, phiFields: [] },
  { type: 'EquipmentOrderCancelled', schemaVersion: 1, phiFields: [] },
];

export type EquipmentOrderCommand =
  | { type: 'OrderEquipment'; orderId: string; journeyId: string; supplierId: string; items: string[]; address: string; orderedAt: string }
  | { type: 'ConfirmEquipmentOrder'; expectedBy: string; confirmedAt: string }
  | { type: 'ShipEquipment'; trackingReference: string; shippedAt: string }
  | { type: 'ConfirmEquipmentDelivered'; deliveredAt: string }
  | { type: 'CancelEquipmentOrder'; reason: string; cancelledAt: string };

export type EquipmentOrderStatus = 'none' | 'ordered' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';

export interface EquipmentOrderState {
  status: EquipmentOrderStatus;
  orderId: string | null;
}

export const equipmentOrderDecider: Decider<EquipmentOrderState, EquipmentOrderCommand, EquipmentOrderEvent> = {
  initialState: () => ({ status: 'none', orderId: null }),
  decide: decideOrder,
  evolve: evolveOrder,
};

function decideOrder(state: EquipmentOrderState, command: EquipmentOrderCommand): EquipmentOrderEvent[] {
  const orderId = state.orderId ?? '';
  switch (command.type) {
    case 'OrderEquipment':
      return orderEquipment(state, command);
    case 'ConfirmEquipmentOrder':
      if (state.status === 'confirmed') return [];
      requireStatus(state, ['ordered'], 'confirmed');
      return [{ type: 'EquipmentOrderConfirmed', data: { orderId, expectedBy: command.expectedBy, confirmedAt: command.confirmedAt } }];
    case 'ShipEquipment':
      if (state.status === 'shipped') return [];
      requireStatus(state, ['confirmed'], 'shipped');
      return [{ type: 'EquipmentShipped', data: { orderId, trackingReference: command.trackingReference, shippedAt: command.shippedAt } }];
    case 'ConfirmEquipmentDelivered':
      if (state.status === 'delivered') return [];
      requireStatus(state, ['shipped'], 'delivered');
      return [{ type: 'EquipmentDelivered', data: { orderId, deliveredAt: command.deliveredAt } }];
    case 'CancelEquipmentOrder':
      if (state.status === 'cancelled') return [];
      requireStatus(state, ['ordered', 'confirmed'], 'cancelled');
      return [{ type: 'EquipmentOrderCancelled', data: { orderId, reason: command.reason, cancelledAt: command.cancelledAt } }];
    default:
      return assertNever(command, 'equipment order command');
  }
}

function orderEquipment(state: EquipmentOrderState, command: Extract<EquipmentOrderCommand, { type: 'OrderEquipment' }>): EquipmentOrderEvent[] {
  if (state.orderId === command.orderId) return [];
  requireStatus(state, ['none'], 'ordered');

  if (command.items.length === 0) {
    throw ValidationError.forField('items', 'must list at least one item');
  }
  const unknown = command.items.find((item) => !(EQUIPMENT_ITEMS as readonly string[]).includes(item));
  if (unknown) {
    throw ValidationError.forField('items', `unknown item '${unknown}'; order one of ${EQUIPMENT_ITEMS.join(', ')}`);
  }

  const { orderId, journeyId, supplierId, address, orderedAt } = command;
  return [{ type: 'EquipmentOrdered', data: { orderId, journeyId, supplierId, items: command.items as EquipmentItem[], address, orderedAt } }];
}

function requireStatus(state: EquipmentOrderState, allowed: EquipmentOrderStatus[], target: string): void {
  if (!allowed.includes(state.status)) {
    const which = state.orderId ? `order ${state.orderId}` : 'this order';
    throw new ConflictError(`${which} is ${state.status === 'none' ? 'not placed' : state.status}; it can become ${target} only from ${allowed.join(' or ')}`);
  }
}

function evolveOrder(state: EquipmentOrderState, event: EquipmentOrderEvent): EquipmentOrderState {
  switch (event.type) {
    case 'EquipmentOrdered':
      return { status: 'ordered', orderId: event.data.orderId };
    case 'EquipmentOrderConfirmed':
      return { ...state, status: 'confirmed' };
    case 'EquipmentShipped':
      return { ...state, status: 'shipped' };
    case 'EquipmentDelivered':
      return { ...state, status: 'delivered' };
    case 'EquipmentOrderCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return assertNever(event, 'equipment order event');
  }
}
