import { distinctUntilChanged, map, type Observable } from 'rxjs';
import type { ApiCaller } from './api.js';
import type { ChatEvent, ChatSession, ChatState, FeedbackType, MessageType } from './chat-state.js';
import { NO_ERROR } from './chat-state.js';
import type { NormalizedConfig } from './config.js';
import { OpenCXError } from './errors.js';
import { createLogger } from './logger.js';
import { createWebPlatform, type Platform } from './platform.js';
import type { Attachment, EscalateResponse } from './responses.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { createActions } from './store/actions.js';
import { createUploads } from './store/uploads.js';
import { createCoreBase } from './store/core.js';
import { createLiveUpdates } from './store/live.js';
import { createOutbox } from './store/outbox.js';
import { loadPrelude } from './store/prelude.js';
import { withPersistence } from './store/saved.js';
import { startTabSync } from './store/tabs.js';

export { MAX_MESSAGE_LENGTH } from './store/actions.js';
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
  sendMessage(message: { content: string; attachments?: Attachment[] }): Promise<MessageType | undefined>;
  /**
   * Uploads a file to the conversation (made first if there is none), retried as messages are;
   * resolves to the attachment to send with `sendMessage`. Checked first against the widget's
   * limits. Rejects with a `FileUploadError` (docs/core.md, "Attachments").
   */
  uploadAttachment(
    file: Blob,
    options?: { name?: string; signal?: AbortSignal; onProgress?: (sent: number, total: number) => void },
  ): Promise<Attachment>;
  /**
   * Stops the answer being written (docs/core.md, "Streaming"): what was written stays, with
   * `status: 'stopped'`, and the visitor's message counts as sent. False when no answer is being written.
   */
  stopAnswer(): boolean;
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
    typing: null,
    ready: false,
  };
}

/**
 * Creates the chat store (docs/core.md) and starts restoring the stored conversation. The store is
 * assembled from parts with one job each (docs/core.md, "How the store is built").
 */
export function createChat(options: CreateChatOptions): Chat {
  const { api, config } = options;
  const platform = options.platform ?? createWebPlatform();
  const core = withPersistence(
    createCoreBase({
      api,
      config,
      platform,
      logger: createLogger(platform.logger, config.debug),
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      initial: initialState(config),
    }),
  );
  // An expired or forged contact token: the chat goes on with the anonymous visitor, and says so.
  api.onContactRefused = (error) =>
    core.logger.warn('The contact token was refused; going on as an anonymous visitor:', error.message);
  const outbox = createOutbox(core);
  const stopResuming = outbox.resumeWhenBack();
  const live = createLiveUpdates(core, options.pollIntervalMs ?? 3000);
  const actions = createActions(core, { outbox, live, onSessionDestroy: options.onSessionDestroy });
  const { uploadAttachment } = createUploads(core, actions.createSession);
  const stopTabSync = startTabSync(core, { outbox, actions });

  const ready = core.restored.then(async () => {
    if (core.life.aborted) return;
    void outbox.flush();
    const session = core.state().session;
    await Promise.all([loadPrelude(core), session ? live.refreshSession(session.id) : live.resumeContact()]);
    core.update({ ready: true });
  });

  function destroy(): void {
    if (core.life.aborted) return;
    core.end();
    core.nextConversation();
    live.stop();
    stopResuming();
    stopTabSync();
    outbox.rejectAll(new OpenCXError('The chat was destroyed before the message was answered.', { code: 'destroyed' }));
    core.subject.complete();
    core.events.complete();
  }

  return {
    state$: core.subject.asObservable(),
    events$: core.events.asObservable(),
    ready,
    getState: core.state,
    select: (selector, compare = Object.is) => core.subject.pipe(map(selector), distinctUntilChanged(compare)),
    ...actions,
    uploadAttachment,
    clearSession: () => actions.clearSession(),
    destroy,
  };
}
