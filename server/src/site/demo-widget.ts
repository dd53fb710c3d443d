import type { Database } from '../db/database.js';
import { ingestFolder } from '../ingest/folder.js';
import { upsertWidget } from '../db/widgets.js';

/**
 * The widget `npm start` shows: allowed on this server's own origins, answering from `docs/`.
 * Run on every start: ingesting is idempotent, so edited docs are picked up.
 */
export async function ensureDemoWidget(db: Database, { port, docs }: { port: number; docs: string }) {
  const base = `http://localhost:${port}`;
  await upsertWidget(db, {
    id: 'demo',
    name: 'OpenCX docs',
    greeting: 'Hi! I answer from the OpenCX widget documentation. What would you like to know?',
    placeholder: 'Ask about installing, styling, events…',
    bot_name: 'Ada',
    initial_questions: [
      'How do I add the widget to my site?',
      'How do I change the colours?',
      'Which events can I listen to?',
    ],
    allowed_origins: [base, `http://127.0.0.1:${port}`],
    kb_base_url: `${base}/docs/`,
  });
  const { sections } = await ingestFolder(db, 'demo', docs, `${base}/docs/`);
  return { id: 'demo', sections };
}
