import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';

import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import { deliveryReportDecider, notificationStream, twilioOutcome, type DeliveryReport } from '../../domain/notifications';
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/shared/errors';
import { Public } from '../../infra/auth/route-access';
import { recordProviderReport } from '../../infra/notifications/outbox-dispatcher';
import { callbackUrl, isGenuineTwilioReport } from '../../infra/notifications/twilio-sender';
import { loggerFor } from '../../infra/observability/logger';
import { Runtime } from '../../infra/runtime/runtime';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';

const logger = loggerFor('twilio-status');
// Twilio's reports are a few hundred bytes; anything far larger is not one.
const MAX_REPORT_BYTES = 16_384;

/**
 * Twilio's status reports for the messages and calls the Twilio sender placed. Public, because
 * Twilio has no bearer token; the X-Twilio-Signature over the URL and parameters proves the sender.
 */
@Controller('api/v1/notifications/twilio')
export class TwilioStatusController {
  constructor(
    private readonly runtime: Runtime,
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  @Public()
  @Post('status')
  @HttpCode(204)
  async status(@Req() request: Request, @Query('key') key: string | undefined): Promise<void> {
    const twilio = this.runtime.config.notifications.twilio;
    if (!twilio) {
      throw new NotFoundError('Twilio is not configured, so no Twilio status report is expected here');
    }
    if (!key) {
      throw ValidationError.forField('key', 'is required; status callback URLs carry the message key');
    }
    const params = await readForm(request);
    if (!isGenuineTwilioReport(twilio.authToken, request.header('x-twilio-signature'), callbackUrl(twilio.statusCallbackUrl, key), params)) {
      logger.warn({ route: 'twilio-status' }, 'Twilio status report rejected: invalid signature');
      throw new ForbiddenError('the X-Twilio-Signature does not match this request; only Twilio may post status reports');
    }

    const sid = params.MessageSid ?? params.CallSid ?? '';
    const providerStatus = params.MessageStatus ?? params.CallStatus ?? '';
    const outcome = twilioOutcome(providerStatus);
    const at = new Date().toISOString();
    const known = await recordProviderReport(this.sql, { idempotencyKey: key, providerMessageId: sid, outcome, at });
    if (!known) {
      logger.warn({ providerStatus }, 'Twilio status report for a message the outbox does not hold; ignored');
      return;
    }
    if (outcome !== 'sent') {
      await this.record(key, sid, providerStatus, outcome, params.ErrorCode ?? null, at);
    }
  }

  private async record(key: string, sid: string, providerStatus: string, outcome: 'delivered' | 'failed', errorCode: string | null, at: string): Promise<void> {
    const report: DeliveryReport =
      outcome === 'delivered'
        ? { type: 'NotificationDelivered', data: { idempotencyKey: key, provider: 'twilio', providerMessageId: sid, providerStatus, deliveredAt: at } }
        : { type: 'NotificationFailed', data: { idempotencyKey: key, provider: 'twilio', providerMessageId: sid, providerStatus, errorCode, failedAt: at } };
    const commandId = `twilio-status/${sid}/${providerStatus}`;
    const context = { commandId, correlationId: commandId, causationId: null, actor: { id: 'twilio', role: 'system' }, receivedAt: at };
    await this.repository.handle(notificationStream(key), deliveryReportDecider, report, context);
  }
}

// The application parses JSON bodies only; Twilio posts application/x-www-form-urlencoded.
async function readForm(request: Request): Promise<Record<string, string>> {
  if (!request.is('application/x-www-form-urlencoded')) {
    throw new BadRequestError('a Twilio status report must be application/x-www-form-urlencoded', [{ field: 'body', rule: 'must be a form' }]);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REPORT_BYTES) {
      throw new BadRequestError(`a Twilio status report is at most ${MAX_REPORT_BYTES} bytes`, [{ field: 'body', rule: `must be at most ${MAX_REPORT_BYTES} bytes` }]);
    }
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}
