import type { Database } from './database.js';

// Section embeddings (docs/server.md, "Embeddings"): stored as float32 bytes, read back whole per
// widget and kept in memory (a VectorCache, one per server over one database), and searched by
// brute force. A knowledge base of 10k sections at
// 1,536 dimensions is 61 MB and one search 30 to 50 ms; past that, pgvector's index is the step.

/** A section still to embed: its id and the text that stands for it. */
export interface Unembedded {
  id: string;
  text: string;
}

/** Up to `limit` of the widget's sections that have no vector from `model`. */
export async function sectionsToEmbed(
  db: Database,
  widgetId: string,
  model: string,
  limit: number,
): Promise<Unembedded[]> {
  return db.query<Unembedded>(
    `select s.id::text as id, s.heading_path || E'\\n\\n' || s.body as text
     from kb_sections s left join kb_embeddings e on e.section_id = s.id and e.model = $2
     where s.widget_id = $1 and e.section_id is null
     order by s.id limit $3`,
    [widgetId, model, limit],
  );
}

/** The widgets with sections that have no vector from `model`. */
export async function widgetsToEmbed(db: Database, model: string): Promise<string[]> {
  const rows = await db.query<{ widget_id: string }>(
    `select distinct s.widget_id from kb_sections s
     where not exists (select 1 from kb_embeddings e where e.section_id = s.id and e.model = $1)`,
    [model],
  );
  return rows.map((r) => r.widget_id);
}

/** Stores `vectors` for the sections `ids`, replacing any made by another model. */
export async function storeEmbeddings(
  db: Database,
  widgetId: string,
  model: string,
  ids: string[],
  vectors: Float32Array[],
): Promise<void> {
  // A section removed by an ingest meanwhile is skipped: `join kb_sections` keeps only those there.
  await db.query(
    `insert into kb_embeddings (section_id, widget_id, model, vector)
     select v.id, $1, $2, v.vector from unnest($3::bigint[], $4::bytea[]) as v(id, vector)
     join kb_sections s on s.id = v.id
     on conflict (section_id) do update set model = excluded.model, vector = excluded.vector`,
    [widgetId, model, ids, vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))],
  );
}

interface Loaded {
  revision: string;
  ids: string[];
  vectors: Float32Array[];
}

/** The vectors last read from one database, by widget and model, with what they were read at. */
export type VectorCache = Map<string, Loaded>;

/** The widget's vectors from `model`, read again only when they changed (any process may have written them). */
async function vectorsOf(db: Database, loaded: VectorCache, widgetId: string, model: string): Promise<Loaded> {
  // Sections get new ids when re-ingested, so the count and the largest id change with any write.
  const [state] = await db.query<{ count: number; last: string | null }>(
    'select count(*)::int as count, max(section_id)::text as last from kb_embeddings where widget_id = $1 and model = $2',
    [widgetId, model],
  );
  const revision = `${state?.count}:${state?.last}`;
  const key = `${widgetId}\0${model}`;
  const cached = loaded.get(key);
  if (cached?.revision === revision) return cached;
  const rows = await db.query<{ id: string; vector: Uint8Array }>(
    'select section_id::text as id, vector from kb_embeddings where widget_id = $1 and model = $2',
    [widgetId, model],
  );
  // Copied: a driver's buffer may start at an offset a Float32Array cannot.
  const vectors = rows.map((r) => new Float32Array(Uint8Array.from(r.vector).buffer));
  const fresh = { revision, ids: rows.map((r) => r.id), vectors };
  loaded.set(key, fresh);
  return fresh;
}

/** The `limit` sections nearest `query` (a unit vector from `model`), nearest first, with their cosine similarity. */
export async function nearestSections(
  db: Database,
  cache: VectorCache,
  widgetId: string,
  model: string,
  query: Float32Array,
  limit: number,
): Promise<{ id: string; similarity: number }[]> {
  const { ids, vectors } = await vectorsOf(db, cache, widgetId, model);
  const scored: { id: string; similarity: number }[] = [];
  for (const [i, vector] of vectors.entries()) {
    if (vector.length !== query.length) continue;
    let dot = 0;
    for (let d = 0; d < vector.length; d += 1) dot += vector[d]! * query[d]!;
    scored.push({ id: ids[i]!, similarity: dot });
  }
  return scored.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}
