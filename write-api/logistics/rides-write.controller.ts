import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';

import { ConflictError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Roles } from '../../infra/auth/route-access';
import { commandContextFrom } from '../shared/command-context.factory';
import { JourneysRuntime } from '../journeys/journeys-runtime';
import { journeyIdParam, journeyRideBody, partnerUpdateBody, type JourneyRideBody, type PartnerUpdateBody } from '../journeys/journeys-schemas';

/**
 * Rides outside the journey's own steps: a coordinator books one by hand, and partners post their
 * tracking updates. A ride for a closed journey gets a 409 that names the journey's state. A
 * partner status this product does not know gets a 422 that names the status. Neither stores anything.
 */
@Controller('api/v1')
export class RidesWriteController {
  constructor(private readonly journeys: JourneysRuntime) {}

  @Roles('provider', 'admin')
  @Post('journeys/:journeyId/rides')
  @HttpCode(201)
  async requestRide(@Req() request: Request, @Param('journeyId', new ZodValidationPipe(journeyIdParam)) journeyId: string, @Body(new ZodValidationPipe(journeyRideBody)) body: JourneyRideBody) {
    const context = commandContextFrom(request);
    const state = await this.journeys.inputs.load(journeyId);
    if (state.phase === 'new') {
      throw new ConflictError(`journey ${journeyId} has not started; a ride can be requested once triage has assessed it`);
    }
    const host = await this.journeys.host();
    const rideId = body.rideId ?? `${journeyId}:ride:coordinator:${context.commandId}`;
    const outcome = await host.rides.order(
      {
        rideId,
        journeyId,
        patientId: state.patientId ?? '',
        partnerId: body.partnerId ?? host.policy.transportPartners[0]!,
        mode: body.mode,
        pickup: body.pickup,
        dropoff: body.dropoff,
        arriveBy: body.arriveBy,
        journeyStatus: state.phase === 'closed' ? 'closed' : 'open',
      },
      context,
    );
    return { rideId, ...outcome };
  }

  @Roles('admin')
  @Post('rides/:rideId/partner-updates')
  @HttpCode(202)
  async partnerUpdate(@Req() request: Request, @Param('rideId', new ZodValidationPipe(journeyIdParam)) rideId: string, @Body(new ZodValidationPipe(partnerUpdateBody)) body: PartnerUpdateBody) {
    const context = commandContextFrom(request);
    const host = await this.journeys.host();
    await host.rides.request(rideId);
    await host.rides.recordUpdate(rideId, body, context);
    return { rideId, status: body.status };
  }
}
