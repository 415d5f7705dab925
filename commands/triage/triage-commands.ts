// The triage session's command handlers: start a session, record answers and vital signs (and
// assess once the intake is complete), and escalate to a person. Every write goes through the
// AggregateRepository, so it is decided on the stream's current state and appended with
// optimistic concurrency and the request's Idempotency-Key.

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  triageSessionDecider,
  type Answer,
  type EscalateTriage,
  type Locale,
  type Sex,
  type StartTriage,
  type TriageCommand,
  type VitalSigns,
} from '../../domain/triage';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/shared/errors';
import { uuidFromName } from '../../infra/event-store/uuid';
import { loggerFor } from '../../infra/observability/logger';
import { buildAssessTriageCommand, UrgencyModel } from '../../ml/triage';
import { AggregateRepository, eventIdFor, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import { decideInOrder, triageBatchDecider } from './decide-in-order';
import { intakeProgress } from './intake-progress';
import { escalationRequesterFor } from './triage-access';
import { triageSessionStream, TriageSessionStore, type LoadedSession } from './triage-session-store';

// Only ids, codes, levels and counts are logged: answers, free text and vital signs are PHI.
const logger = loggerFor('triage');

export interface StartTriageSessionData {
  patientId: string | null;
  locale: Locale;
  age: number;
  sex: Sex;
  complaintId?: string;
  complaintText?: string;
}

export class StartTriageSessionCommand {
  constructor(readonly data: StartTriageSessionData, readonly context: CommandContext) {}
}

export interface TriageResponseData {
  sessionId: string;
  answers: ReadonlyArray<{ questionId: string; answer: Answer }>;
  vitals?: VitalSigns;
  /** When the patient measured the vital signs; the request time when absent. */
  measuredAt?: string;
  /** The patient wants the assessment now, leaving the remaining questions unanswered. */
  finish: boolean;
}

export class RespondToTriageCommand {
  /** `replayable` is true when the client sent an Idempotency-Key, so the request may be a retry. */
  constructor(readonly data: TriageResponseData, readonly context: CommandContext, readonly replayable: boolean) {}
}

export class EscalateTriageSessionCommand {
  constructor(readonly data: { sessionId: string; reason: string }, readonly context: CommandContext) {}
}

export interface TriageWriteResult {
  session: LoadedSession;
  outcome: CommandOutcome;
}

/**
 * Derives the session id of a start request from its command id, so that a start retried with
 * the same Idempotency-Key lands on the same stream and is stored once.
 */
export function triageSessionIdFor(context: CommandContext): string {
  return uuidFromName(`triage-session/${context.commandId}`);
}

// NOTE: a session started without a patient id is stored under a per-session placeholder, so it
// cannot be linked to the patient's record later, even after the patient signs in.
function anonymousPatientId(sessionId: string): string {
  return `anonymous-${sessionId}`;
}

@CommandHandler(StartTriageSessionCommand)
export class StartTriageSessionHandler implements ICommandHandler<StartTriageSessionCommand, TriageWriteResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly sessions: TriageSessionStore,
  ) {}

  async execute({ data, context }: StartTriageSessionCommand): Promise<TriageWriteResult> {
    const sessionId = triageSessionIdFor(context);
    const command: StartTriage = {
      type: 'StartTriage',
      data: {
        sessionId,
        patientId: data.patientId ?? anonymousPatientId(sessionId),
        startedAt: context.receivedAt,
        locale: data.locale,
        age: data.age,
        sex: data.sex,
        ...(data.complaintId !== undefined ? { complaintId: data.complaintId } : {}),
        ...(data.complaintText !== undefined ? { complaintText: data.complaintText } : {}),
      },
    };

    const outcome = await this.repository.handle(triageSessionStream(sessionId), triageSessionDecider, command, context, { createsStream: true });
    const session = await this.sessions.load(sessionId);
    logger.info({ sessionId, complaintId: session.state.findings?.complaintId, replay: outcome.idempotentReplay }, 'triage session started');
    return { session, outcome };
  }
}

@CommandHandler(RespondToTriageCommand)
export class RespondToTriageHandler implements ICommandHandler<RespondToTriageCommand, TriageWriteResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly sessions: TriageSessionStore,
    @Inject(UrgencyModel) private readonly model: UrgencyModel,
  ) {}

  async execute({ data, context, replayable }: RespondToTriageCommand): Promise<TriageWriteResult> {
    const loaded = await this.loadStarted(data.sessionId);
    if (replayable && (await this.sessions.hasEvent(data.sessionId, eventIdFor(context, 0)))) {
      return { session: loaded, outcome: unchanged(loaded, data.sessionId, true) };
    }
    requireOpen(loaded, data.sessionId);
    requireMeasuredBefore(data.measuredAt, context.receivedAt);

    // Deciding here first rejects bad input before the model runs, and gives the findings the
    // model must see: the ones these answers lead to.
    const commands = toTriageCommands(data, context.receivedAt);
    const decided = decideInOrder(loaded.state, commands);
    const progress = intakeProgress(decided.state.findings!, data.finish);
    if (progress.completedBecause !== null) {
      commands.push(await buildAssessTriageCommand(decided.state, context.receivedAt, this.model));
    }
    if (commands.length === 0) {
      return { session: loaded, outcome: unchanged(loaded, data.sessionId, false) };
    }

    // The repository decides again on the stream as it is now. If another request changed the
    // session meanwhile, the rules still see the final answers, so they stay the floor.
    const outcome = await this.repository.handle(triageSessionStream(data.sessionId), triageBatchDecider, commands, context);
    const session = await this.sessions.load(data.sessionId);
    logger.info(
      { sessionId: data.sessionId, events: outcome.eventTypes.length, status: session.state.status, level: session.state.assessment?.level, completedBecause: progress.completedBecause },
      'triage response recorded',
    );
    return { session, outcome };
  }

  private async loadStarted(sessionId: string): Promise<LoadedSession> {
    const loaded = await this.sessions.load(sessionId);
    if (loaded.state.status === 'not-started') {
      throw new NotFoundError(`triage session ${sessionId} does not exist; start a session with POST /api/v1/triage/start`);
    }
    return loaded;
  }
}

@CommandHandler(EscalateTriageSessionCommand)
export class EscalateTriageSessionHandler implements ICommandHandler<EscalateTriageSessionCommand, TriageWriteResult> {
  constructor(
    private readonly repository: AggregateRepository,
    private readonly sessions: TriageSessionStore,
  ) {}

  async execute({ data, context }: EscalateTriageSessionCommand): Promise<TriageWriteResult> {
    const command: EscalateTriage = {
      type: 'EscalateTriage',
      data: { sessionId: data.sessionId, escalatedAt: context.receivedAt, requestedBy: escalationRequesterFor(context.actor), reason: data.reason },
    };
    const outcome = await this.repository.handle(triageSessionStream(data.sessionId), triageSessionDecider, command, context);
    const session = await this.sessions.load(data.sessionId);
    logger.info({ sessionId: data.sessionId, requestedBy: command.data.requestedBy, level: session.state.assessment?.level }, 'triage session escalated');
    return { session, outcome };
  }
}

function toTriageCommands(data: TriageResponseData, receivedAt: string): TriageCommand[] {
  const answers: TriageCommand[] = data.answers.map(({ questionId, answer }) => ({
    type: 'RespondToQuestion',
    data: { sessionId: data.sessionId, questionId, answer, answeredAt: receivedAt },
  }));
  const vitals: TriageCommand[] = data.vitals
    ? [{ type: 'RecordVitalSigns', data: { sessionId: data.sessionId, vitals: data.vitals, measuredAt: data.measuredAt ?? receivedAt, recordedAt: receivedAt } }]
    : [];
  return [...answers, ...vitals];
}

function requireOpen(loaded: LoadedSession, sessionId: string): void {
  const { status } = loaded.state;
  if (status === 'assessed' || status === 'escalated') {
    throw new ConflictError(`triage session ${sessionId} is ${status} and takes no more answers; start a new session for a new problem`);
  }
}

/** Allows a clock on the patient's device this far ahead of the server's. */
const deviceClockSkewMs = 5 * 60_000;

function requireMeasuredBefore(measuredAt: string | undefined, receivedAt: string): void {
  if (measuredAt !== undefined && Date.parse(measuredAt) > Date.parse(receivedAt) + deviceClockSkewMs) {
    throw ValidationError.forField('measuredAt', `must not be in the future (got ${measuredAt}, the server received the request at ${receivedAt}); check the device clock`);
  }
}

/** Builds the outcome of a request that stored nothing: a retry of a stored request, or nothing to record. */
function unchanged(loaded: LoadedSession, sessionId: string, replay: boolean): CommandOutcome {
  return { streamId: triageSessionStream(sessionId), streamVersion: loaded.version, position: loaded.position, eventTypes: [], idempotentReplay: replay };
}

export const triageCommandHandlers = [StartTriageSessionHandler, RespondToTriageHandler, EscalateTriageSessionHandler];
