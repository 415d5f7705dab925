import { randomUUID } from 'node:crypto';

import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { z } from 'zod';

import { RescheduleAppointmentCommand, type RescheduleResult } from '../../commands/scheduling/reschedule-handler';
import { BookAppointmentCommand, CancelAppointmentCommand, OpenSlotsCommand } from '../../commands/scheduling/slot-command-handlers';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { commandContextFrom } from '../shared/command-context.factory';
import { waitForQuery, writeResponse } from '../shared/write-response';
import { actingPartyFrom } from './acting-party.factory';
import { SchedulingRuntime } from './scheduling-runtime';
import {
  bookAppointmentBody,
  cancelBody,
  openSlotsBody,
  rescheduleBody,
  schedulingId,
  type BookAppointmentBody,
  type CancelBody,
  type OpenSlotsBody,
  type RescheduleBody,
} from './scheduling-schemas';
import { Roles } from '../../infra/auth/route-access';

type WaitFor = z.infer<typeof waitForQuery>;

@Controller('api/v1')
export class AppointmentsWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly scheduling: SchedulingRuntime,
  ) {}

  /** Opens bookable slots, one stream each; a schedule is a list of them. */
  @Roles('provider', 'admin')
  @Post('slots')
  @HttpCode(201)
  async openSlots(@Req() request: Request, @Body(new ZodValidationPipe(openSlotsBody)) body: OpenSlotsBody, @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor) {
    const context = commandContextFrom(request);
    const outcomes = await this.commandBus.execute<OpenSlotsCommand, CommandOutcome[]>(new OpenSlotsCommand(body.slots, context));
    const last = outcomes.reduce((latest, outcome) => (outcome.position > latest.position ? outcome : latest));
    return { slotIds: body.slots.map((slot) => slot.slotId), ...(await writeResponse(this.scheduling.runtime, last, query.waitFor)) };
  }

  @Roles('patient', 'provider', 'admin')
  @Post('appointments/book')
  @HttpCode(201)
  async book(@Req() request: Request, @Body(new ZodValidationPipe(bookAppointmentBody)) body: BookAppointmentBody, @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor) {
    const context = commandContextFrom(request);
    const party = actingPartyFrom(request, context);
    const appointmentId = body.appointmentId ?? randomUUID();
    const data = { ...body, appointmentId };
    const outcome = await this.commandBus.execute<BookAppointmentCommand, CommandOutcome>(new BookAppointmentCommand(data, party, context));
    // A client reschedules or cancels by the returned id, which is looked up in the appointments
    // read model, so the answer waits for that projection unless the client asks for another.
    const waitFor = query.waitFor ?? 'appointments';
    return { appointmentId, slotId: body.slotId, ...(await writeResponse(this.scheduling.runtime, outcome, waitFor)) };
  }

  @Roles('patient', 'provider', 'admin')
  @Patch('appointments/:appointmentId/reschedule')
  async reschedule(
    @Req() request: Request,
    @Param('appointmentId', new ZodValidationPipe(schedulingId)) appointmentId: string,
    @Body(new ZodValidationPipe(rescheduleBody)) body: RescheduleBody,
    @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor,
  ) {
    const context = commandContextFrom(request);
    const party = actingPartyFrom(request, context);
    const result = await this.commandBus.execute<RescheduleAppointmentCommand, RescheduleResult>(
      new RescheduleAppointmentCommand({ appointmentId, toSlotId: body.toSlotId }, party, context),
    );

    // The reschedule wrote to two streams; waiting for the store's head covers both.
    const position = await this.scheduling.runtime.store.headPosition();
    const readModel = query.waitFor ? { projection: query.waitFor, caughtUp: await this.scheduling.runtime.waitForProjection(query.waitFor, position) } : undefined;
    return {
      appointmentId,
      slotId: body.toSlotId,
      rescheduleId: result.rescheduleId,
      status: result.process.status,
      position: position.toString(),
      ...(readModel ? { readModel } : {}),
    };
  }

  @Roles('patient', 'provider', 'admin')
  @Delete('appointments/:appointmentId/cancel')
  async cancel(
    @Req() request: Request,
    @Param('appointmentId', new ZodValidationPipe(schedulingId)) appointmentId: string,
    @Body(new ZodValidationPipe(cancelBody)) body: CancelBody,
    @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor,
  ) {
    const context = commandContextFrom(request);
    const party = actingPartyFrom(request, context);
    const outcome = await this.commandBus.execute<CancelAppointmentCommand, CommandOutcome>(
      new CancelAppointmentCommand({ appointmentId, reason: body.reason }, party, context),
    );
    return { appointmentId, status: 'cancelled', ...(await writeResponse(this.scheduling.runtime, outcome, query.waitFor)) };
  }
}
