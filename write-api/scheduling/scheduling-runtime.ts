import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import type { Runtime } from '../../infra/runtime/runtime';

/**
 * The Runtime for the scheduling controllers, looked up on first use. infra/runtime/runtime.ts
 * imports features.ts through the projection list, and features.ts imports this module, so a
 * static import of the Runtime class here would load before that class is defined.
 */
@Injectable()
export class SchedulingRuntime {
  private resolved: Runtime | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  get runtime(): Runtime {
    if (this.resolved) return this.resolved;
    const { Runtime: RuntimeClass } = require('../../infra/runtime/runtime') as typeof import('../../infra/runtime/runtime');
    const runtime = this.moduleRef.get(RuntimeClass, { strict: false });
    this.resolved = runtime;
    return runtime;
  }

  get environment(): Runtime['config']['environment'] {
    return this.runtime.config.environment;
  }
}
