import { randomUUID } from 'node:crypto';

import { Body, Controller, Delete, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { z } from 'zod';

import { RecordConsentDirectiveCommand, RevokeConsentDirectiveCommand } from '../../commands/consent/consent-commands';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import type { ConsentActor, ConsentCategory } from '../../domain/consent';
import { principalOf } from '../../infra/auth/principal';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Runtime } from '../../infra/runtime/runtime';
import { patientIdParam } from '../patients/patients-write.controller';
import { commandContextFrom } from '../shared/command-context.factory';
import { writeResponse } from '../shared/write-response';
import { consentWaitFor, directiveIdParam, recordConsentBody, type RecordConsentBody } from './consent-schemas';

/** Records and revokes consent directives; only the patient may change their own. */
@Controller('api/v1/patients/:patientId/consents')
@Roles('patient')
export class ConsentsWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly runtime: Runtime,
  ) {}

  @Post()
  @HttpCode(201)
  async record(
    @Req() request: Request,
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Body(new ZodValidationPipe(recordConsentBody)) body: RecordConsentBody,
    @Query(new ZodValidationPipe(consentWaitFor)) query: z.infer<typeof consentWaitFor>,
  ) {
    const context = commandContextFrom(request);
    const directiveId = body.directiveId ?? randomUUID();
    const data = {
      directiveId,
      patientId,
      category: body.category as ConsentCategory,
      providerId: body.providerId ?? null,
      note: body.note ?? null,
      recordedAt: context.receivedAt,
    };
    const outcome = await this.commandBus.execute<RecordConsentDirectiveCommand, CommandOutcome>(new RecordConsentDirectiveCommand(data, consentActorOf(request), context));
    return { directiveId, ...(await writeResponse(this.runtime, outcome, query.waitFor)) };
  }

  @Delete(':directiveId')
  @HttpCode(200)
  async revoke(
    @Req() request: Request,
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Param('directiveId', new ZodValidationPipe(directiveIdParam)) directiveId: string,
    @Query(new ZodValidationPipe(consentWaitFor)) query: z.infer<typeof consentWaitFor>,
  ) {
    const context = commandContextFrom(request);
    const data = { directiveId, patientId, revokedAt: context.receivedAt };
    const outcome = await this.commandBus.execute<RevokeConsentDirectiveCommand, CommandOutcome>(new RevokeConsentDirectiveCommand(data, consentActorOf(request), context));
    return { directiveId, ...(await writeResponse(this.runtime, outcome, query.waitFor)) };
  }
}

function consentActorOf(request: Request): ConsentActor {
  const principal = principalOf(request);
  return { id: principal?.subject ?? 'anonymous', patientId: principal?.role === 'patient' ? principal.patientId : undefined };
}
