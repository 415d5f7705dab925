import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  decideSlot,
  EMERGENCY_ADVICE,
  findSlots,
  initialSlotState,
  isSlotTakenError,
  slotDecider,
  slotStreamName,
  slotTakenError,
  type AlternativeSlot,
  type CancellationReason,
  type CareMode,
  type OpenSlot,
  type Urgency,
} from '../../domain/scheduling';
import { ValidationError } from '../../domain/shared/errors';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { loadCandidateSlots } from '../../projections/scheduling/candidate-slots';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import type { ActingParty } from './acting-party';
import { locateAppointment } from './appointment-lookup';

export interface SlotToOpen {
  slotId: string;
  providerId: string;
  facilityId: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  mode: CareMode;
  demo: boolean;
}

export class OpenSlotsCommand {
  constructor(readonly slots: readonly SlotToOpen[], readonly context: CommandContext) {}
}

export interface BookAppointmentData {
  slotId: string;
  appointmentId: string;
  patientId: string;
  urgency?: Urgency;
  visitReason?: string;
}

export class BookAppointmentCommand {
  constructor(readonly data: BookAppointmentData, readonly party: ActingParty, readonly context: CommandContext) {}
}

export class CancelAppointmentCommand {
  constructor(
    readonly data: { appointmentId: string; reason: CancellationReason },
    readonly party: ActingParty,
    readonly context: CommandContext,
  ) {}
}

// Alternatives to a taken slot are searched within 50 km of its facility: a patient who chose a
// clinic would travel to a neighbouring one, rarely to the next city.
const ALTERNATIVES_RADIUS_KM = 50;
const ALTERNATIVES_COUNT = 5;

@CommandHandler(OpenSlotsCommand)
export class OpenSlotsHandler implements ICommandHandler<OpenSlotsCommand, CommandOutcome[]> {
  constructor(private readonly repository: AggregateRepository) {}

  /** Opens every slot of a schedule, each in its own stream; a bad slot rejects the schedule before anything is stored. */
  async execute({ slots, context }: OpenSlotsCommand): Promise<CommandOutcome[]> {
    const commands = slots.map((slot): OpenSlot => ({ type: 'OpenSlot', ...slot, now: context.receivedAt }));
    commands.forEach((command, index) => decideWithField(command, `slots[${index}]`));

    const outcomes: CommandOutcome[] = [];
    for (const command of commands) {
      const slotContext = { ...context, commandId: `${context.commandId}/${command.slotId}` };
      outcomes.push(await this.repository.handle(slotStreamName(command.slotId), slotDecider, command, slotContext, { createsStream: true }));
    }
    return outcomes;
  }
}

@CommandHandler(BookAppointmentCommand)
export class BookAppointmentHandler implements ICommandHandler<BookAppointmentCommand, CommandOutcome> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  async execute({ data, party, context }: BookAppointmentCommand): Promise<CommandOutcome> {
    if (data.urgency === 'critical') {
      throw new ValidationError(`urgency: a critical patient needs emergency care now, not a clinic appointment; ${EMERGENCY_ADVICE.en}`, [
        { field: 'urgency', rule: 'a critical urgency is never booked into a clinic slot' },
      ], { advice: EMERGENCY_ADVICE });
    }

    const command = {
      type: 'BookSlot' as const,
      slotId: data.slotId,
      bookingId: data.appointmentId,
      patientId: data.patientId,
      actor: party.actor,
      mayActForPatient: party.mayActFor(data.patientId),
      now: context.receivedAt,
      ...(data.visitReason === undefined ? {} : { visitReason: data.visitReason }),
    };
    try {
      return await this.repository.handle(slotStreamName(data.slotId), slotDecider, command, context);
    } catch (error) {
      if (!isSlotTakenError(error)) throw error;
      throw slotTakenError(data.slotId, await this.alternativesTo(data.slotId, data.urgency, context.receivedAt));
    }
  }

  private async alternativesTo(slotId: string, urgency: Urgency | undefined, now: string): Promise<AlternativeSlot[]> {
    const { rows } = await this.sql.query<{ specialty: string; lat: number | null; lng: number | null }>(
      `select s.specialty, l.lat, l.lng from rm_slots.slots s
       left join rm_provider_locations.locations l on l.location_id = s.facility_id where s.slot_id = $1`,
      [slotId],
    );
    const taken = rows[0];
    if (!taken) return [];

    const origin = { lat: taken.lat ?? 0, lng: taken.lng ?? 0 };
    const search = { specialty: taken.specialty, urgency: urgency ?? 'non-urgent', origin, maxDistanceKm: ALTERNATIVES_RADIUS_KM, now };
    const windowEnd = new Date(Date.parse(now) + 31 * 86_400_000).toISOString();
    const candidates = await loadCandidateSlots(this.sql, {
      specialty: taken.specialty,
      startsAfter: now,
      startsBefore: windowEnd,
      near: taken.lat === null ? undefined : { origin, radiusKm: ALTERNATIVES_RADIUS_KM },
      excludeSlotIds: [slotId],
    });
    const result = findSlots(search, candidates, ALTERNATIVES_COUNT);
    if (result.outcome !== 'ranked') return [];
    return result.slots.map(({ slot }) => ({ slotId: slot.slotId, startsAt: slot.startsAt, facilityId: slot.facilityId, providerId: slot.providerId }));
  }
}

@CommandHandler(CancelAppointmentCommand)
export class CancelAppointmentHandler implements ICommandHandler<CancelAppointmentCommand, CommandOutcome> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  async execute({ data, party, context }: CancelAppointmentCommand): Promise<CommandOutcome> {
    const appointment = await locateAppointment(this.sql, data.appointmentId);
    const command = {
      type: 'CancelBooking' as const,
      slotId: appointment.slotId,
      bookingId: data.appointmentId,
      actor: party.actor,
      mayActForPatient: party.mayActFor(appointment.patientId),
      reason: data.reason,
      now: context.receivedAt,
    };
    return this.repository.handle(slotStreamName(appointment.slotId), slotDecider, command, context);
  }
}

function decideWithField(command: OpenSlot, prefix: string): void {
  try {
    decideSlot(initialSlotState(), command);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      `${prefix}: ${error.message}`,
      error.violations.map((violation) => ({ field: `${prefix}.${violation.field}`, rule: violation.rule })),
    );
  }
}

export const slotCommandHandlers = [OpenSlotsHandler, BookAppointmentHandler, CancelAppointmentHandler];
