import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { ConflictError, ValidationError } from '../shared/errors';
import { equipmentOrderDecider, type EquipmentOrderCommand, type EquipmentOrderEvent } from './equipment-order';
import { medicationDeliveryDecider, type MedicationDeliveryCommand, type MedicationDeliveryEvent } from './medication-delivery';

const requestDelivery: MedicationDeliveryCommand = {
  type: 'RequestMedicationDelivery',
  deliveryId: 'del-1',
  journeyId: 'journey-1',
  pharmacyId: 'pharmacy-9',
  prescriptionReference: 'rx-55',
  address: '100 Queen St W, Toronto',
  requestedAt: '2025-03-10T09:00:00.000Z',
};

function decideDelivery(history: MedicationDeliveryEvent[], command: MedicationDeliveryCommand) {
  return medicationDeliveryDecider.decide(foldEvents(medicationDeliveryDecider, history), command);
}

describe('medication delivery', () => {
  it('moves from request to delivery', () => {
    const history: MedicationDeliveryEvent[] = [];
    const steps: MedicationDeliveryCommand[] = [
      requestDelivery,
      { type: 'AcceptMedicationDelivery', readyBy: '2025-03-10T12:00:00.000Z', acceptedAt: '2025-03-10T09:05:00.000Z' },
      { type: 'DispatchMedicationDelivery', courier: 'bike courier', dispatchedAt: '2025-03-10T12:10:00.000Z' },
      { type: 'ConfirmMedicationDelivered', receivedBy: 'patient', deliveredAt: '2025-03-10T12:40:00.000Z' },
    ];
    for (const step of steps) {
      history.push(...decideDelivery(history, step));
    }

    expect(history.map((event) => event.type)).toEqual([
      'MedicationDeliveryRequested',
      'MedicationDeliveryAccepted',
      'MedicationDeliveryDispatched',
      'MedicationDelivered',
    ]);
  });

  it('rejects dispatch before the pharmacy accepts', () => {
    const history = decideDelivery([], requestDelivery);

    expect(() => decideDelivery(history, { type: 'DispatchMedicationDelivery', courier: 'c', dispatchedAt: '2025-03-10T10:00:00.000Z' })).toThrow(
      /delivery del-1 is requested; it can become dispatched only from accepted/,
    );
  });

  it('rejects cancelling a dispatched delivery', () => {
    const history: MedicationDeliveryEvent[] = [
      ...decideDelivery([], requestDelivery),
      { type: 'MedicationDeliveryAccepted', data: { deliveryId: 'del-1', readyBy: 'x', acceptedAt: 'x' } },
      { type: 'MedicationDeliveryDispatched', data: { deliveryId: 'del-1', courier: 'c', dispatchedAt: 'x' } },
    ];

    expect(() => decideDelivery(history, { type: 'CancelMedicationDelivery', reason: 'r', cancelledAt: 'x' })).toThrow(ConflictError);
  });
});

const order: EquipmentOrderCommand = {
  type: 'OrderEquipment',
  orderId: 'eq-1',
  journeyId: 'journey-1',
  supplierId: 'supplier-2',
  items: ['bathroom-scale', 'pulse-oximeter'],
  address: '100 Queen St W, Toronto',
  orderedAt: '2025-03-10T09:00:00.000Z',
};

describe('equipment order', () => {
  it('rejects an unknown item', () => {
    expect(() => equipmentOrderDecider.decide(equipmentOrderDecider.initialState(), { ...order, items: ['jetpack'] } as EquipmentOrderCommand)).toThrow(
      ValidationError,
    );
  });

  it('follows the order lifecycle for any command sequence', () => {
    const command = fc.constantFrom<EquipmentOrderCommand>(
      order,
      { type: 'ConfirmEquipmentOrder', expectedBy: '2025-03-12T00:00:00.000Z', confirmedAt: '2025-03-10T10:00:00.000Z' },
      { type: 'ShipEquipment', trackingReference: 'T1', shippedAt: '2025-03-11T10:00:00.000Z' },
      { type: 'ConfirmEquipmentDelivered', deliveredAt: '2025-03-12T10:00:00.000Z' },
      { type: 'CancelEquipmentOrder', reason: 'not needed', cancelledAt: '2025-03-10T11:00:00.000Z' },
    );
    const allowedNext: Record<string, string[]> = {
      start: ['EquipmentOrdered'],
      EquipmentOrdered: ['EquipmentOrderConfirmed', 'EquipmentOrderCancelled'],
      EquipmentOrderConfirmed: ['EquipmentShipped', 'EquipmentOrderCancelled'],
      EquipmentShipped: ['EquipmentDelivered'],
      EquipmentDelivered: [],
      EquipmentOrderCancelled: [],
    };

    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
        const history: EquipmentOrderEvent[] = [];
        for (const next of commands) {
          try {
            history.push(...equipmentOrderDecider.decide(foldEvents(equipmentOrderDecider, history), next));
          } catch (error) {
            expect(error).toBeInstanceOf(ConflictError);
          }
        }
        history.forEach((event, index) => {
          const previous = index === 0 ? 'start' : history[index - 1]!.type;
          expect(allowedNext[previous]).toContain(event.type);
        });
      }),
    );
  });
});
