import { Injectable } from '@nestjs/common';

import { Runtime } from '../../infra/runtime/runtime';

/** The runtime as the scheduling controllers use it: engines, projections and the environment. */
@Injectable()
export class SchedulingRuntime {
  constructor(readonly runtime: Runtime) {}

  get environment(): Runtime['config']['environment'] {
    return this.runtime.config.environment;
  }
}
