// Load on the reference server (bench/README.md, "Load"), beside two hello-world floors measured in
// the same run: a plain node:http server and a Hono app on @hono/node-server. For each path — chat,
// prelude, history, and every kind of refusal — at each connection count: requests a second, p50
// and p99 latency, and CPU per request (the server process, all its threads, plus PostgreSQL's
// processes on that backend), read from /proc. Run after `npm run build`:
//   node bench/load.mjs [--backend embedded|postgres] [--pages 1000] [--connections 10,50] [--seconds 10]
//                       [--soak SECONDS]
// postgres needs OPENCX_TEST_DATABASE_URL (or DATABASE_URL): a schema of its own is made and dropped.
// The knowledge base is the public docs in ../shared/corpora/docs (Hugo, then Vue), repeated
// under copy-N/ folders until it has --pages pages.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { ROOT, startServer } from '../test/support/server.mjs';
import { cli, cpuSeconds, floor, folderBytes, knowledgeBase, spentBetween } from './load-kit.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'embedded' },
    pages: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '10,50' },
    seconds: { type: 'string', default: '10' },
    soak: { type: 'string', default: '0' },
  },
});
const PAGES = Number(values.pages);
const CONNECTIONS = values.connections.split(',').map(Number);
const SECONDS = Number(values.seconds);
const CORPORA = process.env.OPENCX_CORPORA ?? join(ROOT, '../shared/corpora/docs');
/** One autocannon run on `target` with `request`; CPU of `pids` meanwhile. */
async function measure(target, pids, request, connections, seconds = SECONDS) {
  const before = await Promise.all(pids.map(cpuSeconds));
  const { path = '/', ...rest } = request;
  const result = await autocannon({
    url: target.base + path,
    connections,
    duration: seconds,
    requests: [{ ...rest, path, headers: { 'content-type': 'application/json', ...rest.headers } }],
  });
  const after = await Promise.all(pids.map(cpuSeconds));
  const cpu = after.reduce((sum, readings, i) => sum + spentBetween(before[i], readings), 0);
  const done = result.requests.total;
  const ok = Object.entries(result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMs: done ? (cpu * 1000) / done : NaN,
    statuses: ok,
    errors: result.errors + result.timeouts,
  };
}

const QUESTIONS = [
  'How do I create a new site?',
  'What is a shortcode?',
  'How do I configure the base URL?',
  'How do taxonomies work?',
  'How do I add a menu?',
  'What does the where function do?',
  'How do I deploy to Netlify?',
  'How are page bundles organized?',
];
let asked = 0;
/** A chat message from one of many addresses (the server trusts this process as a proxy), as real visitors are. */
const chatRequest = (widgetId) => ({
  method: 'POST',
  path: '/api/widget/chat',
  setupRequest: (req) => ({
    ...req,
    headers: { ...req.headers, 'x-forwarded-for': `10.${asked % 250}.${(asked >> 8) % 250}.1` },
    body: JSON.stringify({ widgetId, message: QUESTIONS[asked++ % QUESTIONS.length] }),
  }),
});

async function main() {
  const env = { ...process.env };
  let dropSchema;
  let dataDir;
  if (values.backend === 'postgres') {
    const url = process.env.OPENCX_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
    if (!url) throw new Error('--backend postgres needs OPENCX_TEST_DATABASE_URL or DATABASE_URL');
    const schema = `load_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema},public`);
    env.DATABASE_URL = scoped.href;
    dropSchema = async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    };
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'opencx-load-data-'));
    env.DATA_DIR = dataDir;
    delete env.DATABASE_URL;
  }
  const kb = await knowledgeBase(PAGES, CORPORA);
  const started = Date.now();
  await cli(
    env,
    'widget',
    'set',
    'load',
    '--rate-limit',
    '1000000',
    '--daily-quota',
    '1000000000',
    '--client-share',
    '1',
  );
  await cli(env, 'kb', 'ingest', 'load', kb, '--base-url', 'https://docs.example/');
  console.log(`# ${PAGES} pages ingested in ${((Date.now() - started) / 1000).toFixed(1)} s (${values.backend})`);
  await cli(env, 'widget', 'set', 'tight', '--rate-limit', '1', '--daily-quota', '1');
  await cli(env, 'widget', 'set', 'walled', '--origin', 'https://allowed.example');

  const server = await startServer({ ...env, TRUSTED_PROXIES: '127.0.0.1,::1' });
  const pid = server.child.pid;
  const pids = values.backend === 'postgres' ? [pid, 'postgres'] : [pid];
  const floors = [await floor('node:http'), await floor('hono')];

  // A conversation to read the history of, and a spent limit for the 429 path.
  const first = await (
    await fetch(`${server.base}/api/widget/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ widgetId: 'load', message: QUESTIONS[0] }),
    })
  ).json();
  const visitor = { 'x-visitor-token': first.visitorToken };
  await fetch(`${server.base}/api/widget/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ widgetId: 'tight', message: 'hello' }),
  });

  const paths = {
    chat: chatRequest('load'),
    prelude: { path: '/api/widget/load/prelude' },
    history: { path: `/api/widget/conversations/${first.conversationId}/messages?widgetId=load`, headers: visitor },
    '400 bad body': { method: 'POST', path: '/api/widget/chat', body: '{"widgetId":"load"}' },
    '403 origin': { path: '/api/widget/walled/prelude', headers: { origin: 'https://elsewhere.example' } },
    '404 widget': { path: '/api/widget/no-such-widget/prelude' },
    '429 limit': chatRequest('tight'),
  };
  const rows = [];
  /** On PostgreSQL, how often sessions were seen waiting on a row another transaction holds, while `during` ran. */
  const lockWaits = async (during) => {
    if (values.backend !== 'postgres') return during;
    const watcher = new pg.Client({ connectionString: env.DATABASE_URL });
    await watcher.connect();
    let samples = 0;
    let waiting = 0;
    let done = false;
    const result = during.finally(() => (done = true));
    while (!done) {
      const { rows: seen } = await watcher.query(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'transactionid'`,
      );
      samples++;
      waiting += seen[0].n;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await watcher.end();
    const measured = await result;
    return { ...measured, lockWaits: `${waiting} in ${samples} samples` };
  };
  for (const connections of CONNECTIONS) {
    for (const [i, f] of floors.entries()) {
      const r = await measure(f, [f.pid], { path: '/' }, connections);
      rows.push({ path: i ? 'floor: Hono' : 'floor: node:http', connections, ...r });
    }
    for (const [name, request] of Object.entries(paths)) {
      const measuring = measure(server, pids, request, connections);
      rows.push({ path: name, connections, ...(await (name === 'chat' ? lockWaits(measuring) : measuring)) });
    }
  }
  // A prelude and a 400 while 10 connections chat: what the embedded database's thread buys.
  for (const [name, request] of [
    ['prelude while 10 chat', paths.prelude],
    ['400 while 10 chat', paths['400 bad body']],
  ]) {
    const chatting = measure(server, [], paths.chat, 10);
    const r = await measure(server, [], request, 1);
    await chatting;
    rows.push({ path: name, connections: 1, ...r, cpuMs: NaN });
  }
  const hono = Object.fromEntries(rows.filter((r) => r.path === 'floor: Hono').map((r) => [r.connections, r.rps]));
  console.log(`\n| path | connections | req/s | of Hono floor | p50 ms | p99 ms | CPU ms/req | statuses |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |`);
  for (const r of rows) {
    const share = hono[r.connections] ? `${Math.round((100 * r.rps) / hono[r.connections])}%` : '';
    console.log(
      `| ${r.path} | ${r.connections} | ${r.rps} | ${share} | ${r.p50} | ${r.p99} | ${Number.isNaN(r.cpuMs) ? '' : r.cpuMs.toFixed(2)} | ${r.statuses}${r.errors ? ` errors×${r.errors}` : ''}${r.lockWaits ? `; lock waits ${r.lockWaits}` : ''} |`,
    );
  }

  const soak = Number(values.soak);
  if (soak > 0) {
    console.log(`\n# soak: ${soak} s of chat at 10 connections; RSS (MB) and data folder (MB) each minute`);
    const rss = async () => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
    };
    const size = async () => (dataDir ? (await folderBytes(dataDir)) / 1e6 : NaN);
    const samples = [];
    const sample = async () => samples.push({ s: samples.length * 60, rss: await rss(), data: await size() });
    await sample();
    const timer = setInterval(() => void sample(), 60_000);
    await measure(server, [], paths.chat, 10, soak);
    clearInterval(timer);
    await sample();
    for (const s of samples) console.log(`${s.s}\t${s.rss.toFixed(0)}\t${s.data.toFixed(1)}`);
  }

  floors.forEach((f) => f.stop());
  await server.stop();
  await dropSchema?.();
  await rm(kb, { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

await main();
