// Pharmacy and equipment supplier ports, in the ride partner's style: each request carries an
// idempotency key the partner honours, and the partner accepts or rejects it. The sandbox adapters
// are labelled, simulated partners for demos and tests; they keep their answers per key in memory,
// so a request sent again gets the first answer back while the process runs.

export interface PharmacyOrder {
  idempotencyKey: string;
  deliveryId: string;
  pharmacyId: string;
  prescriptionReference: string;
  address: string;
  requestedAt: string;
}

export type PharmacyAnswer = { outcome: 'accepted'; readyBy: string } | { outcome: 'rejected'; reason: string };

export interface PharmacyPartner {
  readonly sandbox: boolean;
  submit(order: PharmacyOrder): Promise<PharmacyAnswer>;
}

export interface EquipmentRequest {
  idempotencyKey: string;
  orderId: string;
  supplierId: string;
  items: string[];
  address: string;
  orderedAt: string;
}

export type SupplierAnswer = { outcome: 'confirmed'; expectedBy: string } | { outcome: 'rejected'; reason: string };

export interface EquipmentSupplier {
  readonly sandbox: boolean;
  place(order: EquipmentRequest): Promise<SupplierAnswer>;
}

const HOUR_MS = 3_600_000;
/** The sandbox pharmacy prepares an order in four hours, a plausible same-day figure, not a measured one. */
const SANDBOX_PHARMACY_HOURS = 4;
/** The sandbox supplier delivers in two days. */
const SANDBOX_SUPPLIER_HOURS = 48;

export class SandboxPharmacy implements PharmacyPartner {
  readonly sandbox = true;
  private readonly answers = new Map<string, PharmacyAnswer>();
  /** Calls per idempotency key, for tests that check a request is not placed twice. */
  readonly calls = new Map<string, number>();

  async submit(order: PharmacyOrder): Promise<PharmacyAnswer> {
    this.calls.set(order.idempotencyKey, (this.calls.get(order.idempotencyKey) ?? 0) + 1);
    const known = this.answers.get(order.idempotencyKey);
    if (known) return known;

    const answer: PharmacyAnswer =
      order.prescriptionReference.trim() === ''
        ? { outcome: 'rejected', reason: 'sandbox pharmacy: no prescription reference' }
        : { outcome: 'accepted', readyBy: new Date(Date.parse(order.requestedAt) + SANDBOX_PHARMACY_HOURS * HOUR_MS).toISOString() };
    this.answers.set(order.idempotencyKey, answer);
    return answer;
  }
}

export class SandboxEquipmentSupplier implements EquipmentSupplier {
  readonly sandbox = true;
  private readonly answers = new Map<string, SupplierAnswer>();
  readonly calls = new Map<string, number>();

  async place(order: EquipmentRequest): Promise<SupplierAnswer> {
    this.calls.set(order.idempotencyKey, (this.calls.get(order.idempotencyKey) ?? 0) + 1);
    const known = this.answers.get(order.idempotencyKey);
    if (known) return known;

    const answer: SupplierAnswer = { outcome: 'confirmed', expectedBy: new Date(Date.parse(order.orderedAt) + SANDBOX_SUPPLIER_HOURS * HOUR_MS).toISOString() };
    this.answers.set(order.idempotencyKey, answer);
    return answer;
  }
}
