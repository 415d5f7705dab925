// Injection tokens for the ports, so NestJS can hand the configured adapter to whoever needs it.
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL_SQL = Symbol('ReadModelSql');
export const APP_CONFIG = Symbol('AppConfig');
export const PROJECTIONS = Symbol('Projections');
