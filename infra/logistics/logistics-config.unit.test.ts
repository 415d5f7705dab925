import { ConfigurationError, loadConfig } from '../../infra/config/config';

// The ride partner settings: the sandbox is the embedded default, production refuses it unless
// configured on purpose, and an HTTP partner needs its URL and key.

function problemsOf(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

const production = { NODE_ENV: 'production', OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: 'postgres://ohip:ohip@127.0.0.1:5432/ohip' };

describe('logistics configuration', () => {
  it('defaults to the sandbox dispatcher', () => {
    const config = loadConfig({});

    expect(config.logistics.ridePartners).toEqual(['sandbox-dispatcher']);
    expect(config.logistics.httpPartner).toBeUndefined();
  });

  it('refuses the sandbox in production', () => {
    expect(problemsOf(production)).toContainEqual(expect.stringMatching(/^OHIP_RIDE_PARTNERS: names the sandbox dispatcher in production/));
  });

  it('accepts the sandbox in production when allowed', () => {
    expect(problemsOf({ ...production, OHIP_ALLOW_SANDBOX_PARTNERS: 'true' }).filter((problem) => problem.startsWith('OHIP_RIDE_PARTNERS'))).toEqual([]);
  });

  it('requires the URL and key of an HTTP partner', () => {
    expect(problemsOf({ OHIP_RIDE_PARTNERS: 'health-rides' })).toEqual([
      'OHIP_RIDE_PARTNERS: names health-rides, which needs OHIP_RIDE_PARTNER_ID=health-rides, OHIP_RIDE_PARTNER_URL and OHIP_RIDE_PARTNER_API_KEY',
    ]);
  });

  it('reads an HTTP partner and the policy override', () => {
    const config = loadConfig({
      OHIP_RIDE_PARTNERS: 'health-rides,sandbox-dispatcher',
      OHIP_RIDE_PARTNER_ID: 'health-rides',
      OHIP_RIDE_PARTNER_URL: 'http://127.0.0.1:9100',
      OHIP_RIDE_PARTNER_API_KEY: 'key',
      OHIP_JOURNEY_POLICY: '{"maxRideAttempts":2}',
    });

    expect(config.logistics.httpPartner).toEqual({ partnerId: 'health-rides', baseUrl: 'http://127.0.0.1:9100', apiKey: 'key', timeoutMs: 5_000 });
    expect(config.logistics.journeyPolicyOverride).toEqual({ maxRideAttempts: 2 });
  });

  it('rejects a policy override that is not a JSON object', () => {
    const problem = 'OHIP_JOURNEY_POLICY: must be a JSON object of journey policy fields with positive numbers, such as {"maxRideAttempts":2}';

    expect(problemsOf({ OHIP_JOURNEY_POLICY: '[1,2]' })).toEqual([problem]);
    expect(problemsOf({ OHIP_JOURNEY_POLICY: '{"maxRideAttempts":"two"}' })).toEqual([problem]);
    expect(problemsOf({ OHIP_JOURNEY_POLICY: '{"retries":2}' })).toEqual([problem]);
  });
});
