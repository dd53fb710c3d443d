// `npm run server` / `npm start`: the reference backend, plus the demo site and the built widget.
// PORT (8787), HOST (127.0.0.1), DATA_DIR (.data; "memory" for a throw-away database), or
// DATABASE_URL for a PostgreSQL server (then DATA_DIR is not used); OPENAI_API_KEY (with optional
// OPENAI_BASE_URL, OPENAI_MODEL) to answer with a language model grounded on the docs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { createApp } from './app.js';
import { migrate, openEmbedded, openPostgres, type Database } from './db.js';
import { pruneCounters } from './limits.js';
import { createLlmAnswerer, llmSettingsFromEnv } from './llm.js';
import { ensureDemoWidget } from './demo.js';
import { docsPages } from './docs-pages.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const dataDir = process.env.DATA_DIR ?? '.data';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}".`);
  process.exit(1);
}

const started = Date.now();
let db: Database;
try {
  db = process.env.DATABASE_URL
    ? await openPostgres(process.env.DATABASE_URL)
    : await openEmbedded(dataDir === 'memory' ? 'memory' : resolve(ROOT, dataDir));
} catch (error) {
  const where = process.env.DATABASE_URL ? 'the PostgreSQL server of DATABASE_URL' : `the database in ${dataDir}`;
  console.error(`Could not open ${where}: ${(error as Error).message}`);
  process.exit(1);
}
await migrate(db);
await pruneCounters(db);
const demo = await ensureDemoWidget(db, { port, docs: resolve(ROOT, 'docs') });

const app = new Hono();
const llm = llmSettingsFromEnv(process.env);
app.route('/', createApp({ db, answerer: llm && createLlmAnswerer(llm) }));
app.all('/api/*', (c) =>
  c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404),
);
// Served relative to the repository root, which is where `npm start` runs this.
process.chdir(ROOT);
// The widget is loaded by other websites: <script type="module"> fetches with CORS, so without
// these headers the snippet works only on this server's own pages.
app.use('/dist/*', cors({ origin: '*' }), async (c, next) => {
  await next();
  c.header('Cross-Origin-Resource-Policy', 'cross-origin');
});
app.use('/dist/*', serveStatic({ root: './' }));
// docs/*.md as HTML pages with the anchors citations point at; the images beside them as files.
app.route('/', docsPages(resolve(ROOT, 'docs')));
app.use('/docs/*', serveStatic({ root: './' }));
// The framework examples' sources, which the demo links to, read as text in the browser
// (.vue, .svelte, .tsx and .md have no type a browser shows; .ts would be video/mp2t).
app.use('/frameworks/*', async (c, next) => {
  await next();
  if (!/\/dist\//.test(c.req.path) && /\.(?:ts|tsx|vue|svelte|md)$/.test(c.req.path) && c.res.ok) {
    c.res.headers.set('Content-Type', 'text/plain; charset=utf-8');
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  }
});
app.use('/*', serveStatic({ root: './demo' }));
if (!existsSync(resolve(ROOT, 'dist/embed.js')))
  console.warn('dist/embed.js is missing: run `npm run build` (npm start does).');

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(
    `\nOpenCX widget demo: http://localhost:${info.port}  (API and demo; ${Date.now() - started} ms to start)`,
  );
  console.log(`Demo widget "${demo.id}": ${demo.sections} knowledge-base sections from docs/.`);
  console.log(
    `Answers: ${llm ? `${llm.model ?? 'gpt-4o-mini'} at ${llm.baseUrl ?? 'api.openai.com'}, grounded on the docs` : 'composed from the docs (set OPENAI_API_KEY for a language model)'}. Ctrl-C to stop.\n`,
  );
});

// Ctrl-C / SIGTERM: stop taking connections, let requests under way finish, close the database.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(async () => {
      await db.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
