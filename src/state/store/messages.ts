import type { MessageType } from '../chat-state.js';
import type { ChatResponse, HistoryMessage, Prelude, SessionStatus } from '../responses.js';

// Small facts about messages that more than one part of the store needs.

/** While a human has the conversation, the bot stays quiet and replies arrive by polling. */
export const WITH_HUMAN: ReadonlySet<SessionStatus> = new Set(['escalated', 'agent']);

export const isAnswer = (m: MessageType) => m.role === 'assistant' || m.role === 'agent';

/**
 * The id of the answer being written to the visitor's message `id`, until the server's own id
 * arrives with the finished answer. A stopped or interrupted answer keeps it.
 */
export const draftIdOf = (id: string) => `${id}:answer`;

/** Where message `id` is, searched from the newest: a draft is among the last, however long the conversation. */
export function lastIndexOfId(messages: readonly MessageType[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.id === id) return i;
  return -1;
}

export const keyboardFrom = (prelude: Prelude | null) =>
  prelude?.initialQuestions.length ? { options: [...prelude.initialQuestions] } : null;

export function answerOf(response: ChatResponse): MessageType {
  return {
    id: response.messageId,
    role: 'assistant',
    content: response.answer,
    createdAt: new Date().toISOString(),
    citations: response.citations,
    relatedArticles: response.relatedArticles,
    confidenceScore: response.confidenceScore,
    wasRefused: response.wasRefused,
  };
}

export function fromHistory(m: HistoryMessage): MessageType {
  const { messageId, ...rest } = m;
  return { id: messageId, ...rest, ...(m.role === 'user' ? { status: 'sent' as const } : {}) };
}
