import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { s3SettingsFromEnv, s3Store } from './s3-store.js';
import { diskStore, type FileStore } from './storage.js';

/**
 * Where the server keeps attachments, from the environment (docs/server.md, "Attachments"):
 * `ATTACHMENTS_DIR` (relative to `root`), else beside the embedded database (`<DATA_DIR>-attachments`,
 * so `.data-attachments`), else, for a throw-away database (`DATA_DIR=memory`), a throw-away folder.
 * `S3_BUCKET` (with S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX) keeps
 * them in an S3-compatible bucket instead. `ATTACHMENTS=off` turns them off for every widget. A throw-away folder is `temporary`: the server
 * deletes it when it stops.
 */
export function filesFromEnv(
  env: NodeJS.ProcessEnv,
  root: string,
): { store: FileStore; dir: string; temporary: boolean } | undefined {
  if (env.ATTACHMENTS === 'off') return undefined;
  const s3 = s3SettingsFromEnv(env);
  if (s3) return { store: s3Store(s3), dir: `${s3.endpoint}/${s3.bucket}`, temporary: false };
  const dataDir = env.DATA_DIR ?? '.data';
  const temporary = !env.ATTACHMENTS_DIR && dataDir === 'memory';
  const dir = env.ATTACHMENTS_DIR
    ? resolve(root, env.ATTACHMENTS_DIR)
    : dataDir === 'memory'
      ? mkdtempSync(join(tmpdir(), 'opencx-attachments-'))
      : resolve(root, `${dataDir.replace(/[\\/]+$/, '')}-attachments`);
  return { store: diskStore(dir), dir, temporary };
}
