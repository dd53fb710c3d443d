import { resolve } from 'node:path';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';

/**
 * The database the environment names: `DATABASE_URL` (a PostgreSQL server), else the embedded one
 * in `DATA_DIR` (default `.data`, relative to `root`; `memory` for a throw-away one). The server
 * and the command line open the same one.
 */
export function openFromEnv(env: NodeJS.ProcessEnv, root: string): Promise<Database> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL);
  const dataDir = env.DATA_DIR ?? '.data';
  return openEmbedded(dataDir === 'memory' ? 'memory' : resolve(root, dataDir));
}

/** Where `openFromEnv` looks, for messages. */
export function describeDatabase(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL ? 'the PostgreSQL server of DATABASE_URL' : `the database in ${env.DATA_DIR ?? '.data'}`;
}
