import { randomUUID } from 'node:crypto';

import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { z } from 'zod';

import { AnswerOfferCommand, JoinWaitlistCommand } from '../../commands/scheduling/waitlist-command-handlers';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { commandContextFrom } from '../shared/command-context.factory';
import { waitForQuery, writeResponse } from '../shared/write-response';
import { actingPartyFrom } from './acting-party.factory';
import { SchedulingRuntime } from './scheduling-runtime';
import { joinWaitlistBody, schedulingId, type JoinWaitlistBody } from './scheduling-schemas';
import { Roles } from '../../infra/auth/route-access';

type WaitFor = z.infer<typeof waitForQuery>;

@Roles('patient', 'provider', 'admin')
@Controller('api/v1/waitlist')
export class WaitlistWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly scheduling: SchedulingRuntime,
  ) {}

  @Post('add')
  @HttpCode(201)
  async add(@Req() request: Request, @Body(new ZodValidationPipe(joinWaitlistBody)) body: JoinWaitlistBody, @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor) {
    const context = commandContextFrom(request);
    const party = actingPartyFrom(request, context);
    const entryId = body.entryId ?? randomUUID();
    const outcome = await this.commandBus.execute<JoinWaitlistCommand, CommandOutcome>(new JoinWaitlistCommand({ ...body, entryId }, party, context));
    return { entryId, ...(await writeResponse(this.scheduling.runtime, outcome, query.waitFor)) };
  }

  @Post('offers/:offerId/accept')
  @HttpCode(200)
  accept(@Req() request: Request, @Param('offerId', new ZodValidationPipe(schedulingId)) offerId: string, @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor) {
    return this.answer(request, offerId, 'accept', query.waitFor);
  }

  @Post('offers/:offerId/decline')
  @HttpCode(200)
  decline(@Req() request: Request, @Param('offerId', new ZodValidationPipe(schedulingId)) offerId: string, @Query(new ZodValidationPipe(waitForQuery)) query: WaitFor) {
    return this.answer(request, offerId, 'decline', query.waitFor);
  }

  private async answer(request: Request, offerId: string, answer: 'accept' | 'decline', waitFor: WaitFor['waitFor']) {
    const context = commandContextFrom(request);
    const party = actingPartyFrom(request, context);
    const outcome = await this.commandBus.execute<AnswerOfferCommand, CommandOutcome>(new AnswerOfferCommand({ offerId, answer }, party, context));
    return { offerId, answer, ...(await writeResponse(this.scheduling.runtime, outcome, waitFor)) };
  }
}
