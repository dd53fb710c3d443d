import { BehaviorSubject, Subject } from 'rxjs';
import type { ApiCaller } from '../api.js';
import type {
  ChatContact,
  ChatErrorCode,
  ChatEvent,
  ChatSession,
  ChatState,
  LoadingReason,
  MessageType,
} from '../chat-state.js';
import type { FeedbackType } from '../chat-state.js';
import type { NormalizedConfig } from '../config.js';
import { OpenCXError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Platform } from '../platform.js';
import type { RetryPolicy } from '../retry-policy.js';

/** What a store that does not talk to the server asks of the one that does (docs/core.md, "Tabs"). */
export type TabIntent =
  | { kind: 'send'; message: MessageType }
  | { kind: 'stop' }
  | { kind: 'clear'; clearedAt: number }
  | {
      kind: 'patch';
      session: ChatSession | null;
      contact: ChatContact | null;
      feedback: Record<string, FeedbackType>;
    };

/**
 * Which store talks to the server when the same widget is open in several tabs (tabs.ts sets it):
 * the leader sends, polls and writes storage; the others show its conversation and hand it what
 * their visitor does. Alone, a store leads.
 */
export interface TabRole {
  readonly leading$: BehaviorSubject<boolean>;
  leads(): boolean;
  toLeader(intent: TabIntent): void;
  /** When the conversation was last cleared (ms), 0 if never: a newer clear in another tab wins. */
  clearedAt: number;
  /** Messages another tab's visitor sent: their answers are that tab's events, not this one's. */
  readonly foreign: Set<string>;
}

/**
 * What every part of the store works with (docs/core.md, "How the store is built"): the state and
 * the one way to change it, the events, the signals that end work, and persistence. The parts
 * (outbox, live updates, prelude, actions) each take this and nothing of each other but what the
 * assembly in `chat.ts` hands them.
 */
export interface StoreCore {
  readonly api: ApiCaller;
  readonly config: NormalizedConfig;
  readonly platform: Platform;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
  /** Emits the state on subscribe and on every change; completes on `destroy()`. */
  readonly subject: BehaviorSubject<ChatState>;
  /** Messages sent or arrived, as they happen (never restored history). */
  readonly events: Subject<ChatEvent>;
  /** Aborted by `end()`. */
  readonly life: AbortSignal;
  /** Aborts `life`: `destroy()` calls it, nothing else. */
  end(): void;
  /** Aborted by `clearSession()`: whatever belongs to the current conversation listens to it. */
  conversation(): AbortSignal;
  /** Ends the current conversation's work and starts a new signal for the next one. */
  nextConversation(): void;
  readonly role: TabRole;
  state(): ChatState;
  /** The one way the state changes; ignored once destroyed, and a no-op for an empty patch. */
  update(patch: Partial<ChatState> | ((s: ChatState) => Partial<ChatState>)): void;
  patchMessage(id: string, patch: Partial<MessageType>): void;
  /** Something is under way (or no longer): `loading` shows the one a visitor cares most about. */
  setActivity(reason: LoadingReason, on: boolean): void;
  /** Writes the conversation as it is when the write runs; writes never overlap or reorder. */
  persist(): Promise<void>;
  /** Settles when every write asked for so far is done. */
  written(): Promise<void>;
  /** Settles once the stored conversation is restored (or there was none). */
  readonly restored: Promise<void>;
}

/** The core before persistence is attached to it (`saved.ts` adds `persist` and `restored`). */
export type CoreBase = Omit<StoreCore, 'persist' | 'written' | 'restored'>;

// When several things are under way, the one a visitor cares most about is shown.
const LOADING_PRIORITY: LoadingReason[] = [
  'sending_message_to_agent',
  'sending_message_to_bot',
  'creating_session',
  'polling',
];

export function createCoreBase(options: {
  api: ApiCaller;
  config: NormalizedConfig;
  platform: Platform;
  logger: Logger;
  policy: RetryPolicy;
  initial: ChatState;
}): CoreBase {
  const lifeController = new AbortController();
  let conversation = new AbortController();
  const subject = new BehaviorSubject<ChatState>(options.initial);
  const activity = new Set<LoadingReason>();
  const state = () => subject.getValue();
  const leading$ = new BehaviorSubject(true);
  const role: TabRole = { leading$, leads: () => leading$.getValue(), toLeader() {}, clearedAt: 0, foreign: new Set() };

  function update(patch: Partial<ChatState> | ((s: ChatState) => Partial<ChatState>)): void {
    if (lifeController.signal.aborted) return;
    const current = state();
    const changes = typeof patch === 'function' ? patch(current) : patch;
    if (Object.keys(changes).length > 0) subject.next({ ...current, ...changes });
  }

  return {
    ...options,
    subject,
    events: new Subject<ChatEvent>(),
    life: lifeController.signal,
    conversation: () => conversation.signal,
    nextConversation() {
      conversation.abort();
      conversation = new AbortController();
    },
    role,
    state,
    update,
    patchMessage(id, patch) {
      update((s) => ({ messages: s.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)) }));
    },
    setActivity(reason, on) {
      if (on) activity.add(reason);
      else activity.delete(reason);
      const now = LOADING_PRIORITY.find((r) => activity.has(r)) ?? null;
      if (now !== state().loading.reason) update({ loading: { isLoading: now !== null, reason: now } });
    },
    end: () => lifeController.abort(),
  };
}

export const codeOf = (error: unknown) => (error instanceof OpenCXError ? error.code : 'unknown_error');
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The state's `error` for a failure: what the visitor's widget shows and a developer reads. */
export const errorState = (error: unknown, code?: ChatErrorCode): ChatState['error'] => ({
  hasError: true,
  message: messageOf(error),
  code,
  status: error instanceof OpenCXError ? error.status : undefined,
  cause: codeOf(error),
});
