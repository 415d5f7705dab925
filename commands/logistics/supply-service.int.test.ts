import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { SandboxEquipmentSupplier, SandboxPharmacy } from '../../infra/logistics/supply-partners';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { AggregateRepository } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import { equipmentOrderStreamId, medicationDeliveryStreamId, SupplyService } from './supply-service';

// Medication deliveries and equipment orders through the sandbox partners on PGlite: the
// partner's response is recorded, and a repeated call stores and places nothing twice.

const context = (commandId: string): CommandContext => ({
  commandId,
  correlationId: commandId,
  causationId: null,
  actor: { id: 'coordinator-1', role: 'provider' },
  receivedAt: '2025-03-10T10:00:00.000Z',
});

describe('supply service with sandbox partners', () => {
  let database: TestSql;
  let store: SqlEventStore;
  let pharmacy: SandboxPharmacy;
  let supplier: SandboxEquipmentSupplier;
  let service: SupplyService;

  beforeAll(async () => {
    database = await openPGliteForTests();
    store = await SqlEventStore.create(database.sql);
    pharmacy = new SandboxPharmacy();
    supplier = new SandboxEquipmentSupplier();
    service = new SupplyService(new AggregateRepository(store), pharmacy, supplier);
  });

  afterAll(async () => {
    await store.close();
    await database.dispose();
  });

  it('records an accepted medication delivery once', async () => {
    const order = { deliveryId: 'delivery-1', journeyId: 'journey-1', pharmacyId: 'pharmacy-1', prescriptionReference: 'RX-1', address: '1 King St W' };

    expect(await service.requestMedicationDelivery(order, context('delivery-1-request'))).toBe('accepted');
    expect(await service.requestMedicationDelivery(order, context('delivery-1-request'))).toBe('accepted');

    const events = await store.readStream(medicationDeliveryStreamId('delivery-1'));
    expect(events.map((event) => event.type)).toEqual(['MedicationDeliveryRequested', 'MedicationDeliveryAccepted']);
    expect(events[1]!.data).toEqual({ deliveryId: 'delivery-1', readyBy: '2025-03-10T14:00:00.000Z', acceptedAt: '2025-03-10T10:00:00.000Z' });
    expect(pharmacy.calls.get('delivery-1')).toBe(2);
  });

  it('records a rejected medication delivery as failed', async () => {
    const order = { deliveryId: 'delivery-2', journeyId: 'journey-1', pharmacyId: 'pharmacy-1', prescriptionReference: ' ', address: '1 King St W' };

    expect(await service.requestMedicationDelivery(order, context('delivery-2-request'))).toBe('rejected');

    const events = await store.readStream(medicationDeliveryStreamId('delivery-2'));
    expect(events.map((event) => event.type)).toEqual(['MedicationDeliveryRequested', 'MedicationDeliveryFailed']);
  });

  it('confirms an equipment order', async () => {
    const order = { orderId: 'order-1', journeyId: 'journey-1', supplierId: 'supplier-1', items: ['walker' as const], address: '1 King St W' };

    expect(await service.orderEquipment(order, context('order-1-place'))).toBe('confirmed');

    const events = await store.readStream(equipmentOrderStreamId('order-1'));
    expect(events.map((event) => event.type)).toEqual(['EquipmentOrdered', 'EquipmentOrderConfirmed']);
    expect(supplier.calls.get('order-1')).toBe(1);
  });
});
