import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';

import { NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { metricsRegistry } from '../../infra/observability/metrics';
import { Runtime } from '../../infra/runtime/runtime';
import { ImportStatus } from '../../infra/import/import-status';
import { Public, Roles } from '../../infra/auth/route-access';

const projectionName = z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be a projection name such as patients');

@Controller()
export class OperationsController {
  constructor(
    private readonly runtime: Runtime,
    private readonly importStatus: ImportStatus,
  ) {}

  /** Liveness: the process is up and its event loop answers. */
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: the store answers and every projection is running. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const projections = [...this.runtime.projections.values()].map((runner) => runner.status());
    let storeReachable = true;
    try {
      await this.runtime.store.headPosition();
    } catch {
      storeReachable = false;
    }

    const ready = storeReachable && projections.every((projection) => projection.running);
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', eventStore: this.runtime.store.kind, storeReachable, projections, import: this.importStatus.snapshot() };
  }

  @Roles('admin')
  @Get('metrics')
  async metrics(@Res() response: Response) {
    await Promise.all([...this.runtime.projections.values()].map((runner) => runner.measureLag().catch(() => undefined)));
    response.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }

  @Roles('admin')
  @Get('api/v1/projections')
  projections() {
    return [...this.runtime.projections.values()].map((runner) => runner.status());
  }

  // NOTE: no role check guards this yet; anyone who can reach the port can start a rebuild.
  @Roles('admin')
  @Post('api/v1/projections/:name/rebuild')
  @HttpCode(200)
  async rebuild(@Param('name', new ZodValidationPipe(projectionName)) name: string) {
    const runner = this.runtime.projections.get(name);
    if (!runner) {
      throw new NotFoundError(`projection ${name} does not exist; known: ${[...this.runtime.projections.keys()].join(', ')}`);
    }
    const result = await runner.rebuild();
    return { projection: name, ...result, status: runner.status() };
  }
}
