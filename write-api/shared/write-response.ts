import { z } from 'zod';

import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import type { Runtime } from '../../infra/runtime/runtime';

/** `?waitFor=<projection>` makes the write answer only once that read model shows it. */
export const waitForQuery = z.object({ waitFor: z.enum(['patients', 'provider_locations', 'slots', 'appointments', 'waitlist']).optional() }).passthrough();

export interface WriteResponse {
  streamId: string;
  streamVersion: string;
  position: string;
  events: string[];
  idempotentReplay: boolean;
  readModel?: { projection: string; caughtUp: boolean };
}

export async function writeResponse(runtime: Runtime, outcome: CommandOutcome, waitFor?: string): Promise<WriteResponse> {
  const response: WriteResponse = {
    streamId: outcome.streamId,
    streamVersion: outcome.streamVersion.toString(),
    position: outcome.position.toString(),
    events: outcome.eventTypes,
    idempotentReplay: outcome.idempotentReplay,
  };
  if (waitFor) {
    response.readModel = { projection: waitFor, caughtUp: await runtime.waitForProjection(waitFor, outcome.position) };
  }
  return response;
}
