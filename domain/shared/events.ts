// Event definitions. Every event type names its schema version and the fields of its data that
// hold personal health information (PHI), so the encryption layer can find them without knowing
// the event. Older schema versions are turned into the current one on read by upcasters.

/** An event as a decider produces it: a past-tense type and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Turns data written under `fromVersion` into data of `fromVersion + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDefinition<Type extends string = string> {
  type: Type;
  /** The version that new events of this type are written with. */
  schemaVersion: number;
  /**
   * Dot paths into the event data whose values are PHI, e.g. "name.family" or
   * "contact.phone". A path ending in "[]" marks every element of an array.
   */
  phiFields: readonly string[];
  /** upcasters[v] turns version v into v + 1, for every v below schemaVersion. */
  upcasters?: Readonly<Record<number, Upcaster>>;
}

/** Runs the upcasters of a definition from the stored version up to the current one. */
export function upcast(definition: EventDefinition, storedVersion: number, data: unknown): unknown {
  if (storedVersion > definition.schemaVersion) {
    throw new Error(
      `${definition.type} stored with schema version ${storedVersion}, newer than this build's ` +
        `${definition.schemaVersion}; deploy the newer build before reading these events`,
    );
  }

  let current = data;
  for (let version = storedVersion; version < definition.schemaVersion; version++) {
    const step = definition.upcasters?.[version];
    if (!step) {
      throw new Error(`${definition.type} has no upcaster from schema version ${version}`);
    }
    current = step(current);
  }
  return current;
}

/** A lookup of event definitions by type, built once per process from every context's list. */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();

  register(...definitions: EventDefinition[]): this {
    for (const definition of definitions) {
      const existing = this.definitions.get(definition.type);
      if (existing && existing !== definition) {
        throw new Error(`event type ${definition.type} is defined twice`);
      }
      this.definitions.set(definition.type, definition);
    }
    return this;
  }

  find(type: string): EventDefinition | undefined {
    return this.definitions.get(type);
  }

  all(): EventDefinition[] {
    return [...this.definitions.values()];
  }
}
