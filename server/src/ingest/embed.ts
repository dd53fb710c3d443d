import type { Embedder } from '../answering/embeddings.js';
import type { Database } from '../db/database.js';
import { sectionsToEmbed, storeEmbeddings, widgetsToEmbed } from '../db/embeddings.js';
import type { Log } from '../log.js';

/** How many sections are read, embedded and stored at a time: progress survives a failure midway. */
const CHUNK = 256;

/**
 * Gives every section of the widget's knowledge base a vector from `embedder`'s model: those
 * added or changed since, or made by another model. Run after an ingest and when the server
 * starts; a failure leaves what was stored, and the next run carries on from there.
 */
export async function embedKnowledgeBase(
  db: Database,
  widgetId: string,
  embedder: Embedder,
  onProgress?: (embedded: number) => void,
): Promise<number> {
  let embedded = 0;
  for (;;) {
    const sections = await sectionsToEmbed(db, widgetId, embedder.model, CHUNK);
    if (sections.length === 0) return embedded;
    const vectors = await embedder.embed(sections.map((s) => s.text));
    await storeEmbeddings(
      db,
      widgetId,
      embedder.model,
      sections.map((s) => s.id),
      vectors,
    );
    embedded += sections.length;
    onProgress?.(embedded);
  }
}

/**
 * Embeds what every widget's knowledge base lacks, when the server starts: after an upgrade, a
 * change of model, or an ingest whose embedding failed. Questions meanwhile are ranked by words,
 * and by meaning over the sections embedded so far.
 */
export async function embedEverything(db: Database, embedder: Embedder, log: Pick<Log, 'warn'>): Promise<number> {
  let embedded = 0;
  for (const widgetId of await widgetsToEmbed(db, embedder.model)) {
    try {
      embedded += await embedKnowledgeBase(db, widgetId, embedder);
    } catch (error) {
      log.warn(
        `[server] could not embed "${widgetId}" (${(error as Error).message}); ranking it by words until the next start.`,
      );
    }
  }
  return embedded;
}
