import { SessionNotDefinedError } from '../errors.js';
import type { HistoryMessage } from '../responses.js';
import { sleep, until } from '../timing.js';
import { errorState, type StoreCore } from './core.js';
import { fromHistory, isAnswer, WITH_HUMAN } from './messages.js';

/** Keeps the conversation current with the server: its status, and human agents' replies. */
export interface LiveUpdates {
  /** Asks the server for the stored conversation's status (at start). */
  refreshSession(id: string): Promise<void>;
  /** The server no longer knows conversation `id`: it is dropped, with the error shown. */
  forgetSession(id: string, error: unknown): void;
  /** Stops polling. */
  stop(): void;
}

/**
 * Polls for agents' replies while a human has the conversation (docs/core.md, "Human agents"):
 * one loop per conversation, never two requests at once, paused while the page is hidden, backing
 * off on failure.
 */
export function createLiveUpdates(core: StoreCore, pollIntervalMs: number): LiveUpdates {
  const { api, platform, logger, state, update, setActivity, persist } = core;

  function receive(history: HistoryMessage[]): void {
    const known = new Set(state().messages.map((m) => m.id));
    const fresh = history.filter((m) => !known.has(m.messageId)).map(fromHistory);
    if (fresh.length === 0) return;
    update((s) => ({
      messages: [...s.messages, ...fresh],
      unreadCount: s.unreadCount + fresh.filter(isAnswer).length,
    }));
    fresh.forEach((message) => core.events.next({ type: 'message', message }));
  }

  function forgetSession(id: string, error: unknown): void {
    update((s) => (s.session?.id === id ? { session: null, error: errorState(error, 'NO_ACTIVE_SESSION') } : {}));
    void persist();
  }

  function poll(sessionId: string): () => void {
    const stop = new AbortController();
    const signal = stop.signal;
    let cursor: string | undefined;
    void (async () => {
      for (let failures = 0; !signal.aborted;) {
        try {
          await sleep(Math.min(60_000, pollIntervalMs * 2 ** failures), signal);
          await until(platform.visibility, signal);
          setActivity('polling', true);
          const { messages } = await api.getSessionHistory(sessionId, cursor, { signal });
          cursor = messages.at(-1)?.createdAt ?? cursor;
          receive(messages);
          const { status } = await api.getSession(sessionId, { signal });
          update((s) =>
            s.session?.id === sessionId && s.session.status !== status ? { session: { ...s.session, status } } : {},
          );
          failures = 0;
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof SessionNotDefinedError) return forgetSession(sessionId, error);
          failures = Math.min(failures + 1, 5);
          logger.debug('Polling failed; backing off.', error);
        } finally {
          setActivity('polling', false);
        }
      }
    })();
    return () => stop.abort();
  }

  // One loop for the conversation while a human has it, and only in the store that leads
  // (docs/core.md, "Tabs"): the others see what it receives.
  let polled: string | null = null;
  let stopPolling = () => {};
  const recheck = () => {
    const { session } = state();
    const id = core.role.leads() && session && WITH_HUMAN.has(session.status) ? session.id : null;
    if (id === polled) return;
    stopPolling();
    polled = id;
    stopPolling = id ? poll(id) : () => {};
  };
  const subscriptions = [core.subject.subscribe(recheck), core.role.leading$.subscribe(recheck)];

  return {
    async refreshSession(id) {
      try {
        const { status } = await api.getSession(id, { signal: core.conversation() });
        update((s) => (s.session?.id === id ? { session: { ...s.session, status } } : {}));
        void persist();
      } catch (error) {
        if (error instanceof SessionNotDefinedError) forgetSession(id, error);
        // Otherwise keep the stored status: polling and sending retry on their own.
      }
    },
    forgetSession,
    stop() {
      subscriptions.forEach((s) => s.unsubscribe());
      stopPolling();
    },
  };
}
