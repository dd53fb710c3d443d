import type { Log } from '../log.js';
import type { Answerer } from './answerer.js';
import { composeAnswer } from './compose.js';
import { groundCitations, NOT_IN_DOCS, saysNotInDocs, sentinelGate } from './model-citations.js';
import { readCompletionStream, type Completion } from './model-stream.js';

export interface LlmSettings {
  apiKey: string;
  /** Default https://api.openai.com/v1; any OpenAI-compatible chat-completions endpoint. */
  baseUrl?: string;
  model?: string;
  /** The longest the model may stay silent, before its first piece or between two; default 20 s. */
  timeoutMs?: number;
}

/** From the environment: OPENAI_API_KEY (required), OPENAI_BASE_URL, OPENAI_MODEL. */
export function llmSettingsFromEnv(env: NodeJS.ProcessEnv): LlmSettings | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL };
}

const SYSTEM = `You answer visitors' questions for a website's support chat, using ONLY the numbered passages
from its documentation below. Answer in the language of the question, briefly, in Markdown. Cite the
passages you use as [1], [2], and only those. If the passages do not contain the answer, reply with
exactly ${NOT_IN_DOCS} and nothing else. Never invent facts, links or prices.`;

/**
 * An answerer backed by an OpenAI-compatible chat-completions endpoint, grounded on the passages
 * retrieval found (docs/server.md, "With a language model"). Retrieval still decides the refusal
 * below the threshold (no call is made); the model may decline too, and its citations are kept to
 * the passages it was given. A failed call (network, status, silence for `timeoutMs`, a stream cut
 * off, an odd reply) falls back to the default answer; a model still writing is never cut.
 */
export function createLlmAnswerer(settings: LlmSettings, log: Pick<Log, 'warn'>): Answerer {
  const base = (settings.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const model = settings.model ?? 'gpt-4o-mini';
  const silence = settings.timeoutMs ?? 20_000;
  return async (question, hits, threshold, onText) => {
    const grounded = composeAnswer(hits, threshold, question);
    if (grounded.wasRefused) return grounded;
    const passages = hits.slice(0, 4);
    const context = passages.map((h, i) => `[${i + 1}] ${h.headingPath.join(' › ')}\n${h.sectionBody}`).join('\n\n');
    const quiet = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(() => quiet.abort(new Error(`nothing from the model for ${silence / 1000} s`)), silence);
    };
    const gate = sentinelGate(onText);
    try {
      alive();
      const response = await fetch(`${base}/chat/completions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${settings.apiKey}` },
        body: JSON.stringify({
          model,
          temperature: 0.2,
          stream: true,
          messages: [
            { role: 'system', content: `${SYSTEM}\n\n${context}` },
            { role: 'user', content: question },
          ],
        }),
        signal: quiet.signal,
      });
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
      alive();
      const text = response.headers.get('Content-Type')?.startsWith('text/event-stream')
        ? await readCompletionStream(response.body, gate.push, alive)
        : // An endpoint that ignores `stream: true` answers in one piece.
          ((await response.json()) as Completion).choices?.[0]?.message?.content;
      if (typeof text !== 'string' || !text.trim()) throw new Error('no answer in the reply');
      if (saysNotInDocs(text)) return composeAnswer(hits, Number.POSITIVE_INFINITY, question);
      gate.flush();
      return { ...grounded, ...groundCitations(text, passages, question) };
    } catch (error) {
      log.warn(
        `[server] the language model failed (${(quiet.signal.reason as Error | undefined)?.message ?? (error as Error).message}); answering from the passages instead.`,
      );
      return grounded;
    } finally {
      clearTimeout(timer);
    }
  };
}
