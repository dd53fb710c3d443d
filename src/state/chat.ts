import { BehaviorSubject, distinctUntilChanged, map, Subject, type Observable } from 'rxjs';
import type { ApiCaller } from './api.js';
import type {
  ChatContact,
  ChatErrorCode,
  ChatEvent,
  ChatSession,
  ChatState,
  FeedbackType,
  LoadingReason,
  MessageType,
} from './chat-state.js';
import { NO_ERROR } from './chat-state.js';
import type { NormalizedConfig } from './config.js';
import { OpenCXError, SessionError, SessionNotDefinedError } from './errors.js';
import { uuid } from './id.js';
import { createLogger } from './logger.js';
import { parseSnapshot, parseVisitor, serializeSnapshot, storageKeys } from './persistence.js';
import { createWebPlatform, type Platform } from './platform.js';
import type { ChatResponse, EscalateResponse, HistoryMessage, Prelude, SessionStatus } from './responses.js';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retry-policy.js';
import { createMemoryStorage, withMemoryFallback } from './storage.js';
import { sleep, until } from './timing.js';

/** The longest message the server accepts. */
export const MAX_MESSAGE_LENGTH = 4000;

export interface CreateChatOptions {
  api: ApiCaller;
  config: NormalizedConfig;
  /** Default: `createWebPlatform()`. */
  platform?: Platform;
  /** Called when `clearSession()` ended the conversation. */
  onSessionDestroy?: () => void;
  /** How sending retries; see `RetryPolicy`. */
  retry?: Partial<RetryPolicy>;
  /** How often to ask for human agents' replies while a human has the conversation. Default 3000. */
  pollIntervalMs?: number;
}

/** The chat store: one per widget. */
export interface Chat {
  /** Emits the current state on subscribe, then every change. */
  readonly state$: Observable<ChatState>;
  /** What happened, as it happens: a message the visitor sent or one that arrived (not restored history). */
  readonly events$: Observable<ChatEvent>;
  /** Resolves once stored state is restored and the widget's settings were asked for. */
  readonly ready: Promise<void>;
  getState(): ChatState;
  /** A slice of the state that emits only when it changes. */
  select<T>(selector: (state: ChatState) => T, compare?: (a: T, b: T) => boolean): Observable<T>;
  /**
   * Adds the visitor's message at once (`pending`), sends it, and resolves to the answer
   * (`undefined` while a human has the conversation: their reply arrives by polling). Rejects
   * with the error once the message is `failed`.
   */
  sendMessage(message: { content: string }): Promise<MessageType | undefined>;
  /** Sends a `failed` message again, as the newest message. */
  retryMessage(messageId: string): Promise<MessageType | undefined>;
  sendFeedback(feedback: { messageId: string; type: FeedbackType }): Promise<void>;
  /** Hands the conversation to a human; their replies then arrive by polling. */
  escalate(escalation: { email: string; message: string }): Promise<EscalateResponse>;
  /** Saves the visitor's name and email (the collect-user-data form) on the server and in the state. */
  saveContact(contact: { name?: string; email?: string }): Promise<void>;
  /** The visitor chose not to give their details. */
  skipContact(): void;
  /** Creates the conversation if there is none; returns the current one otherwise. */
  createSession(): Promise<ChatSession>;
  /** Ends the conversation here and starts afresh; calls `onSessionDestroy`. */
  clearSession(): Promise<void>;
  /** The visitor has seen every answer (the panel is open): `unreadCount` goes to 0. */
  markRead(): void;
  /** Stops every timer, request and subscription. The store is unusable afterwards. */
  destroy(): void;
}

const WITH_HUMAN: ReadonlySet<SessionStatus> = new Set(['escalated', 'agent']);
// When several things are under way, the one a visitor cares most about is shown.
const LOADING_PRIORITY: LoadingReason[] = [
  'sending_message_to_agent',
  'sending_message_to_bot',
  'creating_session',
  'polling',
];

/** A new store's state, before anything is restored or loaded; without a configuration, nobody's. */
export function initialState(config?: NormalizedConfig): ChatState {
  const { name, email } = config?.user ?? {};
  return {
    messages: [],
    keyboard: null,
    loading: { isLoading: false, reason: null },
    error: NO_ERROR,
    session: null,
    contact: name || email ? { name, email } : null,
    prelude: null,
    unreadCount: 0,
    ready: false,
  };
}

const codeOf = (error: unknown) => (error instanceof OpenCXError ? error.code : 'unknown_error');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const errorState = (error: unknown, code?: ChatErrorCode): ChatState['error'] => ({
  hasError: true,
  message: messageOf(error),
  code,
  status: error instanceof OpenCXError ? error.status : undefined,
  cause: codeOf(error),
});
const keyboardFrom = (prelude: Prelude | null) =>
  prelude?.initialQuestions.length ? { options: [...prelude.initialQuestions] } : null;
const isAnswer = (m: MessageType) => m.role === 'assistant' || m.role === 'agent';

function answerOf(response: ChatResponse): MessageType {
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

function fromHistory(m: HistoryMessage): MessageType {
  const { messageId, ...rest } = m;
  return { id: messageId, ...rest, ...(m.role === 'user' ? { status: 'sent' as const } : {}) };
}

function pageUrl(): string | undefined {
  // Without query and fragment: they often carry tokens the chat server has no business seeing.
  const location = globalThis.location;
  return location ? location.origin + location.pathname : undefined;
}

/** Creates the chat store (docs/core.md) and starts restoring the stored conversation. */
export function createChat(options: CreateChatOptions): Chat {
  const { api, config, onSessionDestroy } = options;
  const platform = options.platform ?? createWebPlatform();
  const logger = createLogger(platform.logger, config.debug);
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const pollIntervalMs = options.pollIntervalMs ?? 3000;
  let warnedStorage = false;
  const storage = config.settings.persistSession
    ? withMemoryFallback(platform.storage, (operation, error) => {
        if (warnedStorage) return;
        warnedStorage = true;
        logger.warn(`Storage ${operation} failed; the conversation is kept in memory for this page.`, error);
      })
    : createMemoryStorage();
  const keys = storageKeys(config.widgetId);

  const life = new AbortController();
  // Aborted by clearSession(): everything that belongs to one conversation listens to it.
  let conversation = new AbortController();
  const subject = new BehaviorSubject<ChatState>(initialState(config));
  const events = new Subject<ChatEvent>();
  const activity = new Set<LoadingReason>();
  type Waiter = { resolve: (m: MessageType | undefined) => void; reject: (e: unknown) => void };
  const waiters = new Map<string, Waiter[]>();
  let flushing = false;
  // Bumped by clearSession(): a restore that finishes after a clear must not bring old messages back.
  let generation = 0;
  let creating: Promise<ChatSession> | undefined;

  const state = () => subject.getValue();

  function update(patch: Partial<ChatState> | ((s: ChatState) => Partial<ChatState>)): void {
    if (life.signal.aborted) return;
    const current = state();
    const changes = typeof patch === 'function' ? patch(current) : patch;
    if (Object.keys(changes).length > 0) subject.next({ ...current, ...changes });
  }

  function setActivity(reason: LoadingReason, on: boolean): void {
    if (on) activity.add(reason);
    else activity.delete(reason);
    const now = LOADING_PRIORITY.find((r) => activity.has(r)) ?? null;
    if (now !== state().loading.reason) update({ loading: { isLoading: now !== null, reason: now } });
  }

  function patchMessage(id: string, patch: Partial<MessageType>): void {
    update((s) => ({ messages: s.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
  }

  function waitFor(id: string): Promise<MessageType | undefined> {
    return new Promise((resolve, reject) => waiters.set(id, [...(waiters.get(id) ?? []), { resolve, reject }]));
  }

  function settle(id: string, outcome: { answer?: MessageType; error?: unknown }): void {
    const waiting = waiters.get(id) ?? [];
    waiters.delete(id);
    for (const waiter of waiting) {
      if (outcome.error === undefined) waiter.resolve(outcome.answer);
      else waiter.reject(outcome.error);
    }
  }

  function rejectAllWaiters(error: OpenCXError): void {
    for (const id of [...waiters.keys()]) settle(id, { error });
  }

  // ---- persistence -------------------------------------------------------------------------

  const restored: Promise<void> = (async () => {
    const [storedVisitor, raw] = await Promise.all([storage.getItem(keys.visitor), storage.getItem(keys.chat)]);
    // The server's visitor, kept for the next page. An id kept by an older widget (a bare string)
    // proves nothing and is dropped: the server makes a new visitor.
    const kept = parseVisitor(storedVisitor);
    if (kept) api.adoptVisitor(kept);
    api.onVisitor = (visitor) => void storage.setItem(keys.visitor, JSON.stringify(visitor));
    const { snapshot, problem } = parseSnapshot(raw);
    if (problem) logger.warn(`Starting a new conversation: ${problem}.`);
    if (snapshot && generation === 0) {
      // Messages sent before the restore finished come after the stored ones.
      update((s) => ({
        session: s.session ?? snapshot.session,
        contact: s.contact ?? snapshot.contact ?? null,
        messages: [...snapshot.messages.filter((m) => !s.messages.some((n) => n.id === m.id)), ...s.messages],
      }));
    }
  })().catch((error: unknown) => logger.error('Could not restore the conversation.', error));

  let writes: Promise<void> = Promise.resolve();
  /** Writes the conversation as it is when the write runs; writes never overlap or reorder. */
  function persist(): Promise<void> {
    writes = writes
      .then(async () => {
        await restored;
        if (life.signal.aborted) return;
        const { session, messages, contact } = state();
        await storage.setItem(keys.chat, serializeSnapshot({ session, messages, contact }));
      })
      .catch((error: unknown) => logger.warn('Could not store the conversation.', error));
    return writes;
  }

  // ---- sending: the outbox is every pending user message, oldest first ---------------------

  const nextPending = () => state().messages.find((m) => m.role === 'user' && m.status === 'pending');

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (let next = nextPending(); next && !life.signal.aborted; next = nextPending()) {
        const message = next;
        try {
          await deliver(message);
        } catch (error) {
          // deliver() throws only when its conversation was cleared or the chat destroyed; a
          // message still pending after that must not be retried forever.
          if (life.signal.aborted) return;
          if (nextPending()?.id === message.id) fail(message, error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  async function deliver(message: MessageType): Promise<void> {
    const signal = conversation.signal;
    for (let attempt = 1; ; attempt++) {
      await writes; // the message is in storage before any request for it leaves
      await until(platform.network, signal);
      const { session } = state();
      const reason = session && WITH_HUMAN.has(session.status) ? 'sending_message_to_agent' : 'sending_message_to_bot';
      let delay: number | undefined;
      setActivity(reason, true);
      try {
        const response = await api.handleMessage(
          { content: message.content, conversationId: session?.id, clientMessageId: message.id, pageUrl: pageUrl() },
          { signal },
        );
        if (!signal.aborted) sent(message, response);
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        if (error instanceof SessionNotDefinedError && session) {
          // The server no longer knows the conversation: the message starts a new one.
          update({ session: null });
          continue;
        }
        delay = retryDelay(error, attempt, policy);
        if (delay === undefined) return fail(message, error);
        logger.debug(`Sending failed (${codeOf(error)}); attempt ${attempt + 1} in ${Math.round(delay)} ms.`);
      } finally {
        setActivity(reason, false);
      }
      if (delay !== undefined) await sleep(delay, signal, platform.network);
    }
  }

  function sent(message: MessageType, response: ChatResponse): void {
    const answer = response.answer ? answerOf(response) : undefined;
    update((s) => {
      const messages = s.messages.map((m) =>
        m.id === message.id ? { ...m, status: 'sent' as const, error: undefined } : m,
      );
      if (answer && !messages.some((m) => m.id === answer.id)) {
        // Right after the message it answers: later messages may already be waiting in the outbox.
        messages.splice(messages.findIndex((m) => m.id === message.id) + 1, 0, answer);
      }
      const session: ChatSession =
        s.session?.id === response.conversationId ? s.session : { id: response.conversationId, status: 'bot' };
      return { messages, session, error: NO_ERROR, unreadCount: s.unreadCount + (answer ? 1 : 0) };
    });
    void persist();
    if (answer) events.next({ type: 'message', message: answer });
    settle(message.id, { answer });
  }

  function fail(message: MessageType, error: unknown): void {
    logger.warn(`Message could not be sent: ${messageOf(error)}`);
    patchMessage(message.id, { status: 'failed', error: { code: codeOf(error), message: messageOf(error) } });
    update({ error: errorState(error, 'MESSAGE_SEND_FAILED') });
    void persist();
    settle(message.id, { error });
  }

  // ---- polling for human agents' replies --------------------------------------------------

  function receive(history: HistoryMessage[]): void {
    const known = new Set(state().messages.map((m) => m.id));
    const fresh = history.filter((m) => !known.has(m.messageId)).map(fromHistory);
    if (fresh.length === 0) return;
    update((s) => ({
      messages: [...s.messages, ...fresh],
      unreadCount: s.unreadCount + fresh.filter(isAnswer).length,
    }));
    fresh.forEach((message) => events.next({ type: 'message', message }));
  }

  function forgetSession(id: string, error: unknown): void {
    update((s) => (s.session?.id === id ? { session: null, error: errorState(error, 'NO_ACTIVE_SESSION') } : {}));
    void persist();
  }

  /** One loop per conversation handed to a human: never two requests at once, paused while hidden. */
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

  let stopPolling = () => {};
  const pollingSubscription = subject
    .pipe(
      map((s) => (s.session && WITH_HUMAN.has(s.session.status) ? s.session.id : null)),
      distinctUntilChanged(),
    )
    .subscribe((id) => {
      stopPolling();
      stopPolling = id ? poll(id) : () => {};
    });

  // ---- start-up ----------------------------------------------------------------------------

  function applyPrelude(prelude: Prelude): void {
    update((s) => ({
      prelude,
      keyboard: s.messages.some((m) => m.role === 'user') ? s.keyboard : keyboardFrom(prelude),
      // The settings' own failure carries no chat error code; a failed message's error stays.
      error: s.error.code ? s.error : NO_ERROR,
    }));
  }

  /** The widget's settings, first try: `ready` waits for this one only. */
  async function loadPrelude(): Promise<void> {
    try {
      applyPrelude(await api.widgetPrelude({ signal: life.signal }));
    } catch (error) {
      if (life.signal.aborted) return;
      logger.error(`Could not load the widget’s settings: ${messageOf(error)}`);
      update({ error: errorState(error) });
      void retryPrelude(error);
    }
  }

  /** A failure that may pass (offline, a 5xx) is tried again with the outbox's backoff. */
  async function retryPrelude(error: unknown): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const delay = retryDelay(error, attempt, policy);
      if (delay === undefined || life.signal.aborted) return;
      try {
        await sleep(delay, life.signal, platform.network);
        applyPrelude(await api.widgetPrelude({ signal: life.signal }));
        return;
      } catch (next) {
        if (life.signal.aborted) return;
        error = next;
      }
    }
  }

  async function refreshSession(id: string): Promise<void> {
    try {
      const { status } = await api.getSession(id, { signal: conversation.signal });
      update((s) => (s.session?.id === id ? { session: { ...s.session, status } } : {}));
      void persist();
    } catch (error) {
      if (error instanceof SessionNotDefinedError) forgetSession(id, error);
      // Otherwise keep the stored status: polling and sending retry on their own.
    }
  }

  const ready = restored.then(async () => {
    if (life.signal.aborted) return;
    void flush();
    const session = state().session;
    await Promise.all([loadPrelude(), session ? refreshSession(session.id) : undefined]);
    update({ ready: true });
  });

  // ---- actions -----------------------------------------------------------------------------

  function assertAlive(action: string): void {
    if (life.signal.aborted) throw new OpenCXError(`${action}: the chat was destroyed.`, { code: 'destroyed' });
  }

  async function sendMessage({ content }: { content: string }): Promise<MessageType | undefined> {
    assertAlive('sendMessage');
    const text = typeof content === 'string' ? content.trim() : '';
    if (!text) throw new OpenCXError('sendMessage: "content" must be a non-empty string.', { code: 'invalid_message' });
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
    };
    update((s) => ({ messages: [...s.messages, message], keyboard: null }));
    events.next({ type: 'message', message });
    const answered = waitFor(message.id);
    await persist(); // in storage before the request: a reload now loses nothing
    void flush();
    return answered;
  }

  async function retryMessage(messageId: string): Promise<MessageType | undefined> {
    assertAlive('retryMessage');
    const message = state().messages.find((m) => m.id === messageId && m.role === 'user');
    if (!message)
      throw new OpenCXError(`retryMessage: there is no message "${messageId}".`, { code: 'message_not_found' });
    if (message.status === 'sent') return undefined;
    const answered = waitFor(messageId);
    if (message.status === 'failed') {
      update((s) => ({
        messages: [
          ...s.messages.filter((m) => m.id !== messageId),
          { ...message, status: 'pending', error: undefined },
        ],
        error: NO_ERROR,
      }));
      await persist();
      void flush();
    }
    return answered;
  }

  async function createSession(): Promise<ChatSession> {
    assertAlive('createSession');
    await restored;
    const existing = state().session;
    if (existing) return existing;
    creating ??= (async () => {
      setActivity('creating_session', true);
      try {
        const r = await api.createSession({ signal: conversation.signal });
        const session: ChatSession = { id: r.conversationId, status: r.status, createdAt: r.createdAt };
        update((s) => ({ session: s.session ?? session, error: NO_ERROR }));
        await persist();
        return state().session ?? session;
      } catch (error) {
        if (!life.signal.aborted) update({ error: errorState(error, 'SESSION_CREATION_FAILED') });
        throw error;
      } finally {
        setActivity('creating_session', false);
        creating = undefined;
      }
    })();
    return creating;
  }

  async function escalate({ email, message }: { email: string; message: string }): Promise<EscalateResponse> {
    assertAlive('escalate');
    if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      throw new OpenCXError('escalate: "email" must be an email address.', { code: 'invalid_escalation' });
    }
    if (typeof message !== 'string' || !message.trim()) {
      throw new OpenCXError('escalate: "message" must not be empty.', { code: 'invalid_escalation' });
    }
    const session = await createSession();
    try {
      const result = await api.escalate(
        { conversationId: session.id, email: email.trim(), message: message.trim() },
        { signal: conversation.signal },
      );
      update((s) =>
        s.session?.id === session.id
          ? { session: { ...s.session, status: 'escalated', ticketId: result.ticketId } }
          : {},
      );
      await persist();
      return result;
    } catch (error) {
      if (error instanceof SessionNotDefinedError) forgetSession(session.id, error);
      throw error;
    }
  }

  async function sendFeedback({ messageId, type }: { messageId: string; type: FeedbackType }): Promise<void> {
    assertAlive('sendFeedback');
    if (type !== 'positive' && type !== 'negative') {
      throw new OpenCXError('sendFeedback: "type" must be "positive" or "negative".', { code: 'invalid_feedback' });
    }
    const answer = state().messages.find((m) => m.id === messageId && isAnswer(m));
    if (!answer)
      throw new OpenCXError(`sendFeedback: there is no answer "${messageId}".`, { code: 'message_not_found' });
    patchMessage(messageId, { feedback: type });
    try {
      await api.sendFeedback({ messageId, type }, { signal: life.signal });
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
    await restored;
    // external_id is data about the visitor (your customer number), kept with their details; it
    // never chooses the visitor, whom the server makes and the token proves.
    const { external_id: externalId, customData } = config.user;
    const data = externalId === undefined ? customData : { ...customData, external_id: externalId };
    await api.upsertContact({ ...contact, customData: data }, { signal: life.signal });
    update({ contact });
    await persist();
  }

  function skipContact(): void {
    update({ contact: { skipped: true } });
    void persist();
  }

  async function clearSession(): Promise<void> {
    assertAlive('clearSession');
    conversation.abort();
    conversation = new AbortController();
    generation++;
    rejectAllWaiters(
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

  function destroy(): void {
    if (life.signal.aborted) return;
    life.abort();
    conversation.abort();
    pollingSubscription.unsubscribe();
    stopPolling();
    rejectAllWaiters(new OpenCXError('The chat was destroyed before the message was answered.', { code: 'destroyed' }));
    subject.complete();
    events.complete();
  }

  return {
    state$: subject.asObservable(),
    events$: events.asObservable(),
    ready,
    getState: state,
    select: (selector, compare = Object.is) => subject.pipe(map(selector), distinctUntilChanged(compare)),
    sendMessage,
    retryMessage,
    sendFeedback,
    escalate,
    createSession,
    saveContact,
    skipContact,
    clearSession,
    markRead: () => update((s) => (s.unreadCount === 0 ? {} : { unreadCount: 0 })),
    destroy,
  };
}
