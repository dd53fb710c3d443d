import type { Database } from './database.js';
import { onWidgetChange, WIDGETS_CHANNEL } from './widget-changes.js';
import { findActiveWidget, someWidgetAllows, type WidgetRow } from './widgets.js';

// Every widget request reads its widget (and a request from a page, whether some widget allows
// that page). Read from the database each time, that was most of what a refusal cost (docs/server.md,
// "Capacity"); so the answers are kept a few seconds. A change of a widget (db/widgets.ts) forgets
// them at once in this process, and in every other process on the database through a NOTIFY
// (db/widget-changes.ts).

/** How long an answer is kept when no change is heard of (a missed notification is stale this long at most). */
const KEEP_MS = 5_000;
/** Answers kept at most: a flood of unknown widget ids or origins cannot grow the cache past it. */
const MAX_ENTRIES = 1_000;

class Kept<T> {
  readonly #entries = new Map<string, { value: Promise<T>; until: number }>();

  /** The kept answer for `key`, or `load`'s (asked once however many requests wait for it). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const kept = this.#entries.get(key);
    if (kept && kept.until > now) return kept.value;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    const value = load();
    const entry = { value, until: now + KEEP_MS };
    this.#entries.set(key, entry);
    // A failed read is not kept: the next request asks again.
    value.catch(() => this.#entries.get(key) === entry && this.#entries.delete(key));
    return value;
  }

  forget(key?: string): void {
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }
}

export class WidgetCache {
  readonly #db: Database;
  readonly #widgets = new Kept<WidgetRow | undefined>();
  readonly #origins = new Kept<boolean>();

  constructor(db: Database) {
    this.#db = db;
    onWidgetChange(db, (id) => this.forget(id));
    // Changes made by other processes; without LISTEN, answers go stale for KEEP_MS at most.
    void this.#db
      .listen?.(
        WIDGETS_CHANNEL,
        (id) => this.forget(id),
        () => this.forget(),
      )
      .catch(() => {});
  }

  /** The widget `id` if it exists and is active. */
  find(id: string): Promise<WidgetRow | undefined> {
    return this.#widgets.get(id, () => findActiveWidget(this.#db, id));
  }

  /** Whether some active widget allows the page at `origin` (db/widgets.ts, `someWidgetAllows`). */
  someAllows(origin: string): Promise<boolean> {
    return this.#origins.get(origin, () => someWidgetAllows(this.#db, origin));
  }

  /** Widget `id` changed (any, when not given): what is kept about it is read again. */
  forget(id?: string): void {
    this.#widgets.forget(id);
    this.#origins.forget();
  }
}

const caches = new WeakMap<Database, WidgetCache>();

/** The cache of widgets read through `db`: one for each database handle. */
export function widgetCache(db: Database): WidgetCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new WidgetCache(db)));
  return cache;
}
