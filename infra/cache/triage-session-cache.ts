import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { TriageSession } from '../../domain/triage';

// Triage conversation states in Redis, shared by every API process, so a process that has not
// seen a session reads one entry and the events appended since instead of the whole stream.
//
// An entry is a snapshot at a stream version, with the id of the event at that version. The
// reader uses it only after reading the stream from that version and finding the same event
// there. A stream that was erased, or that never reached that version, makes the entry useless,
// and the session is rebuilt from its events. So a stale entry is never used.
//
// The states hold PHI (answers, findings), so Redis must be inside the trust boundary, and a
// patient's erasure calls purgePatient, which deletes every entry of the patient's sessions.

export interface SessionSnapshot {
  state: TriageSession;
  version: bigint;
  /** The id of the event at `version`, checked against the stream before the snapshot is used. */
  eventId: string;
  position: bigint;
}

interface StoredSnapshot {
  state: TriageSession;
  version: string;
  eventId: string;
  position: string;
}

export interface TriageSessionCacheOptions {
  prefix: string;
  /** How long an untouched conversation stays cached. */
  ttlSeconds?: number;
}

// A triage conversation takes minutes; half an hour covers a patient who pauses, and limits how
// long PHI sits in Redis after the conversation ends.
const DEFAULT_TTL_SECONDS = 30 * 60;

export class TriageSessionCache {
  private readonly ttlSeconds: number;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    options: TriageSessionCacheOptions,
  ) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.keyPrefix = `${options.prefix}:triage`;
  }

  /** Returns the cached snapshot of a session, or undefined when none is cached or Redis fails. */
  async get(sessionId: string): Promise<SessionSnapshot | undefined> {
    let stored: string | null;
    try {
      stored = await this.redis.get(this.sessionKey(sessionId));
    } catch (error) {
      this.logger.warn({ sessionId, err: error }, 'triage session cache unavailable; rebuilding the session from its events');
      return undefined;
    }
    if (!stored) return undefined;

    const snapshot = JSON.parse(stored) as StoredSnapshot;
    return { state: snapshot.state, version: BigInt(snapshot.version), eventId: snapshot.eventId, position: BigInt(snapshot.position) };
  }

  /**
   * Stores a snapshot unless a newer one is cached, and remembers the session under its patient for
   * purgePatient. A Redis failure is logged and ignored: the events remain the source of truth.
   */
  async put(sessionId: string, snapshot: SessionSnapshot): Promise<void> {
    const stored: StoredSnapshot = { state: snapshot.state, version: snapshot.version.toString(), eventId: snapshot.eventId, position: snapshot.position.toString() };
    try {
      await this.redis.eval(
        PUT_UNLESS_NEWER,
        2,
        this.sessionKey(sessionId),
        snapshot.state.patientId ? this.patientKey(snapshot.state.patientId) : '',
        JSON.stringify(stored),
        snapshot.version.toString(),
        String(this.ttlSeconds),
        sessionId,
      );
    } catch (error) {
      this.logger.warn({ sessionId, err: error }, 'triage session not cached; Redis failed');
    }
  }

  /** Deletes the cached state of one session. Unlike get and put, a Redis failure is thrown, because erasure must know. */
  async purgeSession(sessionId: string): Promise<void> {
    await this.redis.del(this.sessionKey(sessionId));
  }

  /** Deletes the cached states of every session of a patient, for the patient's erasure; a Redis failure is thrown. */
  async purgePatient(patientId: string): Promise<number> {
    const sessionIds = await this.redis.smembers(this.patientKey(patientId));
    const keys = sessionIds.map((sessionId) => this.sessionKey(sessionId));
    const deleted = keys.length > 0 ? await this.redis.del(...keys) : 0;
    await this.redis.del(this.patientKey(patientId));
    return deleted;
  }

  private sessionKey(sessionId: string): string {
    return `${this.keyPrefix}:session:${sessionId}`;
  }

  private patientKey(patientId: string): string {
    return `${this.keyPrefix}:patient-sessions:${patientId}`;
  }
}

// One round trip that keeps the newest snapshot when two processes store the same session, and
// keeps the patient's index at least as long as any session it lists.
const PUT_UNLESS_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = cjson.decode(current).version
  if tonumber(version) > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
if KEYS[2] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[4])
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[3]))
end
return 1
`;
