import type { Log } from '../log.js';
import type { Answerer } from './answerer.js';
import { composeAnswer } from './compose.js';
import { readCompletionStream, type Completion } from './model-stream.js';

export interface LlmSettings {
  apiKey: string;
  /** Default https://api.openai.com/v1; any OpenAI-compatible chat-completions endpoint. */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
}

/** From the environment: OPENAI_API_KEY (required), OPENAI_BASE_URL, OPENAI_MODEL. */
export function llmSettingsFromEnv(env: NodeJS.ProcessEnv): LlmSettings | undefined {
  if (!env.OPENAI_API_KEY) return undefined;
  return { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL };
}

const SYSTEM = `You answer visitors' questions for a website's support chat, using ONLY the numbered passages
from its documentation below. Answer in the language of the question, briefly, in Markdown. Refer to
passages as [1], [2]. If the passages do not contain the answer, say you are not sure and offer to
connect the visitor with a person. Never invent facts, links or prices.`;

/**
 * An answerer backed by an OpenAI-compatible chat-completions endpoint, grounded on the passages
 * retrieval found. Retrieval still decides the citations and the refusal (no call is made below
 * the threshold); a failed call (network, status, timeout, odd reply) falls back to the default.
 */
export function createLlmAnswerer(settings: LlmSettings, log: Pick<Log, 'warn'>): Answerer {
  const base = (settings.baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  const model = settings.model ?? 'gpt-4o-mini';
  return async (question, hits, threshold, onText) => {
    const grounded = composeAnswer(hits, threshold, question);
    if (grounded.wasRefused) return grounded;
    const passages = hits.slice(0, 4);
    const context = passages.map((h, i) => `[${i + 1}] ${h.pageTitle} — ${h.heading}\n${h.body}`).join('\n\n');
    try {
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
        signal: AbortSignal.timeout(settings.timeoutMs ?? 20_000),
      });
      if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
      const text = response.headers.get('Content-Type')?.startsWith('text/event-stream')
        ? await readCompletionStream(response.body, onText)
        : // An endpoint that ignores `stream: true` answers in one piece.
          ((await response.json()) as Completion).choices?.[0]?.message?.content;
      if (typeof text !== 'string' || !text.trim()) throw new Error('no answer in the reply');
      return {
        ...grounded,
        answer: text.trim(),
        citations: passages.slice(0, 3).map((h) => ({
          pageId: h.pageId,
          pageTitle: h.heading === h.pageTitle ? h.pageTitle : `${h.pageTitle} — ${h.heading}`,
          pageUrl: h.pageUrl,
          excerpt: grounded.citations.find((c) => c.pageUrl === h.pageUrl)?.excerpt ?? h.body.slice(0, 200),
        })),
      };
    } catch (error) {
      log.warn(
        `[server] the language model failed (${(error as Error).message}); answering from the passages instead.`,
      );
      return grounded;
    }
  };
}
