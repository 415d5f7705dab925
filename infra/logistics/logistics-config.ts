// Settings of the transport partners and the care-journey saga, read by infra/config/config.ts.
// The sandbox dispatcher is the embedded default. Production rejects it unless
// OHIP_ALLOW_SANDBOX_PARTNERS=true, for a system that is meant to run on a sandbox, such as a training system.

import { z } from 'zod';

import { SANDBOX_PARTNER_ID } from '../../domain/logistics/sandbox-dispatcher';

export const SANDBOX_PARTNER_PREFIX = SANDBOX_PARTNER_ID;

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

export const logisticsEnvironment = {
  OHIP_RIDE_PARTNERS: z.string().default(SANDBOX_PARTNER_ID),
  OHIP_ALLOW_SANDBOX_PARTNERS: flag.default('false'),
  OHIP_RIDE_PARTNER_ID: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and "-"').optional(),
  OHIP_RIDE_PARTNER_URL: z.string().url().optional(),
  OHIP_RIDE_PARTNER_API_KEY: z.string().min(1).optional(),
  OHIP_RIDE_PARTNER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  OHIP_SANDBOX_SEED: z.coerce.number().int().default(20_251_204),
  OHIP_SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0.1),
  OHIP_SANDBOX_UPDATE_INTERVAL_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  OHIP_JOURNEY_POLICY: z.string().optional(),
  OHIP_JOURNEY_TIMER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  OHIP_JOURNEY_TIMER_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  OHIP_JOURNEY_SAGA: z.enum(['api', 'worker']).default('api'),
  OHIP_JOURNEY_PARTITIONS: z.coerce.number().int().min(1).max(32).default(1),
};

const logisticsSchema = z.object(logisticsEnvironment);
type LogisticsEnvironment = z.output<typeof logisticsSchema> & { NODE_ENV: string };

export interface HttpPartnerConfig {
  partnerId: string;
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

export interface LogisticsConfig {
  /** Partner ids in order of preference; the journey tries them in this order. */
  ridePartners: string[];
  httpPartner: HttpPartnerConfig | undefined;
  sandbox: { seed: number; failureRate: number; updateIntervalMs: number };
  /** JSON overriding fields of the journey policy (durations, partners); tests use it to run journeys in seconds. */
  journeyPolicyOverride: Record<string, unknown>;
  journeyTimerPollMs: number;
  /** How long a timer delivery may run before another poll delivers it again; also the delay after a crash. */
  journeyTimerLeaseMs: number;
  /** The process that runs the journey saga: the API process, or worker.ts only. */
  journeySagaIn: 'api' | 'worker';
  /** Runners the journey saga is split over, each following its share of journeys. */
  journeyPartitions: number;
}

export const isSandboxPartner = (partnerId: string): boolean => partnerId.startsWith(SANDBOX_PARTNER_PREFIX);

/** Adds an issue for every logistics setting that is missing or unsafe. */
export function checkLogisticsEnvironment(env: LogisticsEnvironment, context: z.RefinementCtx): void {
  const partners = partnerList(env.OHIP_RIDE_PARTNERS);
  if (partners.length === 0) {
    context.addIssue({ code: 'custom', path: ['OHIP_RIDE_PARTNERS'], message: 'must name at least one ride partner, such as sandbox-dispatcher' });
  }
  if (env.NODE_ENV === 'production' && partners.some(isSandboxPartner) && !env.OHIP_ALLOW_SANDBOX_PARTNERS) {
    context.addIssue({
      code: 'custom',
      path: ['OHIP_RIDE_PARTNERS'],
      message: 'names the sandbox dispatcher in production; name a real partner, or set OHIP_ALLOW_SANDBOX_PARTNERS=true if a sandbox is wanted',
    });
  }
  for (const partnerId of partners.filter((id) => !isSandboxPartner(id))) {
    if (partnerId !== env.OHIP_RIDE_PARTNER_ID || !env.OHIP_RIDE_PARTNER_URL || !env.OHIP_RIDE_PARTNER_API_KEY) {
      context.addIssue({
        code: 'custom',
        path: ['OHIP_RIDE_PARTNERS'],
        message: `names ${partnerId}, which needs OHIP_RIDE_PARTNER_ID=${partnerId}, OHIP_RIDE_PARTNER_URL and OHIP_RIDE_PARTNER_API_KEY`,
      });
    }
  }
  if (env.OHIP_JOURNEY_POLICY !== undefined && !isJsonObject(env.OHIP_JOURNEY_POLICY)) {
    context.addIssue({ code: 'custom', path: ['OHIP_JOURNEY_POLICY'], message: 'must be a JSON object of journey policy fields with positive numbers, such as {"maxRideAttempts":2}' });
  }
}

export function logisticsConfigFrom(env: LogisticsEnvironment): LogisticsConfig {
  const httpPartner =
    env.OHIP_RIDE_PARTNER_ID && env.OHIP_RIDE_PARTNER_URL && env.OHIP_RIDE_PARTNER_API_KEY
      ? { partnerId: env.OHIP_RIDE_PARTNER_ID, baseUrl: env.OHIP_RIDE_PARTNER_URL, apiKey: env.OHIP_RIDE_PARTNER_API_KEY, timeoutMs: env.OHIP_RIDE_PARTNER_TIMEOUT_MS }
      : undefined;
  return {
    ridePartners: partnerList(env.OHIP_RIDE_PARTNERS),
    httpPartner,
    sandbox: { seed: env.OHIP_SANDBOX_SEED, failureRate: env.OHIP_SANDBOX_FAILURE_RATE, updateIntervalMs: env.OHIP_SANDBOX_UPDATE_INTERVAL_MS },
    journeyPolicyOverride: env.OHIP_JOURNEY_POLICY ? (JSON.parse(env.OHIP_JOURNEY_POLICY) as Record<string, unknown>) : {},
    journeyTimerPollMs: env.OHIP_JOURNEY_TIMER_POLL_MS,
    journeyTimerLeaseMs: env.OHIP_JOURNEY_TIMER_LEASE_MS,
    journeySagaIn: env.OHIP_JOURNEY_SAGA,
    journeyPartitions: env.OHIP_JOURNEY_PARTITIONS,
  };
}

function partnerList(value: string): string[] {
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

const positive = z.number().positive();
// The fields of JourneyPolicy (domain/journeys/journey-state.ts) that may be overridden.
const policyOverride = z
  .object({
    transportPartners: z.array(z.string().min(1)).min(1),
    maxRideAttempts: z.number().int().min(1),
    rideRetryBaseMs: positive,
    rideRetryCutoffMs: z.number().min(0),
    bookingDeadlineHours: z.object({ urgent: positive, routine: positive }).strict(),
    handoverCheckMinutes: positive,
    reminderHoursBefore: z.number().min(0),
    attendanceGraceHours: z.number().min(0),
    rebookingDeadlineHours: positive,
    followUpDays: positive,
  })
  .partial()
  .strict();

function isJsonObject(text: string): boolean {
  try {
    return policyOverride.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}
