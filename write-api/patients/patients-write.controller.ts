import { randomUUID } from 'node:crypto';

import { Body, Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { z } from 'zod';

import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import {
  ImportPatientRecordCommand,
  RecordObservationCommand,
  RegisterPatientCommand,
} from '../../commands/patients/patient-commands';
import { readPatientBundle } from '../../domain/patients/fhir-bundle';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Runtime } from '../../infra/runtime/runtime';
import { commandContextFrom } from '../shared/command-context.factory';
import { waitForQuery, writeResponse } from '../shared/write-response';
import {
  recordObservationBody,
  registerPatientBody,
  type RecordObservationBody,
  type RegisterPatientBody,
} from './patient-schemas';
import { Roles } from '../../infra/auth/route-access';

export const patientIdParam = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'patientId must be a FHIR id: 1 to 64 letters, digits, "-" or "."');

@Controller('api/v1')
export class PatientsWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly runtime: Runtime,
  ) {}

  @Roles('admin', 'provider')
  @Post('patients')
  @HttpCode(201)
  async register(
    @Req() request: Request,
    @Body(new ZodValidationPipe(registerPatientBody)) body: RegisterPatientBody,
    @Query(new ZodValidationPipe(waitForQuery)) query: z.infer<typeof waitForQuery>,
  ) {
    const context = commandContextFrom(request);
    const patientId = body.patientId ?? randomUUID();
    const outcome = await this.commandBus.execute<RegisterPatientCommand, CommandOutcome>(
      new RegisterPatientCommand(
        {
          patientId,
          sourceSystem: 'ohip-forward',
          sourceId: patientId,
          name: body.name,
          gender: body.gender,
          birthDate: body.birthDate,
          deceasedAt: null,
          address: body.address ? { ...body.address, country: body.address.country ?? 'CA' } : null,
          phone: body.phone ?? null,
          preferredLanguage: body.preferredLanguage,
          registeredAt: context.receivedAt,
        },
        context,
      ),
    );
    return { patientId, ...(await writeResponse(this.runtime, outcome, query.waitFor)) };
  }

  @Roles('provider')
  @Post('patients/:patientId/observations')
  @HttpCode(201)
  async recordObservation(
    @Req() request: Request,
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Body(new ZodValidationPipe(recordObservationBody)) body: RecordObservationBody,
    @Query(new ZodValidationPipe(waitForQuery)) query: z.infer<typeof waitForQuery>,
  ) {
    const context = commandContextFrom(request);
    const observationId = body.observationId ?? randomUUID();
    const outcome = await this.commandBus.execute<RecordObservationCommand, CommandOutcome>(
      new RecordObservationCommand(
        {
          patientId,
          observationId,
          category: body.category,
          code: body.code,
          value: { quantity: body.value.quantity ?? null, unit: body.value.unit ?? null, text: body.value.text ?? null, components: [] },
          effectiveAt: new Date(body.effectiveAt).toISOString(),
          recordedAt: context.receivedAt,
        },
        context,
      ),
    );
    return { observationId, ...(await writeResponse(this.runtime, outcome, query.waitFor)) };
  }

  /** Imports a FHIR R4 Bundle holding one patient's record; any bad entry refuses the whole bundle. */
  @Roles('admin')
  @Post('fhir/Bundle')
  @HttpCode(201)
  async importBundle(
    @Req() request: Request,
    @Body() bundle: unknown,
    @Query(new ZodValidationPipe(waitForQuery)) query: z.infer<typeof waitForQuery>,
  ) {
    const context = commandContextFrom(request);
    const record = readPatientBundle(bundle, context.receivedAt);
    const outcome = await this.commandBus.execute<ImportPatientRecordCommand, CommandOutcome>(
      new ImportPatientRecordCommand(record, context),
    );
    return {
      patientId: record.patient.patientId,
      conditions: record.conditions.length,
      observations: record.observations.length,
      ...(await writeResponse(this.runtime, outcome, query.waitFor)),
    };
  }
}
