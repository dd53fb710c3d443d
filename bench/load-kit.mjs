// The machinery of bench/load.mjs: CPU readings from /proc, the knowledge base built from the
// public corpora, the server's command line, and the hello-world floors.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort, ROOT } from '../test/support/server.mjs';

const TICK = 100; // clock ticks a second (getconf CLK_TCK on Linux)

/** CPU seconds each process has spent so far, by pid: `pid`'s (all its threads), or every process named `postgres`. */
export async function cpuSeconds(pid) {
  const read = async (p) => {
    const fields = (await readFile(`/proc/${p}/stat`, 'utf8')).split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  };
  if (pid !== 'postgres') return new Map([[pid, await read(pid)]]);
  const spent = new Map();
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if ((await readFile(`/proc/${p}/comm`, 'utf8')).trim() === 'postgres') spent.set(p, await read(p));
    } catch {
      // gone meanwhile
    }
  }
  return spent;
}

/** CPU seconds spent between two readings: a process started meanwhile counts whole; one gone meanwhile is lost. */
export const spentBetween = (before, after) => {
  let total = 0;
  for (const [p, t] of after) total += t - (before.get(p) ?? 0);
  return total;
};

/** A folder of `pages` pages: the corpora's, then again under copy-2/, copy-3/… */
export async function knowledgeBase(pages, corpora) {
  const folder = await mkdtemp(join(tmpdir(), 'opencx-load-'));
  const sources = [];
  for (const corpus of ['hugo', 'vue']) {
    const walk = async (dir) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.(md|html)$/.test(entry.name)) sources.push(path);
      }
    };
    await walk(join(corpora, corpus));
  }
  for (let i = 0; i < pages; i++) {
    const source = sources[i % sources.length];
    const copy = Math.floor(i / sources.length) + 1;
    await cp(source, join(folder, `copy-${copy}`, relative(corpora, source)));
  }
  return folder;
}

export async function folderBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return total;
}

export function cli(env, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/dist/cli.js', ...args], { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cli ${args.join(' ')}: ${code}`))));
  });
}

/** A hello-world floor in a process of its own. */
export async function floor(kind) {
  const port = await freePort();
  const code =
    kind === 'node:http'
      ? `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'text/plain'); s.end('Hello'); }).listen(${port}, '127.0.0.1', () => console.log('up'));`
      : `const { Hono } = require('hono'); const { serve } = require('@hono/node-server'); serve({ fetch: new Hono().get('/', (c) => c.text('Hello')).fetch, port: ${port}, hostname: '127.0.0.1' }, () => console.log('up'));`;
  const child = spawn(process.execPath, ['-e', code], {
    cwd: join(ROOT, 'server'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { base: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill() };
}
