import type { ChatContact, ChatSession, ChatState, FeedbackType, MessageType } from '../chat-state.js';
import { NO_ERROR } from '../chat-state.js';
import { OpenCXError, SessionError, SessionNotDefinedError } from '../errors.js';
import { uuid } from '../id.js';
import type { Attachment, EscalateResponse } from '../responses.js';
import { errorState, type StoreCore } from './core.js';
import type { LiveUpdates } from './live.js';
import { draftIdOf, isAnswer, keyboardFrom } from './messages.js';
import type { Outbox } from './outbox.js';
import { retrying } from './retrying.js';

/** The longest message the server accepts. */
export const MAX_MESSAGE_LENGTH = 4000;

/** What a visitor (or the page) does with the chat: the `Chat` methods that change it. */
export function createActions(
  core: StoreCore,
  { outbox, live, onSessionDestroy }: { outbox: Outbox; live: LiveUpdates; onSessionDestroy?: () => void },
) {
  const { api, config, state, update, patchMessage, persist, setActivity } = core;
  let creating: Promise<ChatSession> | undefined;

  function assertAlive(action: string): void {
    if (core.life.aborted) throw new OpenCXError(`${action}: the chat was destroyed.`, { code: 'destroyed' });
  }

  async function sendMessage({
    content,
    attachments,
  }: {
    content: string;
    attachments?: Attachment[];
  }): Promise<MessageType | undefined> {
    assertAlive('sendMessage');
    const text = typeof content === 'string' ? content.trim() : '';
    const files = Array.isArray(attachments) ? attachments.filter((a) => a && typeof a.attachmentId === 'string') : [];
    // Files alone may be a message (docs/core.md, "Attachments").
    if (!text && files.length === 0) {
      throw new OpenCXError('sendMessage: "content" must be a non-empty string.', { code: 'invalid_message' });
    }
    if (text.length > MAX_MESSAGE_LENGTH) {
      throw new OpenCXError(`sendMessage: "content" must be at most ${MAX_MESSAGE_LENGTH} characters.`, {
        code: 'message_too_long',
      });
    }
    const message: MessageType = {
      id: uuid(),
      role: 'user',
      content: text,
      createdAt: new Date().toISOString(),
      status: 'pending',
      ...(files.length ? { attachments: files } : {}),
    };
    update((s) => ({ messages: [...s.messages, message], keyboard: null }));
    core.events.next({ type: 'message', message });
    const answered = outbox.waitFor(message.id);
    await persist(); // in storage before the request: a reload now loses nothing
    void outbox.flush();
    return answered;
  }

  async function retryMessage(messageId: string): Promise<MessageType | undefined> {
    assertAlive('retryMessage');
    const message = state().messages.find((m) => m.id === messageId && m.role === 'user');
    if (!message)
      throw new OpenCXError(`retryMessage: there is no message "${messageId}".`, { code: 'message_not_found' });
    if (message.status === 'sent') return undefined;
    const answered = outbox.waitFor(messageId);
    if (message.status === 'failed') {
      // The newest message now, with what was written of its answer (which starts over when it comes).
      const draftId = draftIdOf(messageId);
      update((s) => ({
        messages: [
          ...s.messages.filter((m) => m.id !== messageId && m.id !== draftId),
          { ...message, status: 'pending', error: undefined },
          ...s.messages.filter((m) => m.id === draftId),
        ],
        error: NO_ERROR,
      }));
      await persist();
      void outbox.flush();
    }
    return answered;
  }

  async function createSession(): Promise<ChatSession> {
    assertAlive('createSession');
    await core.restored;
    await firstMessageNamed();
    const existing = state().session;
    if (existing) return existing;
    creating ??= (async () => {
      setActivity('creating_session', true);
      try {
        const r = await api.createSession({ signal: core.conversation() });
        const session: ChatSession = { id: r.conversationId, status: r.status, createdAt: r.createdAt };
        update((s) => ({ session: s.session ?? session, error: NO_ERROR }));
        await persist();
        return state().session ?? session;
      } catch (error) {
        if (!core.life.aborted) update({ error: errorState(error, 'SESSION_CREATION_FAILED') });
        throw error;
      } finally {
        setActivity('creating_session', false);
        creating = undefined;
      }
    })();
    return creating;
  }

  /**
   * A first message on its way starts the conversation: until the server names it (or the message
   * fails), what needs a conversation waits for that one instead of making a second.
   */
  function firstMessageNamed(): Promise<void> {
    const starting = (s: ChatState) =>
      !s.session && s.messages.some((m) => m.role === 'user' && m.status === 'pending');
    if (!starting(state())) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = core.subject.subscribe({
        next: (s) => {
          if (starting(s)) return;
          resolve();
          queueMicrotask(() => subscription.unsubscribe());
        },
        complete: resolve,
      });
    });
  }

  async function escalate({ email, message }: { email: string; message: string }): Promise<EscalateResponse> {
    assertAlive('escalate');
    if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      throw new OpenCXError('escalate: "email" must be an email address.', { code: 'invalid_escalation' });
    }
    if (typeof message !== 'string' || !message.trim()) {
      throw new OpenCXError('escalate: "message" must not be empty.', { code: 'invalid_escalation' });
    }
    // Sent like a message (retrying.ts). The server keeps one open ticket a conversation, so a
    // retry after a lost response makes no second one.
    const signal = core.conversation();
    return retrying(core, signal, async () => {
      const session = await createSession();
      try {
        const result = await api.escalate(
          { conversationId: session.id, email: email.trim(), message: message.trim() },
          { signal },
        );
        update((s) =>
          s.session?.id === session.id
            ? { session: { ...s.session, status: 'escalated', ticketId: result.ticketId } }
            : {},
        );
        await persist();
        return result;
      } catch (error) {
        if (error instanceof SessionNotDefinedError) live.forgetSession(session.id, error);
        throw error;
      }
    });
  }

  async function sendFeedback({ messageId, type }: { messageId: string; type: FeedbackType }): Promise<void> {
    assertAlive('sendFeedback');
    if (type !== 'positive' && type !== 'negative') {
      throw new OpenCXError('sendFeedback: "type" must be "positive" or "negative".', { code: 'invalid_feedback' });
    }
    // Only a finished answer has the server's id: one being written, stopped or cut cannot be rated.
    const answer = state().messages.find((m) => m.id === messageId && isAnswer(m) && !m.status);
    if (!answer)
      throw new OpenCXError(`sendFeedback: there is no answer "${messageId}".`, { code: 'message_not_found' });
    patchMessage(messageId, { feedback: type });
    try {
      await api.sendFeedback({ messageId, type }, { signal: core.life });
    } catch (error) {
      patchMessage(messageId, { feedback: answer.feedback });
      throw error;
    }
    await persist();
  }

  async function saveContact({ name, email }: { name?: string; email?: string }): Promise<void> {
    assertAlive('saveContact');
    const contact: ChatContact = {
      ...(name?.trim() ? { name: name.trim() } : {}),
      ...(email?.trim() ? { email: email.trim() } : {}),
    };
    await core.restored;
    // external_id is data about the visitor (your customer number), kept with their details; it
    // never chooses the visitor, whom the server makes and the token proves.
    const { external_id: externalId, customData } = config.user;
    const data = externalId === undefined ? customData : { ...customData, external_id: externalId };
    await api.upsertContact({ ...contact, customData: data }, { signal: core.life });
    update({ contact });
    await persist();
  }

  /** `clearedAt`: when another tab cleared it (docs/core.md, "Tabs"); now, when the visitor did it here. */
  async function clearSession(clearedAt = Date.now()): Promise<void> {
    assertAlive('clearSession');
    core.role.clearedAt = Math.max(core.role.clearedAt, clearedAt);
    core.role.toLeader({ kind: 'clear', clearedAt: core.role.clearedAt });
    core.nextConversation();
    outbox.rejectAll(
      new SessionError('The conversation was cleared before the message was answered.', { code: 'session_cleared' }),
    );
    // At once, before the aborted request settles: nothing of the old conversation may be sent again.
    update((s) => ({
      messages: [],
      session: null,
      keyboard: keyboardFrom(s.prelude),
      error: NO_ERROR,
      unreadCount: 0,
    }));
    await persist();
    onSessionDestroy?.();
  }

  return {
    sendMessage,
    retryMessage,
    createSession,
    escalate,
    sendFeedback,
    saveContact,
    skipContact(): void {
      update({ contact: { skipped: true } });
      void persist();
    },
    clearSession,
    stopAnswer(): boolean {
      return outbox.stop();
    },
    markRead(): void {
      update((s) => (s.unreadCount === 0 ? {} : { unreadCount: 0 }));
    },
  };
}
