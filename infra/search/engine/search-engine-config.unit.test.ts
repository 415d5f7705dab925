import { ConfigurationError, loadConfig } from '../../config/config';

// OHIP_PROVIDER_SEARCH picks the engine; once an engine is named, production must name its
// server, and nothing falls back to the read model.

const production = { NODE_ENV: 'production', OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: 'postgres://ohip@db/ohip', OIDC_ISSUER: 'https://id.example.ca', OHIP_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

function problemsOf(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('provider search configuration', () => {
  it('searches the read model unless an engine is named', () => {
    expect(loadConfig({}).providerSearch).toEqual({ engine: 'postgresql' });
  });

  it('uses the named engine at its URL', () => {
    expect(loadConfig({ OHIP_PROVIDER_SEARCH: 'elasticsearch', ELASTICSEARCH_URL: 'http://es.internal:9200' }).providerSearch).toEqual({
      engine: 'elasticsearch',
      url: 'http://es.internal:9200',
    });
  });

  it('uses the local OpenSearch outside production when no URL is given', () => {
    expect(loadConfig({ OHIP_PROVIDER_SEARCH: 'opensearch' }).providerSearch).toEqual({ engine: 'opensearch', url: 'http://127.0.0.1:9200' });
  });

  // Other production rules may add their own problems; only the search ones are checked here.
  it('requires the engine URL in production', () => {
    const engineProblem = expect.stringMatching(/^OPENSEARCH_URL: is required in production/);

    expect(problemsOf({ ...production, OHIP_PROVIDER_SEARCH: 'opensearch' })).toContainEqual(engineProblem);
    expect(problemsOf({ ...production, OHIP_PROVIDER_SEARCH: 'opensearch', OPENSEARCH_URL: 'https://search.internal:9200' })).not.toContainEqual(engineProblem);
  });

  it('refuses an unknown engine and a URL that is not http', () => {
    expect(problemsOf({ OHIP_PROVIDER_SEARCH: 'solr' })).toContainEqual(expect.stringMatching(/^OHIP_PROVIDER_SEARCH:/));
    expect(problemsOf({ OHIP_PROVIDER_SEARCH: 'opensearch', OPENSEARCH_URL: 'ftp://search:21' })).toContainEqual(expect.stringMatching(/^OPENSEARCH_URL: must be an http/));
  });
});
