// The triage conversation state, rebuilt from the session's events. A process keeps recent
// sessions in memory and reads only the events appended since, so a request costs one short
// read however long the conversation is, and another process writing the same session is seen.

import { Inject, Injectable, Optional } from '@nestjs/common';

import { triageSessionDecider, type TriageEvent, type TriageSession } from '../../domain/triage';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import { TRIAGE_SESSION_CACHE } from '../../infra/cache/cache-tokens';
import type { TriageSessionCache } from '../../infra/cache/triage-session-cache';
import { EVENT_STORE } from '../../infra/tokens';

/**
 * Sessions kept in memory. A session has at most 31 answers, so its state is an estimated few
 * kilobytes, and 2,000 sessions an estimated 10 MB of the 256 MB heap `npm run serve` allows.
 * An evicted session costs one full read of its stream.
 */
const cachedSessions = 2_000;

export const triageSessionStream = (sessionId: string) => `triage-session-${sessionId}`;

export interface LoadedSession {
  state: TriageSession;
  /** The stream version the state includes; 0 when the session has no events. */
  version: bigint;
  /** The global position of the session's last event; wait for it to read the session's writes. */
  position: bigint;
}

@Injectable()
export class TriageSessionStore {
  private readonly cache = new Map<string, LoadedSession>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Redis, shared by the API processes, when OHIP_REDIS_CACHES=true; null otherwise.
    @Optional() @Inject(TRIAGE_SESSION_CACHE) private readonly shared: TriageSessionCache | null = null,
  ) {}

  async load(sessionId: string): Promise<LoadedSession> {
    const remembered = this.cache.get(sessionId);
    const shared = remembered ? undefined : await this.loadShared(sessionId);
    const cached = remembered ?? shared;
    const since = cached?.version ?? 0n;
    const newer = shared?.newer ?? (await this.store.readStream(triageSessionStream(sessionId), { fromVersion: since + 1n }));

    const state = newer
      .map((event) => upcastStoredEvent(event) as unknown as TriageEvent)
      .reduce(triageSessionDecider.evolve, cached?.state ?? triageSessionDecider.initialState());
    const last = newer.at(-1);
    const loaded = { state, version: last?.streamVersion ?? since, position: last?.globalPosition ?? cached?.position ?? 0n };
    if (loaded.version > 0n) {
      this.remember(sessionId, loaded);
    }
    if (last && this.shared) {
      await this.shared.put(sessionId, { ...loaded, eventId: last.eventId });
    }
    return loaded;
  }

  // A shared snapshot counts only when the stream still has the same event at its version; the
  // events after it come with the same read.
  private async loadShared(sessionId: string): Promise<(LoadedSession & { newer: StoredEvent[] }) | undefined> {
    const snapshot = await this.shared?.get(sessionId);
    if (!snapshot) return undefined;

    const events = await this.store.readStream(triageSessionStream(sessionId), { fromVersion: snapshot.version });
    const [atVersion, ...newer] = events;
    if (atVersion?.eventId !== snapshot.eventId || atVersion.streamVersion !== snapshot.version) return undefined;
    return { state: snapshot.state, version: snapshot.version, position: snapshot.position, newer };
  }

  /** Tells whether the session's stream already contains the event with this id. */
  async hasEvent(sessionId: string, eventId: string): Promise<boolean> {
    const events = await this.store.readStream(triageSessionStream(sessionId));
    return events.some((event) => event.eventId === eventId);
  }

  // A Map iterates in insertion order, so deleting and re-inserting keeps the most recently used
  // session last and the first key is the one to evict.
  private remember(sessionId: string, loaded: LoadedSession): void {
    const current = this.cache.get(sessionId);
    if (current && current.version > loaded.version) return;

    this.cache.delete(sessionId);
    this.cache.set(sessionId, loaded);
    if (this.cache.size > cachedSessions) {
      this.cache.delete(this.cache.keys().next().value!);
    }
  }
}
