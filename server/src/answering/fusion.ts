import type { Hit } from './retrieval.js';

/** Reciprocal rank fusion's constant: the usual 60, so agreement near the top counts more than either list's order. */
export const RRF_K = 60;

/**
 * BM25's hits and the sections nearest by meaning, as one list (docs/server.md, "Embeddings"):
 * each section scores 1/(60 + its place) in each list that has it. `load` reads the sections only
 * the vectors found. Their score is the fused one, so the default answer cites a second page only
 * when both lists rank it high. The confidence stays BM25's, which is calibrated: the first
 * section, and any only the vectors found, report the best BM25 hit's, how well the docs cover
 * the question's words.
 */
export async function fuse(lexical: Hit[], nearest: string[], load: (ids: string[]) => Promise<Hit[]>): Promise<Hit[]> {
  if (nearest.length === 0) return lexical;
  const fused = new Map<string, number>();
  const add = (id: string, place: number) => fused.set(id, (fused.get(id) ?? 0) + 1 / (RRF_K + place + 1));
  lexical.forEach((hit, place) => add(hit.sectionId, place));
  nearest.forEach(add);
  const known = new Map(lexical.map((hit) => [hit.sectionId, hit]));
  const loaded = await load(nearest.filter((id) => !known.has(id)));
  for (const hit of loaded) known.set(hit.sectionId, hit);
  const answerable = Math.max(0, ...lexical.map((hit) => hit.confidence));
  const hits = [...fused.entries()]
    .filter(([id]) => known.has(id))
    .sort((a, b) => b[1] - a[1])
    .map(([id, score]) => {
      const hit = known.get(id)!;
      return { ...hit, score: score * 1000, confidence: lexical.includes(hit) ? hit.confidence : answerable };
    });
  // What the answer reports and the threshold is compared with: whether the docs answer at all.
  if (hits[0]) hits[0].confidence = Math.max(hits[0].confidence, answerable);
  return hits;
}
