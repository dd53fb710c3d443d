// The knowledge base and widgets the suites share.
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/database.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { ingestFolder } from '../../src/ingest/folder.js';

/** A small help site: Markdown (install.md, guides/styling.md), HTML (account/passwords.html) and text. */
export const KB = fileURLToPath(new URL('../fixtures/kb/', import.meta.url));
export const KB_URL = 'https://docs.example/';

/** The widget `docs` answering from KB, allowed on any origin. */
export async function docsWidget(db: Database, settings: Parameters<typeof upsertWidget>[1] = { id: 'docs' }) {
  const widget = await upsertWidget(db, { kb_base_url: KB_URL, ...settings });
  await ingestFolder(db, widget.id, KB, KB_URL);
  return widget;
}
