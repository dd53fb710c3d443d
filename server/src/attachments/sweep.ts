import { knownAttachments, pruneUnsent } from '../db/attachments.js';
import type { Database } from '../db/database.js';
import type { FileStore } from './storage.js';

/** How many file names are checked against the database at once. */
const BATCH = 500;

/**
 * Deletes the files nobody can reach any more (docs/server.md, "Attachments"): uploads never sent
 * with a message within a day, and files whose record went with its conversation or widget.
 * Returns how many files were deleted.
 */
export async function sweepAttachments(db: Database, store: FileStore): Promise<number> {
  let deleted = 0;
  for (const id of await pruneUnsent(db)) {
    await store.remove(id);
    deleted++;
  }
  let batch: string[] = [];
  const flush = async () => {
    const known = await knownAttachments(db, batch);
    for (const id of batch) {
      if (known.has(id)) continue;
      await store.remove(id);
      deleted++;
    }
    batch = [];
  };
  for await (const id of store.ids()) {
    batch.push(id);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length) await flush();
  return deleted;
}
