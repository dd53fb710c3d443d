// `node bench/uploads.mjs` (after `npm run build`): what a large upload costs the server's memory.
// The reference server (`server/dist/main.js`, embedded database) takes a PDF of 10 and of 100 MB
// through `POST /api/widget/attachments`; beside it, in the same run, the same upload to the way
// a Hono app reads a form when nobody thinks of size: `await c.req.parseBody()` (the whole body
// in memory), then the file written to disk. Each server's resident memory (VmRSS, /proc) is read
// every 20 ms; the figure is its peak during the upload over what it held just before.
// The body is made as it is sent, so the benchmark itself holds a chunk at a time.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ReadableStream } from 'node:stream/web';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, ROOT, startServer } from '../test/support/server.mjs';

const SIZES_MB = [10, 100];
const ROUNDS = 2;
const CHUNK = 256 * 1024;

async function rss(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

/** A multipart body holding one PDF of `bytes`, made chunk by chunk as it is read. */
function multipart(bytes, boundary) {
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
  );
  const tail = Buffer.from(`\n%%EOF\r\n--${boundary}--\r\n`);
  let left = bytes - 9 - 7; // the PDF's header and trailer count in its size
  const filler = Buffer.alloc(CHUNK, 'x');
  let started = false;
  return new ReadableStream({
    pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(new Uint8Array(head));
      } else if (left > 0) {
        const n = Math.min(CHUNK, left);
        left -= n;
        controller.enqueue(new Uint8Array(filler.subarray(0, n)));
      } else {
        controller.enqueue(new Uint8Array(tail));
        controller.close();
      }
    },
  });
}

/** Uploads `mb` MB to `url` while reading `pid`'s memory: its peak over what it held before, in bytes. */
async function measure(pid, url, headers, mb) {
  const before = await rss(pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rss(pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const boundary = `bench${Date.now()}`;
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body: multipart(mb * 1024 * 1024, boundary),
    duplex: 'half',
  });
  const text = await response.text();
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  if (response.status !== 201) throw new Error(`upload of ${mb} MB: ${response.status} ${text}`);
  return { growth: peak - before, ms };
}

/** The baseline: a Hono app that reads the form with parseBody() and writes the file. */
async function startBaseline(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, ['bench/uploads-baseline.mjs'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), UPLOAD_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { pid: child.pid, url: `http://127.0.0.1:${port}/upload`, stop: () => child.kill() };
}

const dataDir = await mkdtemp(join(tmpdir(), 'opencx-bench-uploads-'));
const files = await mkdtemp(join(tmpdir(), 'opencx-bench-baseline-'));
const env = { DATA_DIR: dataDir };
const cli = (...args) =>
  promisify(execFile)(process.execPath, ['server/dist/cli.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
await cli('widget', 'set', 'bench', '--attachment-max-mb', '200', '--attachment-type', 'application/pdf');
const server = await startServer(env);
const baseline = await startBaseline(files);
try {
  const created = await (
    await fetch(`${server.base}/api/widget/conversations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ widgetId: 'bench' }),
    })
  ).json();
  const headers = { 'X-Visitor-Token': created.visitorToken };
  const ours = `${server.base}/api/widget/attachments?widgetId=bench&conversationId=${created.conversationId}`;
  const rows = [];
  for (const mb of SIZES_MB) {
    const results = { ours: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round++) {
      results.ours.push(await measure(server.child.pid, ours, headers, mb));
      results.baseline.push(await measure(baseline.pid, baseline.url, {}, mb));
    }
    const worst = (list) => Math.max(...list.map((r) => r.growth));
    const median = (list) => list.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    rows.push({
      mb,
      ours: worst(results.ours),
      baseline: worst(results.baseline),
      oursMs: median(results.ours),
      baselineMs: median(results.baseline),
    });
  }
  const MB = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    '\n| file | ours: memory growth (peak) | parseBody(): memory growth | ours ÷ parseBody() | ours: time | parseBody(): time |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.mb} MB | ${MB(r.ours)} | ${MB(r.baseline)} | ${(r.ours / r.baseline).toFixed(2)} | ${Math.round(r.oursMs)} ms | ${Math.round(r.baselineMs)} ms |`,
    );
  }
  const flat = rows.at(-1).ours < 32 * 1024 * 1024;
  console.log(
    `\n${flat ? 'Flat' : 'NOT flat'}: ${SIZES_MB.at(-1)} MB grew the server by ${MB(rows.at(-1).ours)} (budget 32 MB).`,
  );
  if (!flat) process.exitCode = 1;
} finally {
  baseline.stop();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}-attachments`, { recursive: true, force: true });
  await rm(files, { recursive: true, force: true });
}
