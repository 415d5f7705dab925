// Medication deliveries and equipment orders: record the request on its stream, send it to the
// partner under the delivery or order id as idempotency key, and record the partner's response.
// Command ids are derived from the caller's, so a repeated call stores and places nothing twice.

import {
  equipmentOrderDecider,
  medicationDeliveryDecider,
  type EquipmentItem,
} from '../../domain/logistics';
import type { EquipmentSupplier, PharmacyPartner } from '../../infra/logistics/supply-partners';
import type { AggregateRepository } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

export const medicationDeliveryStreamId = (deliveryId: string): string => `medication-delivery-${deliveryId}`;
export const equipmentOrderStreamId = (orderId: string): string => `equipment-order-${orderId}`;

export interface MedicationDeliveryOrder {
  deliveryId: string;
  journeyId: string;
  pharmacyId: string;
  prescriptionReference: string;
  address: string;
}

export interface EquipmentOrderInput {
  orderId: string;
  journeyId: string;
  supplierId: string;
  items: EquipmentItem[];
  address: string;
}

export class SupplyService {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly pharmacy: PharmacyPartner,
    private readonly supplier: EquipmentSupplier,
  ) {}

  async requestMedicationDelivery(order: MedicationDeliveryOrder, context: CommandContext): Promise<'accepted' | 'rejected'> {
    const streamId = medicationDeliveryStreamId(order.deliveryId);
    await this.repository.handle(streamId, medicationDeliveryDecider, { type: 'RequestMedicationDelivery', ...order, requestedAt: context.receivedAt }, step(context, 'request'));

    const answer = await this.pharmacy.submit({ idempotencyKey: order.deliveryId, ...order, requestedAt: context.receivedAt });
    if (answer.outcome === 'rejected') {
      await this.repository.handle(streamId, medicationDeliveryDecider, { type: 'RecordMedicationDeliveryFailure', reason: answer.reason, failedAt: context.receivedAt }, step(context, 'failed'));
      return 'rejected';
    }
    await this.repository.handle(streamId, medicationDeliveryDecider, { type: 'AcceptMedicationDelivery', readyBy: answer.readyBy, acceptedAt: context.receivedAt }, step(context, 'accepted'));
    return 'accepted';
  }

  async orderEquipment(order: EquipmentOrderInput, context: CommandContext): Promise<'confirmed' | 'rejected'> {
    const streamId = equipmentOrderStreamId(order.orderId);
    await this.repository.handle(streamId, equipmentOrderDecider, { type: 'OrderEquipment', ...order, orderedAt: context.receivedAt }, step(context, 'order'));

    const answer = await this.supplier.place({ idempotencyKey: order.orderId, ...order, orderedAt: context.receivedAt });
    if (answer.outcome === 'rejected') {
      await this.repository.handle(streamId, equipmentOrderDecider, { type: 'CancelEquipmentOrder', reason: answer.reason, cancelledAt: context.receivedAt }, step(context, 'rejected'));
      return 'rejected';
    }
    await this.repository.handle(streamId, equipmentOrderDecider, { type: 'ConfirmEquipmentOrder', expectedBy: answer.expectedBy, confirmedAt: context.receivedAt }, step(context, 'confirmed'));
    return 'confirmed';
  }
}

function step(context: CommandContext, name: string): CommandContext {
  return { ...context, commandId: `${context.commandId}/${name}` };
}
