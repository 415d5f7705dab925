import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Every metric the product exports, in one place. Labels carry names and codes (projection,
// route, status), never identifiers of patients or any other PHI.

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ohip_' });

export const httpRequestDuration = new Histogram({
  name: 'ohip_http_request_duration_seconds',
  help: 'HTTP request duration by route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [metricsRegistry],
});

export const commandsTotal = new Counter({
  name: 'ohip_commands_total',
  help: 'Commands handled, by command and outcome (accepted, rejected, conflict, replayed)',
  labelNames: ['command', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const projectionPosition = new Gauge({
  name: 'ohip_projection_checkpoint_position',
  help: 'Global position of the last event a projection has applied',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const projectionLagSeconds = new Gauge({
  name: 'ohip_projection_lag_seconds',
  help: 'Age of the last applied event while a projection is behind; 0 once it has caught up',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const projectionLagEvents = new Gauge({
  name: 'ohip_projection_lag_events',
  help: 'Events stored but not yet applied by a projection (counted up to 100,000)',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const projectionEventsTotal = new Counter({
  name: 'ohip_projection_events_total',
  help: 'Events applied by a projection',
  labelNames: ['projection'] as const,
  registers: [metricsRegistry],
});

export const projectionBatchDuration = new Histogram({
  name: 'ohip_projection_batch_duration_seconds',
  help: 'Time to apply one batch and move the checkpoint, in one transaction',
  labelNames: ['projection'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  registers: [metricsRegistry],
});

export const importRecordsTotal = new Counter({
  name: 'ohip_import_records_total',
  help: 'Shared data records imported at start-up, by data set and outcome',
  labelNames: ['dataset', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const kafkaRelayPublishedTotal = new Counter({
  name: 'ohip_kafka_relay_published_total',
  help: 'Integration events the Kafka relay published and the broker acknowledged, by topic',
  labelNames: ['topic'] as const,
  registers: [metricsRegistry],
});

export const kafkaRelayLagSeconds = new Gauge({
  name: 'ohip_kafka_relay_lag_seconds',
  help: 'Age of the last event the Kafka relay published while it is behind; 0 once it has caught up',
  registers: [metricsRegistry],
});

export const kafkaRelayCheckpointPosition = new Gauge({
  name: 'ohip_kafka_relay_checkpoint_position',
  help: 'Global position of the last event the Kafka relay has published (or passed over as unmapped)',
  registers: [metricsRegistry],
});

export const kafkaRelaySendFailuresTotal = new Counter({
  name: 'ohip_kafka_relay_send_failures_total',
  help: 'Batches the Kafka relay failed to publish and will send again',
  registers: [metricsRegistry],
});

export const analyticsIntegrationEventsTotal = new Counter({
  name: 'ohip_analytics_integration_events_total',
  help: 'Integration events the analytics consumer received, by outcome (applied, duplicate, rejected)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
