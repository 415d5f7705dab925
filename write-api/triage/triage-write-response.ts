import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import { writeResponse, type WriteResponse } from '../shared/write-response';

/**
 * The write response of a triage command, waiting for the rm_triage read model when asked.
 *
 * The Runtime class is required when the first request needs it, not when this file loads.
 * features.ts imports the triage module, and infra/runtime/runtime.ts imports features.ts
 * through the projection list. A static import would close that cycle, and the projection list
 * would then read features.ts before its arrays exist.
 */
@Injectable()
export class TriageWriteResponder {
  constructor(private readonly moduleRef: ModuleRef) {}

  async respond(outcome: CommandOutcome, waitFor: string | undefined): Promise<WriteResponse> {
    const { Runtime } = require('../../infra/runtime/runtime') as typeof import('../../infra/runtime/runtime');
    return writeResponse(this.moduleRef.get(Runtime, { strict: false }), outcome, waitFor);
  }
}
