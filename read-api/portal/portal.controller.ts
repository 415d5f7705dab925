import { randomUUID } from 'node:crypto';

import { Controller, Get, Header, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';

import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import { alertAcknowledgementDecider, providerAlertsStream } from '../../domain/portal/alerts';
import { addCalendarDays, ontarioLocalTimeToUtc } from '../../domain/providers/ontario-time';
import { ForbiddenError, NotFoundError, UnavailableError } from '../../domain/shared/errors';
import { hasCareRelationship } from '../../infra/auth/access-facts';
import { principalOf } from '../../infra/auth/principal';
import { Roles } from '../../infra/auth/route-access';
import type { EventStore, StoredEvent, SubscriptionHandle } from '../../infra/event-store/event-store.port';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { loggerFor, requestScope } from '../../infra/observability/logger';
import type { SqlClient } from '../../infra/sql/sql-client';
import { Runtime } from '../../infra/runtime/runtime';
import { EVENT_STORE, READ_MODEL_SQL } from '../../infra/tokens';
import { PORTAL_FEED_EVENT_TYPES, PortalFeed } from './portal-feed';
import { alertById, alertsForProvider, scheduleForDay } from './portal-queries';

// The provider portal's API: the day's schedule, the open alerts, acknowledging one, and a live
// stream of bookings and alerts. The stream is server-sent events whose ids are global positions,
// so a browser that reconnects sends Last-Event-ID and resumes exactly after the last item it saw.

const logger = loggerFor('portal');
const HEARTBEAT_MS = 15_000;
const PORTAL_READ_MODELS = ['slots', 'appointments', 'care_relationships', 'portal'] as const;

const scheduleQuery = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').optional() }).strict();
const streamQuery = z.object({ after: z.string().regex(/^\d{1,20}$/, 'must be a global position: digits only').optional() }).strict();
const alertIdParam = z.string().regex(/^[A-Za-z0-9\-]{1,64}$/, 'must be an alert id');

@Controller('api/v1/portal')
@Roles('provider')
export class PortalController {
  private readonly feed: PortalFeed;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
    private readonly repository: AggregateRepository,
    private readonly runtime: Runtime,
  ) {
    this.feed = new PortalFeed(store, sql);
  }

  /** Lists the provider's appointments on one day in Ontario time (today by default). */
  @Get('schedule')
  async schedule(@Req() request: Request, @Query(new ZodValidationPipe(scheduleQuery)) query: z.infer<typeof scheduleQuery>) {
    const providerId = providerOf(request);
    const day = query.date ?? ontarioToday();
    const start = ontarioLocalTimeToUtc(day, 0);
    const end = ontarioLocalTimeToUtc(addCalendarDays(day, 1), 0);
    const position = await this.readModelsAtHead();
    return { date: day, items: await scheduleForDay(this.sql, providerId, start, end), position: position.toString() };
  }

  @Get('alerts')
  async alerts(@Req() request: Request) {
    const position = await this.readModelsAtHead();
    return { items: await alertsForProvider(this.sql, providerOf(request)), position: position.toString() };
  }

  @Post('alerts/:alertId/acknowledge')
  async acknowledge(@Req() request: Request, @Param('alertId', new ZodValidationPipe(alertIdParam)) alertId: string) {
    const providerId = providerOf(request);
    const alert = await alertById(this.sql, alertId);
    if (!alert) {
      throw new NotFoundError(`alert ${alertId} was not found; it may not have reached the read model yet, so retry in a moment`);
    }
    const now = new Date().toISOString();
    const inCare = await hasCareRelationship(this.sql, providerId, alert.patientId);
    const outcome = await this.repository.handle(
      providerAlertsStream(providerId),
      alertAcknowledgementDecider,
      { type: 'AcknowledgeAlert', alertId, providerId, alertIsForProvider: inCare, now },
      { commandId: `acknowledge:${providerId}:${alertId}`, correlationId: requestScope.getStore()?.correlationId ?? randomUUID(), causationId: null, actor: { id: providerId, role: 'provider' }, receivedAt: now },
    );
    return { alertId, status: 'acknowledged', position: outcome.position.toString() };
  }

  /**
   * Waits until the read models behind the portal show everything stored so far, and returns that
   * position. The portal opens its stream after it, so no item falls between the lists and the
   * stream. An item in both is shown once, by its id.
   */
  private async readModelsAtHead(): Promise<bigint> {
    const head = await this.store.headPosition();
    for (const projection of PORTAL_READ_MODELS) {
      if (!(await this.runtime.waitForProjection(projection, head))) {
        throw new UnavailableError(`the ${projection} read model is behind; retry in a moment`);
      }
    }
    return head;
  }

  /** Bookings and alerts for this provider as they are stored, as server-sent events. */
  @Get('stream')
  @Header('Content-Type', 'text/event-stream; charset=utf-8')
  async stream(@Req() request: Request, @Res() response: Response, @Query(new ZodValidationPipe(streamQuery)) query: z.infer<typeof streamQuery>) {
    const providerId = providerOf(request);
    const resumeFrom = request.header('last-event-id') ?? query.after;
    const after = resumeFrom && /^\d{1,20}$/.test(resumeFrom) ? BigInt(resumeFrom) : await this.store.headPosition();

    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 2000\nevent: ready\ndata: {"after":"${after.toString()}"}\n\n`);

    const subscription: SubscriptionHandle = this.store.subscribeToAll({
      after,
      eventTypes: PORTAL_FEED_EVENT_TYPES,
      handler: async (events: StoredEvent[]) => {
        for (const event of events) {
          const item = await this.feed.itemFor(event, providerId);
          if (item) {
            response.write(`id: ${event.globalPosition.toString()}\nevent: ${item.kind}\ndata: ${JSON.stringify(item)}\n\n`);
          }
        }
      },
      onError: (error) => {
        logger.warn({ err: error }, 'portal stream stopped; the browser reconnects and resumes');
        response.end();
      },
    });

    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    request.on('close', () => {
      clearInterval(heartbeat);
      void subscription.stop();
    });
  }
}

function providerOf(request: Request): string {
  const principal = principalOf(request);
  if (principal?.role !== 'provider' || !principal.providerId) {
    throw new ForbiddenError('the provider portal is for signed-in providers');
  }
  return principal.providerId;
}

function ontarioToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
