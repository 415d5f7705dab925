import { z } from 'zod';

import { repositoryPath } from '../config/shared-data';

// The notification and monitoring settings, read with the rest of the configuration by
// loadConfig. 'outbox' (the default) only shows messages in the app; 'sandbox' also marks them
// delivered, labelled as sandbox; 'live' delivers SMS and voice through Twilio and e-mail through
// SMTP. Production never runs the sandbox.

export type NotificationDeliveryMode = 'outbox' | 'sandbox' | 'live';

export interface NotificationConfig {
  delivery: NotificationDeliveryMode;
  twilio?: { accountSid: string; authToken: string; fromNumber: string; statusCallbackUrl: string; apiBaseUrl?: string };
  smtp?: { url: string; from: string; messageIdDomain: string };
  careTeam: { email?: string; phone?: string };
  /** Base of the links in messages, such as the check-in page. */
  publicUrl: string;
  dispatchIntervalMs: number;
  /** Folder of the escalation rule files (*.yaml), loaded at start-up. */
  monitoringRulesDirectory: string;
}

const schema = z.object({
  OHIP_NOTIFICATION_DELIVERY: z.enum(['outbox', 'sandbox', 'live']).default('outbox'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +16135550100').optional(),
  TWILIO_STATUS_CALLBACK_URL: z.string().url().optional(),
  TWILIO_API_BASE_URL: z.string().url().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().email().optional(),
  OHIP_CARE_TEAM_EMAIL: z.string().email().optional(),
  OHIP_CARE_TEAM_PHONE: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number').optional(),
  OHIP_PUBLIC_URL: z.string().url().optional(),
  OHIP_NOTIFICATION_DISPATCH_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  OHIP_MONITORING_RULES_DIR: z.string().default(repositoryPath('config/monitoring-rules')),
});

/** Reads the notification settings; `problems` name each bad variable, as loadConfig reports them. */
export function parseNotificationConfig(
  environment: NodeJS.ProcessEnv,
  nodeEnv: string,
  port: number,
): { value: NotificationConfig | undefined; problems: string[] } {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) {
    return { value: undefined, problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  }

  const env = parsed.data;
  const problems: string[] = [];
  const twilioSet = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM_NUMBER, env.TWILIO_STATUS_CALLBACK_URL];
  if (twilioSet.some(Boolean) && !twilioSet.every(Boolean)) {
    problems.push('TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER and TWILIO_STATUS_CALLBACK_URL go together; set all four');
  }
  if (Boolean(env.SMTP_URL) !== Boolean(env.SMTP_FROM)) {
    problems.push('SMTP_URL: SMTP_URL and SMTP_FROM go together; set both');
  }
  const twilio = twilioSet.every(Boolean)
    ? {
        accountSid: env.TWILIO_ACCOUNT_SID!,
        authToken: env.TWILIO_AUTH_TOKEN!,
        fromNumber: env.TWILIO_FROM_NUMBER!,
        statusCallbackUrl: env.TWILIO_STATUS_CALLBACK_URL!,
        ...(env.TWILIO_API_BASE_URL ? { apiBaseUrl: env.TWILIO_API_BASE_URL } : {}),
      }
    : undefined;
  const smtp = env.SMTP_URL && env.SMTP_FROM ? { url: env.SMTP_URL, from: env.SMTP_FROM, messageIdDomain: env.SMTP_FROM.split('@')[1]! } : undefined;

  if (env.OHIP_NOTIFICATION_DELIVERY === 'live' && !twilio && !smtp) {
    problems.push('OHIP_NOTIFICATION_DELIVERY: live delivery needs Twilio (TWILIO_*) or SMTP (SMTP_URL, SMTP_FROM) configured');
  }
  if (env.OHIP_NOTIFICATION_DELIVERY === 'sandbox' && nodeEnv === 'production') {
    problems.push('OHIP_NOTIFICATION_DELIVERY: the sandbox sender is refused in production; configure Twilio or SMTP and choose live, or outbox');
  }
  if (nodeEnv === 'production' && env.TWILIO_API_BASE_URL) {
    problems.push('TWILIO_API_BASE_URL: is for tests against a local server and is refused in production');
  }

  return {
    value: {
      delivery: env.OHIP_NOTIFICATION_DELIVERY,
      ...(twilio ? { twilio } : {}),
      ...(smtp ? { smtp } : {}),
      careTeam: { ...(env.OHIP_CARE_TEAM_EMAIL ? { email: env.OHIP_CARE_TEAM_EMAIL } : {}), ...(env.OHIP_CARE_TEAM_PHONE ? { phone: env.OHIP_CARE_TEAM_PHONE } : {}) },
      publicUrl: (env.OHIP_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
      dispatchIntervalMs: env.OHIP_NOTIFICATION_DISPATCH_MS,
      monitoringRulesDirectory: env.OHIP_MONITORING_RULES_DIR,
    },
    problems,
  };
}
