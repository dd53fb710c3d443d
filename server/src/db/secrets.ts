import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';

/** Per database handle: a secret never changes once made, so it is read once. */
const known = new WeakMap<Database, Map<string, Promise<Buffer>>>();

/**
 * The server's secret `name`, made (32 random bytes) the first time any process asks for it and
 * stored in the database, so every process on one database signs and checks alike. Deleting its
 * row makes a new one at the next start: everything signed with the old one stops being valid.
 */
export function serverSecret(db: Database, name: string): Promise<Buffer> {
  const mine = known.get(db) ?? new Map<string, Promise<Buffer>>();
  known.set(db, mine);
  let secret = mine.get(name);
  if (!secret) {
    secret = (async () => {
      await db.query('insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [
        name,
        randomBytes(32).toString('base64'),
      ]);
      const [row] = await db.query<{ value: string }>('select value from server_secrets where name = $1', [name]);
      return Buffer.from(row!.value, 'base64');
    })();
    // A failed read is not remembered: the next request tries again.
    secret.catch(() => mine.delete(name));
    mine.set(name, secret);
  }
  return secret;
}
