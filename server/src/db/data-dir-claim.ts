import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Claims `dataDir` for this process: PGlite keeps no lock of its own, and a second process opening
 * the same folder (`npm run widget` while the server runs) hangs both. A claim whose process is
 * gone is taken over. Returns the function that gives the claim up.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, 'opencx.pid');
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lock, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `the database in ${dataDir} is open in another process (pid ${holder}), such as the running server. ` +
            'Stop it first, or use DATABASE_URL: a PostgreSQL server can be shared.',
          { cause: error },
        );
      }
      rmSync(lock, { force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
