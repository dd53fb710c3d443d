import type { Database } from './database.js';

// A widget's settings are kept a few seconds by those who read them often (db/widget-cache.ts).
// A change is announced here: at once to them in this process, by NOTIFY to the other processes.

/** The NOTIFY channel a widget's change is announced on; the payload is its id. */
export const WIDGETS_CHANNEL = 'opencx_widgets';

const here = new WeakMap<Database, Set<(id: string) => void>>();

/** Calls `heard` with the id of each widget changed through `db` in this process. */
export function onWidgetChange(db: Database, heard: (id: string) => void): void {
  let set = here.get(db);
  if (!set) here.set(db, (set = new Set()));
  set.add(heard);
}

/** Widget `id` changed through `db`: told here at once, and to the other processes when they hear it. */
export async function announceWidgetChange(db: Database, id: string): Promise<void> {
  for (const heard of here.get(db) ?? []) heard(id);
  await db.query('select pg_notify($1, $2)', [WIDGETS_CHANNEL, id]);
}
