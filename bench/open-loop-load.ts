import http from 'node:http';

// An open-loop load: requests leave at evenly spaced times whatever the server's speed, and each
// latency is measured from the moment its request was due, so a slow server cannot hide behind
// fewer requests (no coordinated omission). autocannon's rate limit was not used because it sends
// each second's budget at the start of the second, in bursts.

export interface OpenLoopResult {
  requests: number;
  errors: number;
  non2xx: number;
  seconds: number;
  latenciesMs: number[];
}

export async function runOpenLoop(baseUrl: string, paths: string[], ratePerSecond: number, seconds: number): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(baseUrl);
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.round(ratePerSecond * seconds);
  const latenciesMs: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const inFlight: Promise<void>[] = [];

  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const dueAt = started + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(wait)));
    }

    inFlight.push(
      send(agent, target, paths[index % paths.length]!).then(
        (status) => {
          latenciesMs.push(performance.now() - dueAt);
          if (status < 200 || status >= 300) non2xx++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();

  return { requests: latenciesMs.length, errors, non2xx, seconds: (performance.now() - started) / 1000, latenciesMs };
}

function send(agent: http.Agent, target: URL, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: target.hostname, port: target.port, path, agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}
