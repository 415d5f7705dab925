// The triage conversation over HTTP: start a session, send answers and vital signs until the
// intake is complete and assessed, or escalate to a person at any time.

import { Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';

import { intakeProgress } from '../../commands/triage/intake-progress';
import {
  EscalateTriageSessionCommand,
  RespondToTriageCommand,
  StartTriageSessionCommand,
  type TriageWriteResult,
} from '../../commands/triage/triage-commands';
import type { LoadedSession } from '../../commands/triage/triage-session-store';
import { classifyComplaintText, findComplaint, type Locale } from '../../domain/triage';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { assessmentView, complaintView, intakeView } from '../../read-api/triage/triage-views';
import { commandContextFrom } from '../shared/command-context.factory';
import {
  escalateTriageBody,
  respondTriageBody,
  startTriageBody,
  triageWaitForQuery,
  type EscalateTriageBody,
  type RespondTriageBody,
  type StartTriageBody,
  type TriageWaitForQuery,
} from './triage-schemas';
import { TriageWriteResponder } from './triage-write-response';
import { patientFromRecord, patientFromTriageStart } from '../../infra/auth/patient-from';
import { triageSessionPatientFromBody } from '../../infra/auth/patient-resolvers';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';

@Roles('patient', 'provider')
@Controller('api/v1/triage')
export class TriageWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly responder: TriageWriteResponder,
  ) {}

  // Start, respond and escalate each return the patient's findings, so each is a PHI route open
  // to the patient themself, a provider in their care, or break-glass.
  @PhiRoute({ resource: 'TriageSession', patientFrom: patientFromTriageStart })
  @Post('start')
  @HttpCode(201)
  async start(
    @Req() request: Request,
    @Body(new ZodValidationPipe(startTriageBody)) body: StartTriageBody,
    @Query(new ZodValidationPipe(triageWaitForQuery)) query: TriageWaitForQuery,
  ) {
    const context = commandContextFrom(request);
    const { session, outcome } = await this.commandBus.execute<StartTriageSessionCommand, TriageWriteResult>(
      new StartTriageSessionCommand({ ...body, patientId: patientFromTriageStart(request) ?? null }, context),
    );

    const { locale, findings } = session.state;
    const complaint = findComplaint(findings!.complaintId)!;
    return {
      sessionId: session.state.sessionId,
      status: session.state.status,
      locale,
      complaint: { ...complaintView(complaint, locale), source: body.complaintId === undefined ? 'classified' : 'selected' },
      suggestions: body.complaintId === undefined && body.complaintText !== undefined ? suggestionsFor(body.complaintText, locale) : [],
      ...intakeView(intakeProgress(findings!), locale),
      ...(await this.responder.respond(outcome, query.waitFor)),
    };
  }

  /** Records answers and vital signs; returns the next questions, or the assessment once complete. */
  @PhiRoute({ resource: 'TriageSession', patientFrom: patientFromRecord, resolvePatient: triageSessionPatientFromBody })
  @Post('respond')
  @HttpCode(200)
  async respond(
    @Req() request: Request,
    @Body(new ZodValidationPipe(respondTriageBody)) body: RespondTriageBody,
    @Query(new ZodValidationPipe(triageWaitForQuery)) query: TriageWaitForQuery,
  ) {
    const context = commandContextFrom(request);
    const replayable = request.header('idempotency-key') !== undefined;
    const { session, outcome } = await this.commandBus.execute<RespondToTriageCommand, TriageWriteResult>(
      new RespondToTriageCommand(body, context, replayable),
    );

    return {
      sessionId: body.sessionId,
      status: session.state.status,
      ...conversationView(session),
      ...(await this.responder.respond(outcome, query.waitFor)),
    };
  }

  @PhiRoute({ resource: 'TriageSession', patientFrom: patientFromRecord, resolvePatient: triageSessionPatientFromBody })
  @Post('escalate')
  @HttpCode(200)
  async escalate(
    @Req() request: Request,
    @Body(new ZodValidationPipe(escalateTriageBody)) body: EscalateTriageBody,
    @Query(new ZodValidationPipe(triageWaitForQuery)) query: TriageWaitForQuery,
  ) {
    const context = commandContextFrom(request);
    const { session, outcome } = await this.commandBus.execute<EscalateTriageSessionCommand, TriageWriteResult>(
      new EscalateTriageSessionCommand(body, context),
    );

    return {
      sessionId: body.sessionId,
      status: session.state.status,
      level: session.state.assessment?.level ?? null,
      ...(await this.responder.respond(outcome, query.waitFor)),
    };
  }
}

/** Returns the three most likely complaints for the patient's words, so the app can ask them to confirm. */
function suggestionsFor(complaintText: string, locale: Locale) {
  return classifyComplaintText(complaintText.trim()).suggestions.map(({ complaintId, probability }) => ({
    ...complaintView(findComplaint(complaintId)!, locale),
    probability,
  }));
}

function conversationView({ state }: LoadedSession) {
  if (state.status === 'in-progress') {
    return intakeView(intakeProgress(state.findings!), state.locale);
  }
  return { assessment: assessmentView(state, state.locale) };
}
