import type { Logger } from 'pino';

import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import type { ScheduleOpened } from '../../domain/providers';
import { slotDecider, slotStreamName, type OpenSlot } from '../../domain/scheduling';
import { ValidationError } from '../../domain/shared/errors';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import type { EventSaga } from '../runner/saga-runner';

// Turns a provider's published schedule (ScheduleOpened, from the providers context) into
// bookable slots: one OpenSlot on its own slot-<slotId> stream per slot of the schedule. The
// command id is derived from the schedule and the slot, so a replay opens nothing twice.

export class ScheduleSlotsSaga implements EventSaga {
  readonly name = 'scheduling-schedule-slots';
  readonly eventTypes: ReadonlySet<string> = new Set(['ScheduleOpened']);
  private readonly repository: AggregateRepository;

  constructor(
    store: EventStore,
    private readonly logger: Logger,
  ) {
    this.repository = new AggregateRepository(store);
  }

  handles(event: StoredEvent): boolean {
    return event.type === 'ScheduleOpened';
  }

  async react(stored: StoredEvent): Promise<void> {
    const { providerId, scheduleId, specialty, facilityId, slots, demo, openedAt } = (stored as unknown as ScheduleOpened).data;
    let skipped = 0;

    for (const slot of slots) {
      const command: OpenSlot = { type: 'OpenSlot', ...slot, providerId, facilityId, specialty, demo, now: openedAt };
      const context = {
        commandId: `schedule/${scheduleId}/${slot.slotId}`,
        correlationId: stored.correlationId,
        causationId: stored.eventId,
        actor: { id: 'schedule-slots', role: 'system' },
        receivedAt: openedAt,
      };
      try {
        await this.repository.handle(slotStreamName(slot.slotId), slotDecider, command, context, { createsStream: true });
      } catch (error) {
        // A slot that had started when the schedule was published cannot be booked; the rest can.
        if (!(error instanceof ValidationError)) throw error;
        skipped += 1;
      }
    }

    if (skipped > 0) this.logger.warn({ scheduleId, skipped }, 'schedule slots not opened because they failed validation');
  }
}
