import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';

import { chooseTransportMode, estimatedRoadKm, estimateTransportCost, planPickup } from '../../domain/logistics';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { ValidationError } from '../../domain/shared/errors';

// What a ride to an appointment would be before the patient asks for one: the mode their acuity
// and mobility call for, its estimated cost, and the pickup time. The quote reads no record, so it
// needs only a signed-in caller.

const latitude = z.coerce.number().min(-90, 'must be a latitude from -90 to 90').max(90, 'must be a latitude from -90 to 90');
const longitude = z.coerce.number().min(-180, 'must be a longitude from -180 to 180').max(180, 'must be a longitude from -180 to 180');

const quoteQuery = z
  .object({
    acuity: z.enum(['critical', 'urgent', 'routine']).default('routine'),
    mobility: z.enum(['independent', 'needs-assistance', 'wheelchair', 'stretcher']),
    hasOwnTransport: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    fromLat: latitude,
    fromLon: longitude,
    toLat: latitude,
    toLon: longitude,
    appointmentAt: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  })
  .strict();

type QuoteQuery = z.infer<typeof quoteQuery>;

@Controller('api/v1/transport')
export class TransportQuoteController {
  @Roles('patient', 'provider', 'admin')
  @Get('quote')
  quote(@Query(new ZodValidationPipe(quoteQuery)) query: QuoteQuery) {
    const distanceKm = Math.round(estimatedRoadKm({ lat: query.fromLat, lon: query.fromLon }, { lat: query.toLat, lon: query.toLon }) * 10) / 10;
    if (distanceKm > 1000) {
      throw new ValidationError('the appointment is more than 1,000 km by road from the pickup; choose a nearer provider', [{ field: 'toLat', rule: 'must be within 1,000 km by road of the pickup' }]);
    }

    // Transit is left out: the quote cannot tell whether a route serves both ends.
    const decision = chooseTransportMode({ acuity: query.acuity, mobility: query.mobility, distanceKm, hasOwnTransport: query.hasOwnTransport, transitAvailable: false });
    const cost = estimateTransportCost(decision.mode, distanceKm);
    const pickup = query.appointmentAt ? planPickup(decision.mode, distanceKm, query.appointmentAt) : null;
    return { mode: decision.mode, reason: decision.reason, distanceKm, costEstimate: { amountCad: cost.amountCad, basis: cost.basis }, pickup };
  }
}
