// `npm run server` / `npm start`: the reference backend, plus the demo site and the built widget.
// PORT (8787), HOST (127.0.0.1), DATA_DIR (.data; "memory" for a throw-away database), or
// DATABASE_URL for a PostgreSQL server (then DATA_DIR is not used); OPENAI_API_KEY (with optional
// OPENAI_BASE_URL, OPENAI_MODEL) to answer with a language model grounded on the docs;
// OPENAI_EMBEDDING_MODEL (with optional OPENAI_EMBEDDING_BASE_URL, OPENAI_EMBEDDING_API_KEY) to
// rank by meaning too; TRUSTED_PROXIES (comma-separated addresses) when behind a reverse proxy;
// ATTACHMENTS_DIR (default <DATA_DIR>-attachments) or S3_BUCKET (with S3_ENDPOINT, S3_REGION,
// S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY), ATTACHMENTS=off, PUBLIC_URL for attachments' links.
// Process concerns only: the configuration, the database, the listening socket, the signals.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createEmbedder, embeddingSettingsFromEnv, type Embedder } from './answering/embeddings.js';
import { createLlmAnswerer, llmSettingsFromEnv } from './answering/model.js';
import { createApp } from './app.js';
import { filesFromEnv } from './attachments/from-env.js';
import type { Database } from './db/database.js';
import { startMaintenance } from './db/maintenance.js';
import { migrate } from './db/migrate.js';
import { describeDatabase, openFromEnv } from './db/open.js';
import { consoleLog } from './log.js';
import { trustedProxiesFromEnv } from './http/client-address.js';
import { embedEverything } from './ingest/embed.js';
import { ensureDemoAgent } from './site/demo-agent.js';
import { ensureDemoWidget } from './site/demo-widget.js';
import { demoSite } from './site/site.js';
import { startWebhookWorker } from './webhooks/worker.js';

/** The repository: the demo site, the docs and the built widget are served from it, DATA_DIR is relative to it. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got "${process.env.PORT}".`);
  process.exit(1);
}

const started = Date.now();
let embedder: Embedder | undefined;
let trustedProxies: Set<string>;
let files: ReturnType<typeof filesFromEnv>;
try {
  files = filesFromEnv(process.env, ROOT);
  const embeddings = embeddingSettingsFromEnv(process.env);
  embedder = embeddings && createEmbedder(embeddings);
  trustedProxies = trustedProxiesFromEnv(process.env.TRUSTED_PROXIES);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
let db: Database;
try {
  db = await openFromEnv(process.env, ROOT);
} catch (error) {
  console.error(`Could not open ${describeDatabase(process.env)}: ${(error as Error).message}`);
  process.exit(1);
}
await migrate(db);
// Old records pruned now and hourly (and files nobody can reach); on the embedded database, vacuumed and analyzed too.
const stopMaintenance = startMaintenance(db, {
  embedded: !process.env.DATABASE_URL,
  files: files?.store,
  onError: (error) => consoleLog.error('Database maintenance failed:', error),
});
const demo = await ensureDemoWidget(db, { port, docs: `${ROOT}docs` });
const demoAgent = await ensureDemoAgent(db, demo.id);

const llm = llmSettingsFromEnv(process.env);
const app = createApp({
  db,
  answerer: llm && createLlmAnswerer(llm, consoleLog),
  embedder,
  trustedProxies,
  log: consoleLog,
  files: files?.store,
  publicUrl: process.env.PUBLIC_URL,
});
app.route('/', demoSite(ROOT, consoleLog));
// Webhook deliveries (docs/console.md, "Webhooks"): every process sends what is due, none twice at once.
const webhooks = startWebhookWorker(db, { log: consoleLog });

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(
    `\nOpenCX widget demo: http://localhost:${info.port}  (API and demo; ${Date.now() - started} ms to start)`,
  );
  console.log(`Demo widget "${demo.id}": ${demo.sections} knowledge-base sections from docs/.`);
  console.log(
    demoAgent.password
      ? `Agent console: http://localhost:${info.port}/console/  sign in as ${demoAgent.email}, password ${demoAgent.password} (shown this once).`
      : `Agent console: http://localhost:${info.port}/console/  sign in as ${demoAgent.email}; its password was shown at the first start (stop the server, then npm run agent -- reset-password ${demoAgent.email}).`,
  );
  console.log(
    `Answers: ${llm ? `${llm.model ?? 'gpt-4o-mini'} at ${llm.baseUrl ?? 'api.openai.com'}, grounded on the docs` : 'composed from the docs (set OPENAI_API_KEY for a language model)'}${embedder ? `; ranked by words and by meaning (${embedder.model})` : ''}. Ctrl-C to stop.\n`,
  );
  // In the background: questions are answered meanwhile, by words and the vectors there are.
  if (embedder) {
    void embedEverything(db, embedder, consoleLog).then((count) => {
      if (count) console.log(`Embedded ${count} knowledge-base sections with ${embedder!.model}.`);
    });
  }
});

// Ctrl-C / SIGTERM: stop taking connections, let requests under way finish, close the database.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(async () => {
      stopMaintenance();
      await webhooks.stop();
      await db.close();
      if (files?.temporary) await rm(files.dir, { recursive: true, force: true });
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
