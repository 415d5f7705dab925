import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

import type { EventStore } from '../event-store/event-store.port';
import type { SqlExecutor } from '../sql/sql-client';

// The contract between the routes that return protected health information, the authorization
// guard that decides who may call them, and the auditor that records every attempt. A route that
// returns PHI is marked with @PhiRoute. The guard and the audit interceptor read that metadata,
// and the test that enumerates the routes catches a PHI route without it.

export type Role = 'patient' | 'provider' | 'admin' | 'analyst' | 'auditor';

/** The caller, as established from a verified bearer token. */
export interface Principal {
  /** The token's subject. */
  subject: string;
  role: Role;
  /** Set for role patient: the patient this person is. */
  patientId?: string;
  /** Set for role provider: the provider this person is. */
  providerId?: string;
}

export interface PhiRouteOptions {
  /** The FHIR-style resource type the route returns, e.g. 'Patient', 'Appointment', 'TriageAssessment'. */
  resource: string;
  /**
   * The patient whose record the route reads, taken from the request (a path parameter, a query
   * parameter). Undefined when the route reads a record found by another id; the guard then
   * resolves the patient from the read models before it decides.
   */
  patientFrom: (request: Request) => string | undefined;
  /** The reason the record is read, recorded with the access; 'treatment' by default. */
  purpose?: string;
  /**
   * Finds the patient when patientFrom returns undefined because the route names another record
   * (an appointment, a triage session). Returns undefined when that record does not exist.
   */
  resolvePatient?: PatientResolver;
  /**
   * True when the route lists many patients' records at once (a registry search, a waitlist).
   * No care relationship covers such a read, so only break-glass opens it.
   */
  population?: boolean;
}

/** The read models and the event store, for finding the patient a record belongs to. */
export interface PatientLookup {
  sql: SqlExecutor;
  store: Pick<EventStore, 'readStream'>;
}

export type PatientResolver = (request: Request, lookup: PatientLookup) => Promise<string | undefined>;

/**
 * The patientId recorded for an access that names no single patient: a population read, or a
 * record id that matched nothing.
 */
export const NO_SINGLE_PATIENT = '*';

export const PHI_ROUTE = Symbol('phi-route');

/** Marks a route that reads protected health information. */
export const PhiRoute = (options: PhiRouteOptions): MethodDecorator & ClassDecorator => SetMetadata(PHI_ROUTE, options);

/** One attempt to read a patient's record, allowed or denied. */
export interface AccessEntry {
  actor: string;
  role: Role | 'anonymous';
  purpose: string;
  patientId: string;
  resource: string;
  /** The route template, never the path: the path may name the patient. */
  route: string;
  result: 'allowed' | 'denied';
  /** Set when access was allowed by break-glass; such accesses are flagged for review. */
  breakGlassReason?: string;
  correlationId: string;
  accessedAt: string;
}

export interface AccessAuditor {
  record(entry: AccessEntry): Promise<void>;
}

export const ACCESS_AUDITOR = Symbol('ACCESS_AUDITOR');
