import type { EventDefinition, EventRegistry } from '../../domain/shared/events';
import type { NewEvent, StoredEvent } from '../event-store/event-store.port';
import type { PhiCipher } from './phi-cipher';

// Encrypts the PHI fields of events on their way into the SQL event store and decrypts them on the
// way out, each under the data key of the patient the event belongs to. The patient is the
// event's own `patientId`. An event without one (a triage answer) belongs to the patient of the
// latest earlier event of its stream that names one. An event with no patient at all is stored
// in clear, and so is an event type whose definition lists no PHI fields.

/** The key in stored event data that names the patient whose data key encrypts the event's PHI. */
export const PHI_KEY_FIELD = '$phiKey';

/** Finds the patient of a stream from its stored events, for events that do not name one. */
export type StreamPatientLookup = (streamId: string) => Promise<string | undefined>;

const MAX_REMEMBERED_STREAMS = 10_000;

export class PhiEventCodec {
  private readonly streamPatients = new Map<string, string>();

  constructor(
    private readonly cipher: PhiCipher,
    private readonly registry: EventRegistry,
  ) {}

  /** Returns the events with their PHI encrypted. Data of events without PHI is passed through unchanged. */
  async encode(streamId: string, events: NewEvent[], lookup: StreamPatientLookup): Promise<NewEvent[]> {
    const encoded: NewEvent[] = [];
    let streamPatient = this.streamPatients.get(streamId);

    for (const event of events) {
      const named = patientNamedBy(event.data);
      if (named) {
        streamPatient = named;
        this.rememberStream(streamId, named);
      }

      const definition = this.registry.find(event.type);
      if (!definition || definition.phiFields.length === 0 || !isObject(event.data)) {
        encoded.push(event);
        continue;
      }

      if (!streamPatient) {
        streamPatient = await lookup(streamId);
        if (streamPatient) this.rememberStream(streamId, streamPatient);
      }
      if (!streamPatient) {
        encoded.push(event);
        continue;
      }

      const data = await this.cipher.encryptFields(definition, event.data, streamPatient);
      encoded.push({ ...event, data: { ...data, [PHI_KEY_FIELD]: streamPatient } });
    }
    return encoded;
  }

  /**
   * Returns the event with its PHI decrypted, or with each PHI value replaced by
   * `{ "$phi": "erased" }` once the patient's data key was destroyed.
   */
  async decode(event: StoredEvent): Promise<StoredEvent> {
    const patientId = encryptedFor(event.data);
    if (patientId === undefined) {
      return event;
    }

    const { [PHI_KEY_FIELD]: _key, ...data } = event.data as Record<string, unknown>;
    const definition: EventDefinition | undefined = this.registry.find(event.type);
    if (!definition) {
      return { ...event, data };
    }
    return { ...event, data: await this.cipher.decryptFields(definition, data, patientId) };
  }

  private rememberStream(streamId: string, patientId: string): void {
    if (this.streamPatients.size >= MAX_REMEMBERED_STREAMS && !this.streamPatients.has(streamId)) {
      const oldest = this.streamPatients.keys().next().value;
      if (oldest !== undefined) this.streamPatients.delete(oldest);
    }
    this.streamPatients.set(streamId, patientId);
  }
}

/** The patient whose key encrypted the stored event data, or undefined when it is in clear. */
export function encryptedFor(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  const patientId = data[PHI_KEY_FIELD];
  return typeof patientId === 'string' ? patientId : undefined;
}

function patientNamedBy(data: unknown): string | undefined {
  if (!isObject(data)) return undefined;
  return typeof data.patientId === 'string' && data.patientId.length > 0 ? data.patientId : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
