import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';

import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Roles } from '../../infra/auth/route-access';
import { commandContextFrom } from '../shared/command-context.factory';
import { JourneysRuntime } from './journeys-runtime';
import {
  attendanceBody,
  emergencyVisitBody,
  journeyIdParam,
  transportNeedsBody,
  type AttendanceBody,
  type EmergencyVisitBody,
  type TransportNeedsBody,
} from './journeys-schemas';

/** The journey's inputs from people: transport needs, attendance and the emergency visit. */
@Controller('api/v1/journeys')
export class JourneysWriteController {
  constructor(private readonly journeys: JourneysRuntime) {}

  @Roles('patient', 'provider', 'admin')
  @Post(':journeyId/transport-needs')
  @HttpCode(202)
  async transportNeeds(@Req() request: Request, @Param('journeyId', new ZodValidationPipe(journeyIdParam)) journeyId: string, @Body(new ZodValidationPipe(transportNeedsBody)) body: TransportNeedsBody) {
    const context = commandContextFrom(request);
    const stored = await this.journeys.inputs.record({ type: 'TransportNeedsRecorded', data: { journeyId, ...body, recordedAt: context.receivedAt } }, context);
    return { journeyId, position: stored.position.toString(), idempotentReplay: stored.idempotentReplay };
  }

  @Roles('provider', 'admin')
  @Post(':journeyId/appointments/:appointmentId/attendance')
  @HttpCode(202)
  async attendance(
    @Req() request: Request,
    @Param('journeyId', new ZodValidationPipe(journeyIdParam)) journeyId: string,
    @Param('appointmentId', new ZodValidationPipe(journeyIdParam)) appointmentId: string,
    @Body(new ZodValidationPipe(attendanceBody)) body: AttendanceBody,
  ) {
    const context = commandContextFrom(request);
    const stored = await this.journeys.inputs.record(
      { type: 'AppointmentAttendanceRecorded', data: { journeyId, patientId: body.patientId, appointmentId, attended: body.attended, recordedAt: context.receivedAt } },
      context,
    );
    return { journeyId, position: stored.position.toString(), idempotentReplay: stored.idempotentReplay };
  }

  @Roles('provider', 'admin')
  @Post(':journeyId/emergency-visit')
  @HttpCode(202)
  async emergencyVisit(@Req() request: Request, @Param('journeyId', new ZodValidationPipe(journeyIdParam)) journeyId: string, @Body(new ZodValidationPipe(emergencyVisitBody)) body: EmergencyVisitBody) {
    const context = commandContextFrom(request);
    const stored = await this.journeys.inputs.record({ type: 'EmergencyVisitRecorded', data: { journeyId, ...body, recordedAt: context.receivedAt } }, context);
    return { journeyId, position: stored.position.toString(), idempotentReplay: stored.idempotentReplay };
  }
}
