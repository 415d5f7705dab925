import { Injectable } from '@nestjs/common';

import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { Runtime } from '../../infra/runtime/runtime';
import { writeResponse, type WriteResponse } from '../shared/write-response';

/** The write response of a triage command, waiting for the rm_triage read model when asked. */
@Injectable()
export class TriageWriteResponder {
  constructor(private readonly runtime: Runtime) {}

  respond(outcome: CommandOutcome, waitFor: string | undefined): Promise<WriteResponse> {
    return writeResponse(this.runtime, outcome, waitFor);
  }
}
