import type { Database } from '../db/database.js';
import { EVENTS_CHANNEL, type EventKind } from '../db/events.js';

// Tells the streams of this process when their conversation has new events (docs/console.md,
// "Live events"). Every process on the database LISTENs on one channel; a notification names the
// conversation and the event, and each stream of that conversation reads what it has not sent
// from the table. So a visitor's stream on one process hears an agent's reply written by another.

/**
 * What a stream is told: read the new events (`id`: the one that was just written; none after a
 * lost connection), or here is one that is not kept (typing).
 */
export type Signal = { kind: 'stored'; id?: string } | { kind: 'transient'; event: EventKind; data: unknown };

type Listener = (signal: Signal) => void;
/** Hears every conversation's events (an agent's stream, which filters them by widget). */
type AnyListener = (conversationId: string | undefined, signal: Signal) => void;

export class EventBus {
  readonly #db: Database;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #everything = new Set<AnyListener>();
  #listening?: Promise<unknown>;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Calls `listener` for each new event of `conversationId` until the returned function is called. */
  async subscribe(conversationId: string, listener: Listener): Promise<() => void> {
    await this.#listen();
    let set = this.#listeners.get(conversationId);
    if (!set) this.#listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(conversationId);
    };
  }

  /** Calls `listener` for every event of every conversation until the returned function is called. */
  async subscribeAll(listener: AnyListener): Promise<() => void> {
    await this.#listen();
    this.#everything.add(listener);
    return () => void this.#everything.delete(listener);
  }

  /** Listens from the first stream on, for as long as the database is open. */
  #listen(): Promise<unknown> {
    if (!this.#db.listen) throw new Error('this database cannot LISTEN: live events need PostgreSQL or PGlite');
    this.#listening ??= this.#db
      .listen(
        EVENTS_CHANNEL,
        (payload) => this.#deliver(payload),
        () => this.#everyone({ kind: 'stored' }),
      )
      .catch((error: unknown) => {
        this.#listening = undefined;
        throw error;
      });
    return this.#listening;
  }

  /** `<conversation>:<event id>` (stored), or `<conversation>:-:<json>` (not kept). */
  #deliver(payload: string): void {
    const [conversationId, id, ...rest] = payload.split(':');
    const listeners = this.#listeners.get(conversationId!);
    if (!listeners && this.#everything.size === 0) return;
    let signal: Signal = { kind: 'stored', id };
    if (id === '-') {
      try {
        const { kind, data } = JSON.parse(rest.join(':')) as { kind: EventKind; data: unknown };
        signal = { kind: 'transient', event: kind, data };
      } catch {
        return;
      }
    }
    for (const listener of listeners ?? []) listener(signal);
    for (const listener of this.#everything) listener(conversationId, signal);
  }

  /** After a lost connection: every stream reads what it may have missed. */
  #everyone(signal: Signal): void {
    for (const set of this.#listeners.values()) for (const listener of set) listener(signal);
    for (const listener of this.#everything) listener(undefined, signal);
  }
}
