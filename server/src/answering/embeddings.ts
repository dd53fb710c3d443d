/** An OpenAI-compatible `/v1/embeddings` endpoint (docs/server.md, "Embeddings"). */
export interface EmbeddingSettings {
  apiKey: string;
  /** Default https://api.openai.com/v1. */
  baseUrl?: string;
  model: string;
  /** The longest one request may take; default 30 s. */
  timeoutMs?: number;
}

/**
 * From the environment: OPENAI_EMBEDDING_MODEL turns embeddings on; OPENAI_EMBEDDING_BASE_URL and
 * OPENAI_EMBEDDING_API_KEY default to the chat model's OPENAI_BASE_URL and OPENAI_API_KEY, so one
 * provider serves both, or each has its own.
 */
export function embeddingSettingsFromEnv(env: NodeJS.ProcessEnv): EmbeddingSettings | undefined {
  const model = env.OPENAI_EMBEDDING_MODEL;
  if (!model) return undefined;
  const apiKey = env.OPENAI_EMBEDDING_API_KEY ?? env.OPENAI_API_KEY;
  if (!apiKey)
    throw new Error('OPENAI_EMBEDDING_MODEL is set but neither OPENAI_EMBEDDING_API_KEY nor OPENAI_API_KEY is.');
  return { apiKey, model, baseUrl: env.OPENAI_EMBEDDING_BASE_URL ?? env.OPENAI_BASE_URL };
}

/** Turns texts into unit vectors, one each, in order. */
export interface Embedder {
  /** The model's name: vectors of different models are never compared. */
  model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** How many texts go in one request: providers cap the batch (OpenAI at 2048), and smaller ones fail smaller. */
const BATCH = 64;
/** A section is embedded by its first characters: models cap their input (about 8k tokens). */
const MAX_CHARS = 6000;

interface EmbeddingReply {
  data?: { index?: number; embedding?: unknown }[];
}

/** `values` scaled to length 1: then a dot product is the cosine similarity. */
function unit(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const v of vector) sum += v * v;
  if (!(sum > 0) || !Number.isFinite(sum)) throw new Error('the embeddings endpoint sent a zero or broken vector');
  const norm = Math.sqrt(sum);
  return vector.map((v) => v / norm);
}

export function createEmbedder(settings: EmbeddingSettings): Embedder {
  const base = (settings.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const timeout = settings.timeoutMs ?? 30_000;
  return {
    model: settings.model,
    async embed(texts, signal) {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += BATCH) {
        const input = texts.slice(start, start + BATCH).map((t) => t.slice(0, MAX_CHARS));
        const response = await fetch(`${base}/embeddings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${settings.apiKey}` },
          body: JSON.stringify({ model: settings.model, input }),
          signal: AbortSignal.any([AbortSignal.timeout(timeout), ...(signal ? [signal] : [])]),
        });
        if (!response.ok) throw new Error(`the embeddings endpoint answered ${response.status}`);
        const { data } = (await response.json()) as EmbeddingReply;
        if (!Array.isArray(data) || data.length !== input.length) {
          throw new Error(`the embeddings endpoint sent ${data?.length ?? 'no'} vectors for ${input.length} texts`);
        }
        // Replies name each vector's place; they need not come in order.
        const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
        for (const { embedding } of ordered) {
          if (!Array.isArray(embedding) || !embedding.every((v) => typeof v === 'number')) {
            throw new Error('the embeddings endpoint sent something that is not a vector');
          }
          if (vectors.length && embedding.length !== vectors[0]!.length) {
            throw new Error('the embeddings endpoint sent vectors of different lengths');
          }
          vectors.push(unit(embedding));
        }
      }
      return vectors;
    },
  };
}
