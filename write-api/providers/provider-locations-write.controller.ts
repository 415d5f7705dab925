import { Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { z } from 'zod';

import { RegisterProviderLocationCommand } from '../../commands/providers/provider-location-commands';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Runtime } from '../../infra/runtime/runtime';
import { commandContextFrom } from '../shared/command-context.factory';
import { waitForQuery, writeResponse } from '../shared/write-response';
import { Roles } from '../../infra/auth/route-access';

const registerLocationBody = z
  .object({
    locationId: z.string().regex(/^[A-Za-z0-9\-_.]{1,64}$/, 'must be 1 to 64 letters, digits, "-", "_" or "."'),
    serviceType: z.string().min(1).max(100),
    serviceDetail: z.string().max(200).optional(),
    name: z.object({ en: z.string().min(1).max(200), fr: z.string().min(1).max(200).optional() }),
    address: z.object({
      line1: z.string().min(1).max(200),
      line2: z.string().max(200).optional(),
      community: z.string().min(1).max(100),
      postalCode: z.string().max(10).optional(),
    }),
    coordinates: z.object({
      lat: z.number().min(-90, 'must be a latitude between -90 and 90').max(90, 'must be a latitude between -90 and 90'),
      lng: z.number().min(-180, 'must be a longitude between -180 and 180').max(180, 'must be a longitude between -180 and 180'),
    }),
  })
  .strict();

@Controller('api/v1')
export class ProviderLocationsWriteController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly runtime: Runtime,
  ) {}

  @Roles('admin')
  @Post('provider-locations')
  @HttpCode(201)
  async register(
    @Req() request: Request,
    @Body(new ZodValidationPipe(registerLocationBody)) body: z.infer<typeof registerLocationBody>,
    @Query(new ZodValidationPipe(waitForQuery)) query: z.infer<typeof waitForQuery>,
  ) {
    const context = commandContextFrom(request);
    const outcome = await this.commandBus.execute<RegisterProviderLocationCommand, CommandOutcome>(
      new RegisterProviderLocationCommand(
        {
          locationId: body.locationId,
          ministryId: null,
          serviceType: body.serviceType,
          serviceDetail: body.serviceDetail ?? null,
          name: { en: body.name.en, fr: body.name.fr ?? null },
          address: { line1: body.address.line1, line2: body.address.line2 ?? null, community: body.address.community, postalCode: body.address.postalCode ?? null },
          coordinates: body.coordinates,
          source: 'ohip-forward-api',
          registeredAt: context.receivedAt,
        },
        context,
      ),
    );
    return { locationId: body.locationId, ...(await writeResponse(this.runtime, outcome, query.waitFor)) };
  }
}
