import * as v from 'valibot';
import { canStream } from '../answer-stream.js';
import { SessionNotDefinedError } from '../errors.js';
import type { LiveEvent } from '../event-stream.js';
import { historyMessageSchema, sessionStatusSchema as statusSchema } from '../responses.js';
import type { HistoryMessage } from '../responses.js';
import { sleep, until } from '../timing.js';
import { errorState, type StoreCore } from './core.js';
import { fromHistory, isAnswer, WITH_HUMAN } from './messages.js';

/** How long "Ana is typing…" stays after the last signal. */
const TYPING_MS = 6000;

/** Keeps the conversation current with the server: its status, and human agents' replies. */
export interface LiveUpdates {
  /** Asks the server for the stored conversation's status (at start). */
  refreshSession(id: string): Promise<void>;
  /** With a contact token and no conversation here: goes on with the contact's latest one (from any device). */
  resumeContact(): Promise<void>;
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
    // What the history has before the first message kept here is older than all of them (a
    // conversation longer than what storage keeps): it goes first, in the history's order.
    const firstKnown = Math.max(
      0,
      history.findIndex((m) => known.has(m.messageId)),
    );
    const isNew = (m: HistoryMessage) => !known.has(m.messageId);
    const earlier = history.slice(0, firstKnown).filter(isNew).map(fromHistory);
    const fresh = history.slice(firstKnown).filter(isNew).map(fromHistory);
    if (earlier.length) update((s) => ({ messages: [...earlier, ...s.messages] }));
    if (earlier.length || fresh.length) void persist();
    if (fresh.length === 0) return;
    update((s) => ({
      messages: [...s.messages, ...fresh],
      unreadCount: s.unreadCount + fresh.filter(isAnswer).length,
      // Their reply is here: they are no longer typing it.
      ...(s.typing && fresh.some((m) => m.role === 'agent') && { typing: null }),
    }));
    fresh.forEach((message) => core.events.next({ type: 'message', message }));
  }

  /**
   * A restored conversation made current from the server's history: what the stored copy lacks
   * (storage that was full, or wiped, kept an older one) is put back, each right after the message
   * the history has before it, with the messages still waiting to go after; and files get the
   * server's fresh links (a kept link works for a day). Restored, not received: no events, nothing
   * unread.
   */
  function restoreFrom(history: HistoryMessage[]): void {
    const known = new Set(state().messages.map((m) => m.id));
    const missing = history.filter((m) => !known.has(m.messageId)).length;
    const links = new Map(history.flatMap((m) => (m.attachments?.length ? [[m.messageId, m.attachments]] : [])));
    if (missing === 0 && links.size === 0) return;
    if (missing) logger.debug(`Restored ${missing} message(s) the stored conversation had lost.`);
    update((s) => {
      const messages = s.messages.map((m) =>
        m.attachments && links.has(m.id) ? { ...m, attachments: links.get(m.id) } : m,
      );
      let after = -1;
      for (const kept of history) {
        const at = messages.findIndex((m) => m.id === kept.messageId);
        if (at >= 0) after = at;
        else messages.splice(++after, 0, fromHistory(kept));
      }
      return { messages };
    });
    void persist();
  }

  function forgetSession(id: string, error: unknown): void {
    update((s) => (s.session?.id === id ? { session: null, error: errorState(error, 'NO_ACTIVE_SESSION') } : {}));
    void persist();
  }

  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  /** A live event: a message (shown once, whoever sent it), a person typing, or the conversation's new status. */
  function onLive(sessionId: string, { event, data }: LiveEvent): void {
    if (event === 'message') {
      const parsed = v.safeParse(historyMessageSchema, data);
      if (parsed.success) receive([parsed.output]);
    } else if (event === 'typing') {
      const name = (data as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !name) return;
      clearTimeout(typingTimer);
      update({ typing: { name: name.slice(0, 200) } });
      // The console signals every few seconds while the agent types: silence means they stopped.
      typingTimer = setTimeout(() => update((s) => (s.typing ? { typing: null } : {})), TYPING_MS);
    } else if (event === 'status') {
      const status = (data as { status?: unknown } | null)?.status;
      if (!v.is(statusSchema, status)) return;
      update((s) =>
        s.session?.id === sessionId && s.session.status !== status ? { session: { ...s.session, status } } : {},
      );
      void persist();
    }
  }

  /**
   * Keeps the conversation current while a person has it: through its live events where the
   * server has them (each reply shown as soon as it is written), else by polling. One loop per
   * conversation, never two requests at once; polling pauses while the page is hidden, and both
   * back off when the server fails.
   */
  function poll(sessionId: string): () => void {
    const stop = new AbortController();
    const signal = stop.signal;
    let cursor: string | undefined;
    let live = canStream();
    let lastEventId: string | undefined;
    /** What the history has that is new: before the stream is open, or each poll. */
    const catchUp = async () => {
      const { messages } = await api.getSessionHistory(sessionId, cursor, { signal });
      cursor = messages.at(-1)?.createdAt ?? cursor;
      receive(messages);
      const { status } = await api.getSession(sessionId, { signal });
      update((s) =>
        s.session?.id === sessionId && s.session.status !== status ? { session: { ...s.session, status } } : {},
      );
    };
    void (async () => {
      for (let failures = 0; !signal.aborted;) {
        try {
          if (live) {
            if (failures) await sleep(Math.min(60_000, pollIntervalMs * 2 ** failures), signal);
            // Opened from the last event seen. The first time it starts from now: once it is open,
            // what happened before is read from the history (a message in both is shown once).
            const first = !lastEventId;
            await api.conversationEvents(sessionId, {
              signal,
              lastEventId,
              onOpen: () => {
                failures = 0;
                if (first) catchUp().catch((error: unknown) => logger.debug('Reading the history failed.', error));
              },
              onEvent: (event) => {
                if (event.id) lastEventId = event.id;
                onLive(sessionId, event);
              },
            });
            continue; // the server ended it (a restart): open it again
          }
          await sleep(Math.min(60_000, pollIntervalMs * 2 ** failures), signal);
          await until(platform.visibility, signal);
          setActivity('polling', true);
          await catchUp();
          failures = 0;
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof SessionNotDefinedError) return forgetSession(sessionId, error);
          const status = (error as { status?: number }).status;
          if (live && (status === 404 || status === 405)) {
            // A server without live events (or a proxy in front of it): polling, as before.
            live = false;
            logger.debug('No live events from this server; polling instead.');
            continue;
          }
          failures = Math.min(failures + 1, 5);
          logger.debug(live ? 'The live connection failed; opening it again.' : 'Polling failed; backing off.', error);
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
        const signal = core.conversation();
        const [{ status }, { messages }] = await Promise.all([
          api.getSession(id, { signal }),
          api.getSessionHistory(id, undefined, { signal }),
        ]);
        update((s) => (s.session?.id === id ? { session: { ...s.session, status } } : {}));
        // The server's history is the truth: a snapshot storage kept from earlier loses nothing.
        if (state().session?.id === id && !signal.aborted) restoreFrom(messages);
        void persist();
      } catch (error) {
        if (error instanceof SessionNotDefinedError) forgetSession(id, error);
        // Otherwise keep the stored status: polling and sending retry on their own.
      }
    },
    async resumeContact() {
      if (!core.config.contactToken || state().session || !core.role.leads()) return;
      const signal = core.conversation();
      try {
        const { conversation: found } = await api.me({ signal });
        if (!found) return;
        const { conversationId: id, status } = found;
        const { messages } = await api.getSessionHistory(id, undefined, { signal });
        // A message the visitor sent meanwhile started a conversation of its own: that one stays.
        update((s) =>
          s.session || signal.aborted
            ? {}
            : { session: { id, status }, messages: [...messages.map(fromHistory), ...s.messages] },
        );
        void persist();
      } catch (error) {
        logger.debug('No contact conversation:', error);
      }
    },
    forgetSession,
    stop() {
      subscriptions.forEach((s) => s.unsubscribe());
      stopPolling();
      clearTimeout(typingTimer);
    },
  };
}
