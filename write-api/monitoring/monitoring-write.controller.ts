import { randomUUID } from 'node:crypto';

import { Body, Controller, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';

import { SetContactPreferencesCommand } from '../../commands/monitoring/contact-preferences-commands';
import {
  AnswerCheckInCommand,
  RecordDoseCommand,
  StartMonitoringPlanCommand,
  type AnswerOutcome,
  type MonitoringPlanOutcome,
} from '../../commands/monitoring/monitoring-commands';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { patientFromParam, patientFromRecord } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { checkInPatient } from '../../read-api/monitoring/check-in-patient';
import { commandContextFrom } from '../shared/command-context.factory';
import {
  answersBody,
  checkInIdParam,
  contactPreferencesBody,
  doseBody,
  patientIdParam,
  startPlanBody,
  type AnswersBody,
  type ContactPreferencesBody,
  type DoseBody,
  type StartPlanBody,
} from './monitoring-schemas';

@Controller('api/v1')
export class MonitoringWriteController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Starts a monitoring plan by hand; care journeys send the same command themselves. */
  @Roles('provider', 'admin')
  @Post('monitoring-plans')
  @HttpCode(201)
  async startPlan(@Req() request: Request, @Body(new ZodValidationPipe(startPlanBody)) body: StartPlanBody) {
    const context = commandContextFrom(request);
    const input = { ...body, startedAt: body.startedAt ?? context.receivedAt };
    const outcome = await this.commandBus.execute<StartMonitoringPlanCommand, MonitoringPlanOutcome>(new StartMonitoringPlanCommand(input, context));
    return { planId: outcome.planId, condition: outcome.condition, events: outcome.eventTypes, idempotentReplay: outcome.idempotentReplay };
  }

  /** Records a patient's answers; an answer to a check-in that was not sent is a 409 naming its state. */
  @PhiRoute({ resource: 'QuestionnaireResponse', patientFrom: patientFromRecord, resolvePatient: checkInPatient })
  @Post('check-ins/:checkInId/answers')
  @HttpCode(201)
  async answer(@Req() request: Request, @Param('checkInId', new ZodValidationPipe(checkInIdParam)) checkInId: string, @Body(new ZodValidationPipe(answersBody)) body: AnswersBody) {
    const context = commandContextFrom(request);
    const input = { checkInId, answers: body.answers, answeredAt: body.answeredAt ?? context.receivedAt };
    const outcome = await this.commandBus.execute<AnswerCheckInCommand, AnswerOutcome>(new AnswerCheckInCommand(input, context));
    return { checkInId, events: outcome.eventTypes, idempotentReplay: outcome.idempotentReplay };
  }

  /** Records one dose as confirmed or missed; adherence is computed from these. */
  @PhiRoute({ resource: 'MedicationAdministration', patientFrom: patientFromParam('patientId') })
  @Post('patients/:patientId/doses')
  @HttpCode(201)
  async dose(@Req() request: Request, @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string, @Body(new ZodValidationPipe(doseBody)) body: DoseBody) {
    const context = commandContextFrom(request);
    const doseId = body.doseId ?? randomUUID();
    const input = { patientId, doseId, medication: body.medication, scheduledFor: body.scheduledFor, taken: body.status === 'confirmed', recordedAt: context.receivedAt };
    const outcome = await this.commandBus.execute<RecordDoseCommand, CommandOutcome>(new RecordDoseCommand(input, context));
    return { doseId, events: outcome.eventTypes, idempotentReplay: outcome.idempotentReplay };
  }

  /** Sets how the patient is reached: channel, language and addresses. */
  @PhiRoute({ resource: 'Patient', patientFrom: patientFromParam('patientId') })
  @Put('patients/:patientId/contact-preferences')
  @HttpCode(200)
  async contactPreferences(
    @Req() request: Request,
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Body(new ZodValidationPipe(contactPreferencesBody)) body: ContactPreferencesBody,
  ) {
    const context = commandContextFrom(request);
    const outcome = await this.commandBus.execute<SetContactPreferencesCommand, CommandOutcome>(
      new SetContactPreferencesCommand({ patientId, ...body, setAt: context.receivedAt }, context),
    );
    return { patientId, events: outcome.eventTypes };
  }
}
