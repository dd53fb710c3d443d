import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import { findWidget } from '../db/widgets.js';
import { createEmbedder, embeddingSettingsFromEnv } from '../answering/embeddings.js';
import { embedKnowledgeBase } from '../ingest/embed.js';
import { ingestFolder } from '../ingest/folder.js';
import { UsageError } from './usage.js';

/** `npm run kb -- ingest <widget id> <folder>`: replaces the widget's knowledge base with the folder's files. */
export async function ingest(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'base-url': { type: 'string' } },
  });
  const [widgetId, folder] = positionals;
  if (!widgetId || !folder) throw new UsageError('kb ingest needs a widget id and a folder.');
  const widget = await findWidget(db, widgetId);
  if (!widget)
    throw new UsageError(`There is no widget "${widgetId}": create it with npm run widget -- set ${widgetId}`);
  const baseUrl = values['base-url'] ?? widget.kb_base_url;
  const { pages, sections, changed, removed } = await ingestFolder(db, widgetId, resolve(folder), baseUrl);
  console.log(
    `Ingested ${pages} pages (${sections} sections) into "${widgetId}"${baseUrl ? `, linked from ${baseUrl}` : ''}: ` +
      `${changed} new or changed, ${removed} removed.`,
  );
  const embeddings = embeddingSettingsFromEnv(process.env);
  if (!embeddings) return;
  const embedder = createEmbedder(embeddings);
  try {
    const count = await embedKnowledgeBase(db, widgetId, embedder);
    console.log(`Embedded ${count} new or changed sections with ${embedder.model}.`);
  } catch (error) {
    throw new Error(
      `The pages are in, but embedding them with ${embedder.model} failed: ${(error as Error).message}. ` +
        'Run the same command again to carry on (the server also does when it starts); until then they are ranked by words.',
      { cause: error },
    );
  }
}
