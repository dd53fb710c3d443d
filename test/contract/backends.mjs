// The two implementations of the widget API that the contract suite holds to one contract: the
// reference server (in this process, on an embedded PostgreSQL in memory) and the mock API the
// browser tests talk to (test/support/mock-api.mjs). Both are set up to know the same widgets:
//   contract        an active widget any page may use, answering from a small knowledge base
//   foreign-widget  a widget the contract's pages may not use (403 origin_not_allowed)
//   unknown-widget  no such widget (404 widget_not_found)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp, diskStore, ingestFolder, migrate, openEmbedded, upsertWidget } from '@opencx/server';
import { startMockApi } from '../support/mock-api.mjs';

const KB = fileURLToPath(new URL('../../server/test/fixtures/kb/', import.meta.url));

/** The page origin the contract's requests come from; `foreign-widget` does not allow it. */
export const PAGE_ORIGIN = 'https://page.example';

async function referenceServer() {
  const db = await openEmbedded('memory');
  await migrate(db);
  // Set up as the mock's widgets are, so their preludes compare field for field.
  await upsertWidget(db, {
    id: 'contract',
    name: 'Test widget',
    greeting: 'Hi! Ask me anything.',
    placeholder: 'Ask a question',
    primary_color: '#4f46e5',
    bot_name: 'Ada',
    initial_questions: ['How do I install it?', 'Can I change the colours?'],
    kb_base_url: 'https://docs.example/',
  });
  await upsertWidget(db, { id: 'foreign-widget', allowed_origins: ['https://owner.example'] });
  await ingestFolder(db, 'contract', KB, 'https://docs.example/');
  const silent = { warn() {}, error() {} };
  const filesDir = mkdtempSync(join(tmpdir(), 'opencx-contract-files-'));
  const app = createApp({ db, log: silent, files: diskStore(filesDir) });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({
        name: 'reference server',
        base: `http://127.0.0.1:${info.port}`,
        async close() {
          await new Promise((closed) => server.close(closed));
          await db.close();
          rmSync(filesDir, { recursive: true, force: true });
        },
      }),
    );
  });
}

async function mockApi() {
  const mock = await startMockApi();
  return { name: 'mock API', base: `${mock.origin}/mock/contract`, close: mock.close };
}

/** Both backends, started. */
export function startBackends() {
  return Promise.all([referenceServer(), mockApi()]);
}
