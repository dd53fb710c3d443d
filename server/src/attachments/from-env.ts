import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diskStore, type FileStore } from './storage.js';

/**
 * Where the server keeps attachments, from the environment (docs/server.md, "Attachments"):
 * `ATTACHMENTS_DIR` (relative to `root`), else beside the embedded database (`<DATA_DIR>-attachments`,
 * so `.data-attachments`), else, for a throw-away database (`DATA_DIR=memory`), a throw-away folder.
 * `ATTACHMENTS=off` turns them off for every widget. A throw-away folder is `temporary`: the server
 * deletes it when it stops.
 */
export function filesFromEnv(
  env: NodeJS.ProcessEnv,
  root: string,
): { store: FileStore; dir: string; temporary: boolean } | undefined {
  if (env.ATTACHMENTS === 'off') return undefined;
  const dataDir = env.DATA_DIR ?? '.data';
  const temporary = !env.ATTACHMENTS_DIR && dataDir === 'memory';
  const dir = env.ATTACHMENTS_DIR
    ? resolve(root, env.ATTACHMENTS_DIR)
    : dataDir === 'memory'
      ? mkdtempSync(join(tmpdir(), 'opencx-attachments-'))
      : resolve(root, `${dataDir.replace(/[\\/]+$/, '')}-attachments`);
  return { store: diskStore(dir), dir, temporary };
}
