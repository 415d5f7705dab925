import { AsyncLocalStorage } from 'node:async_hooks';

import pino, { type Logger } from 'pino';

// JSON logs, one line an entry: a fixed message plus fields. Request and event payloads are never
// logged because they hold PHI; log ids, codes, counts and durations instead.

export interface RequestScope {
  correlationId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

// Lines are written asynchronously, and lines logged while a write is in flight go out together.
// Writing each request's line synchronously to stdout took a third of the CPU under load. main.ts
// flushes on shutdown and on a fatal start-up error, so only a hard kill can lose the last lines.
const destination = pino.destination({ dest: 1, sync: false });

export const rootLogger: Logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'ohip-forward' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    // A second guard: fields with these names are dropped if a payload slips into a log call.
    paths: ['*.name', '*.birthDate', '*.address', '*.phone', '*.data', 'data', 'body', '*.body'],
    remove: true,
  },
  mixin() {
    const scope = requestScope.getStore();
    return scope ? { correlationId: scope.correlationId } : {};
  },
}, destination);

/** Writes out buffered log lines; call before the process exits. */
export function flushLogs(): void {
  destination.flushSync();
}

/** A logger named after the component, carrying the request's correlation id when there is one. */
export function loggerFor(component: string): Logger {
  return rootLogger.child({ component });
}
