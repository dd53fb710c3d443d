import type { MessageType } from '../chat-state.js';
import { NO_ERROR } from '../chat-state.js';
import type { OpenCXError } from '../errors.js';
import { errorFromReport, RateLimitError, SessionNotDefinedError } from '../errors.js';
import type { ChatResponse } from '../responses.js';
import { retryDelay } from '../retry-policy.js';
import { sleep, until } from '../timing.js';
import { codeOf, errorState, messageOf, type StoreCore } from './core.js';
import { answerOf, draftIdOf, isAnswer, WITH_HUMAN } from './messages.js';
import { streamAnswer } from './stream.js';

/** Sends the visitor's messages (docs/core.md, "What it guarantees"): the pending ones, oldest first. */
export interface Outbox {
  /** Sends every pending message, one at a time; a second call while sending does nothing. */
  flush(): Promise<void>;
  /** Resolves with the answer to message `id` (`undefined` while a human has the conversation); rejects once it failed. */
  waitFor(id: string): Promise<MessageType | undefined>;
  /** Rejects whatever waits for an answer (the conversation was cleared, the chat destroyed). */
  rejectAll(error: OpenCXError): void;
  /** Stops the answer being written; its text so far stays, `stopped`. False when none is. */
  stop(): boolean;
  /** Settles what waits for messages another tab sent for this one (docs/core.md, "Tabs"). */
  settleFromState(): void;
  /**
   * Sends again, each time the device comes back online or the page is seen again, the messages
   * that failed only because their attempts ran out (docs/core.md, "What it guarantees"); returns
   * the function that stops watching.
   */
  resumeWhenBack(): () => void;
}

type Waiter = { resolve: (m: MessageType | undefined) => void; reject: (e: unknown) => void };

function pageUrl(): string | undefined {
  // Without query and fragment: they often carry tokens the chat server has no business seeing.
  const location = globalThis.location;
  return location ? location.origin + location.pathname : undefined;
}

export function createOutbox(core: StoreCore): Outbox {
  const { platform, logger, policy, state, update, setActivity, patchMessage, persist } = core;
  const waiters = new Map<string, Waiter[]>();
  let flushing = false;
  /** The answer being received now, which `stop()` ends. */
  let receiving: { stop(): void } | undefined;
  /** Messages that failed only because they ran out of attempts: tried again when the visitor is back. */
  const exhausted = new Set<string>();

  const nextPending = () => state().messages.find((m) => m.role === 'user' && m.status === 'pending');

  function settle(id: string, outcome: { answer?: MessageType; error?: unknown }): void {
    const waiting = waiters.get(id) ?? [];
    waiters.delete(id);
    for (const waiter of waiting) {
      if (outcome.error === undefined) waiter.resolve(outcome.answer);
      else waiter.reject(outcome.error);
    }
  }

  async function flush(): Promise<void> {
    if (!core.role.leads()) {
      // Another tab talks to the server: it is handed the messages instead (again, if it missed them).
      for (const message of state().messages) {
        if (message.role === 'user' && message.status === 'pending') core.role.toLeader({ kind: 'send', message });
      }
      return;
    }
    if (flushing) return;
    flushing = true;
    try {
      for (let next = nextPending(); next && !core.life.aborted; next = nextPending()) {
        const message = next;
        try {
          await deliver(message);
        } catch (error) {
          // deliver() throws only when its conversation was cleared or the chat destroyed; a
          // message still pending after that must not be retried forever.
          if (core.life.aborted) return;
          if (nextPending()?.id === message.id) fail(message, error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  async function deliver(message: MessageType): Promise<void> {
    const signal = core.conversation();
    for (let attempt = 1; ; attempt++) {
      await core.written(); // the message is in storage before any request for it leaves
      if (platform.network?.get() === false) waitingAs(message, 'offline');
      await until(platform.network, signal);
      waitingAs(message, undefined);
      const { session } = state();
      const reason = session && WITH_HUMAN.has(session.status) ? 'sending_message_to_agent' : 'sending_message_to_bot';
      let delay: number | undefined;
      setActivity(reason, true);
      const outgoing = {
        content: message.content,
        conversationId: session?.id,
        clientMessageId: message.id,
        attachmentIds: message.attachments?.map((a) => a.attachmentId),
      };
      const answer = streamAnswer(core, message, { ...outgoing, pageUrl: pageUrl() }, signal);
      receiving = answer;
      try {
        const outcome = await answer.result;
        if (signal.aborted) return;
        if (outcome.stopped && !outcome.taken) return fail(message, outcome.error);
        if (outcome.stopped) return stopped(message, outcome.conversationId);
        return sent(message, outcome.response);
      } catch (error) {
        if (signal.aborted) throw error;
        if (error instanceof SessionNotDefinedError && session) {
          // The server no longer knows the conversation: the message starts a new one.
          update({ session: null });
          continue;
        }
        delay = retryDelay(error, attempt, policy);
        if (delay === undefined) return fail(message, error);
        const offline = platform.network?.get() === false;
        waitingAs(message, offline ? 'offline' : error instanceof RateLimitError ? 'rate_limited' : 'retrying');
        logger.debug(`Sending failed (${codeOf(error)}); attempt ${attempt + 1} in ${Math.round(delay)} ms.`);
      } finally {
        receiving = undefined;
        setActivity(reason, false);
      }
      if (delay !== undefined) await sleep(delay, signal, platform.network);
    }
  }

  function sent(message: MessageType, response: ChatResponse): void {
    const answer = response.answer ? answerOf(response) : undefined;
    const draftId = draftIdOf(message.id);
    update((s) => {
      const messages = s.messages
        .filter((m) => m.id !== draftId)
        .map((m) =>
          m.id === message.id ? { ...m, status: 'sent' as const, error: undefined, waiting: undefined } : m,
        );
      if (answer && !messages.some((m) => m.id === answer.id)) {
        // Right after the message it answers: later messages may already be waiting in the outbox.
        messages.splice(messages.findIndex((m) => m.id === message.id) + 1, 0, answer);
      }
      return {
        messages,
        session: sessionFor(s.session, response.conversationId, response.status),
        error: NO_ERROR,
        unreadCount: s.unreadCount + (answer ? 1 : 0),
      };
    });
    void persist();
    if (answer && !core.role.foreign.has(message.id)) core.events.next({ type: 'message', message: answer });
    settle(message.id, { answer });
  }

  /** The visitor stopped the answer: their message was taken, and the answer keeps what it had. */
  function stopped(message: MessageType, conversationId: string | undefined): void {
    update((s) => ({
      messages: s.messages.map((m) => (m.id === message.id ? { ...m, status: 'sent' as const, error: undefined } : m)),
      session: conversationId ? sessionFor(s.session, conversationId) : s.session,
    }));
    void persist();
    const answer = state().messages.find((m) => m.id === draftIdOf(message.id));
    if (answer && !core.role.foreign.has(message.id)) core.events.next({ type: 'message', message: answer });
    settle(message.id, { answer });
  }

  function fail(message: MessageType, error: unknown): void {
    logger.warn(`Message could not be sent: ${messageOf(error)}`);
    // Would have been tried again, had attempts been left: the network or server may yet come back.
    if (retryDelay(error, 1, policy) !== undefined) exhausted.add(message.id);
    patchMessage(message.id, {
      status: 'failed',
      error: { code: codeOf(error), message: messageOf(error) },
      waiting: undefined,
    });
    update({ error: errorState(error, 'MESSAGE_SEND_FAILED') });
    void persist();
    settle(message.id, { error });
  }

  /** Says why `message` waits (or that it no longer does), changing the state only when that changed. */
  function waitingAs(message: MessageType, waiting: MessageType['waiting']): void {
    if (state().messages.find((m) => m.id === message.id)?.waiting !== waiting) patchMessage(message.id, { waiting });
  }

  function resume(): void {
    const again = new Set(
      state()
        .messages.filter((m) => exhausted.has(m.id) && m.status === 'failed')
        .map((m) => m.id),
    );
    exhausted.clear();
    if (again.size === 0) return;
    logger.debug(`Sending ${again.size} failed message(s) again: the visitor is back.`);
    // As `retryMessage` does: the newest now, each with what was written of its answer, in the
    // order the server will see them.
    const drafts = new Set([...again].map(draftIdOf));
    const moved = (m: MessageType) => again.has(m.id) || drafts.has(m.id);
    update((s) => ({
      messages: [
        ...s.messages.filter((m) => !moved(m)),
        ...s.messages
          .filter(moved)
          .map((m) => (again.has(m.id) ? { ...m, status: 'pending' as const, error: undefined } : m)),
      ],
      error: NO_ERROR,
    }));
    void persist();
    void flush();
  }

  return {
    flush,
    resumeWhenBack() {
      const stops = [platform.network, platform.visibility].map((fact) => fact?.subscribe((yes) => yes && resume()));
      return () => stops.forEach((stop) => stop?.());
    },
    waitFor: (id) =>
      new Promise((resolve, reject) => waiters.set(id, [...(waiters.get(id) ?? []), { resolve, reject }])),
    rejectAll(error) {
      for (const id of [...waiters.keys()]) settle(id, { error });
    },
    stop() {
      if (!core.role.leads()) {
        const writing = state().messages.some((m) => m.status === 'streaming');
        if (writing) core.role.toLeader({ kind: 'stop' });
        return writing;
      }
      if (!receiving) return false;
      receiving.stop();
      return true;
    },
    settleFromState() {
      const { messages } = state();
      for (const id of [...waiters.keys()]) {
        const at = messages.findIndex((m) => m.id === id);
        const message = messages[at];
        if (message?.status === 'failed') {
          const { code, message: text } = message.error ?? { code: 'unknown_error', message: 'Not sent.' };
          settle(id, { error: errorFromReport({ code, message: text }) });
        } else if (message?.status === 'sent') {
          const next = messages[at + 1];
          const answer = next && isAnswer(next) && (!next.status || next.status === 'stopped') ? next : undefined;
          // Answered here only if it is finished: one still being written settles with a later state.
          if (next?.status === 'streaming' || next?.status === 'interrupted') continue;
          if (answer) core.events.next({ type: 'message', message: answer });
          settle(id, { answer });
        }
      }
    },
  };
}

/** The conversation a response names, with the status it reports (a person has it) when it reports one. */
function sessionFor(
  session: ReturnType<StoreCore['state']>['session'],
  conversationId: string,
  status?: ChatResponse['status'],
) {
  const known = session?.id === conversationId ? session : { id: conversationId, status: 'bot' as const };
  return status && known.status !== status ? { ...known, status } : known;
}
