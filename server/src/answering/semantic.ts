import type { Database } from '../db/database.js';
import { nearestSections, type VectorCache } from '../db/embeddings.js';
import type { Log } from '../log.js';
import type { Embedder } from './embeddings.js';

/** The ids of the sections whose meaning is nearest `text`, nearest first; none when it cannot tell. */
export type NearestSections = (db: Database, widgetId: string, text: string) => Promise<string[]>;

/** How many sections the vectors put forward for fusion with BM25's. */
const NEAREST = 20;
/** A question waits this long for its vector, then is answered by BM25 alone. */
const QUERY_TIMEOUT_MS = 5_000;

/**
 * Search by meaning with `embedder` (docs/server.md, "Embeddings"). It never fails a question: an
 * endpoint that errs or is slow leaves the answer to BM25, with a warning.
 */
export function semanticSearch(embedder: Embedder, log: Pick<Log, 'warn'>): NearestSections {
  // One server answers from one database: its vectors are kept here, not per process.
  const cache: VectorCache = new Map();
  return async (db, widgetId, text) => {
    try {
      const [vector] = await embedder.embed([text], AbortSignal.timeout(QUERY_TIMEOUT_MS));
      const nearest = await nearestSections(db, cache, widgetId, embedder.model, vector!, NEAREST);
      return nearest.map((n) => n.id);
    } catch (error) {
      log.warn(`[server] the embeddings endpoint failed (${(error as Error).message}); ranking by words alone.`);
      return [];
    }
  };
}
