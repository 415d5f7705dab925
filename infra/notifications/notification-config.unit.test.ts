import { ConfigurationError, loadConfig } from '../config/config';
import { parseNotificationConfig } from './notification-config';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_FROM_NUMBER: '+16135550100',
  TWILIO_STATUS_CALLBACK_URL: 'https://ohip.example.test/api/v1/notifications/twilio/status',
};

function problems(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('notification configuration', () => {
  it('shows messages in the app only, by default', () => {
    expect(loadConfig({}).notifications).toMatchObject({ delivery: 'outbox', careTeam: {}, publicUrl: 'http://localhost:8080' });
  });

  it('refuses the sandbox sender in production', () => {
    const sandbox = parseNotificationConfig({ OHIP_NOTIFICATION_DELIVERY: 'sandbox' }, 'production', 8080);
    const testServer = parseNotificationConfig({ ...TWILIO, TWILIO_API_BASE_URL: 'http://127.0.0.1:9999' }, 'production', 8080);

    expect(sandbox.problems).toEqual([expect.stringMatching(/^OHIP_NOTIFICATION_DELIVERY: the sandbox sender is refused in production/)]);
    expect(testServer.problems).toEqual([expect.stringMatching(/^TWILIO_API_BASE_URL: is for tests against a local server/)]);
    expect(parseNotificationConfig({ OHIP_NOTIFICATION_DELIVERY: 'sandbox' }, 'development', 8080).problems).toEqual([]);
  });

  it('refuses live delivery without a configured sender', () => {
    expect(problems({ OHIP_NOTIFICATION_DELIVERY: 'live' })).toContainEqual(expect.stringMatching(/live delivery needs Twilio .* or SMTP/));
  });

  it('refuses a partial Twilio configuration and a malformed account SID', () => {
    expect(problems({ TWILIO_AUTH_TOKEN: 'token' })).toContainEqual(expect.stringMatching(/go together; set all four/));
    expect(problems({ ...TWILIO, TWILIO_ACCOUNT_SID: 'AC123' })).toContainEqual('TWILIO_ACCOUNT_SID: must be AC followed by 32 hex digits');
  });

  it('accepts live Twilio and SMTP delivery', () => {
    const config = loadConfig({ ...TWILIO, SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_FROM: 'no-reply@ohip.example.test', OHIP_NOTIFICATION_DELIVERY: 'live' });

    expect(config.notifications.twilio).toMatchObject({ fromNumber: '+16135550100' });
    expect(config.notifications.smtp).toEqual({ url: 'smtp://127.0.0.1:2525', from: 'no-reply@ohip.example.test', messageIdDomain: 'ohip.example.test' });
  });
});
