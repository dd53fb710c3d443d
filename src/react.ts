// The React entry, `@opencx/widget/react` (docs/react.md): <WidgetRoot>,
// useChat() and useConfigData(), on the same headless store as <opencx-chat>. React is an optional
// peer dependency, left external. Nothing here touches the DOM or starts anything at import time,
// so the module loads in Node and renders on the server (where no store is made: effects do not run).
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactElement,
  type ReactNode,
} from 'react';
import { initialState, type Chat } from './state/chat.js';
import type { ChatState } from './state/chat-state.js';
import { createConfig, type ConfigOptions, type NormalizedConfig } from './state/config.js';
import { ConfigurationError, OpenCXError } from './state/errors.js';
import { createLogger } from './state/logger.js';
import { createWebPlatform, type Platform } from './state/platform.js';
import { storeFor } from './state/store-key.js';

/** The store's actions, as `useChat()` returns them. */
export interface ChatActions {
  /** Adds the visitor's message at once (`pending`) and resolves to the answer. */
  sendMessage: Chat['sendMessage'];
  /** Sends a `failed` message again. */
  retryMessage: Chat['retryMessage'];
  /** Stops the answer being written (`status: 'streaming'`); what was written stays, `stopped`. */
  stopAnswer: Chat['stopAnswer'];
  sendFeedback: Chat['sendFeedback'];
  /** Hands the conversation to a human; their replies then arrive in `messages`. */
  escalate: Chat['escalate'];
  /** Saves the visitor's name and email (a collect-user-data form). */
  saveContact: Chat['saveContact'];
  skipContact: Chat['skipContact'];
  createSession: Chat['createSession'];
  /** Starts a new conversation. */
  clearSession: Chat['clearSession'];
  /** The visitor has seen every answer: `unreadCount` goes back to 0. */
  markRead: Chat['markRead'];
}

/** What `useChat()` returns (docs/react.md): the chat's state and every action. */
export type UseChatResult = ChatState & ChatActions;

/** What `useConfigData()` returns. */
export interface UseConfigDataResult {
  /** The validated configuration with its defaults; `null` while the options are invalid. */
  config: NormalizedConfig | null;
  /**
   * Merges `changes` into the options (top-level fields replace the same field: pass a whole
   * `theme` or `user` object). Throws a `ConfigurationError` naming the field, and changes nothing,
   * when the result is invalid. A change to the widget, server, headers, contact token, visitor
   * id, persistence or `debug` starts a new store; any other change keeps the conversation.
   */
  updateConfig: (changes: Partial<ConfigOptions>) => void;
}

export interface WidgetRootProps {
  /** The options of `createConfig` (`widgetId` or `token` is required). */
  options: ConfigOptions;
  /**
   * A store you made with `createChat` (advanced: your own platform, retry policy or polling
   * interval). WidgetRoot then uses it as it is, never destroys it, and `options` only feed
   * `useConfigData().config`.
   */
  chat?: Chat;
  /**
   * The platform WidgetRoot makes its store with (default: `createWebPlatform()`), read when it
   * makes one. Its `logger` settings also govern what WidgetRoot logs itself.
   */
  platform?: Platform;
  children?: ReactNode;
}

interface WidgetContextValue {
  source: ChatSource;
  config: NormalizedConfig | null;
  updateConfig: UseConfigDataResult['updateConfig'];
}

const WidgetContext = createContext<WidgetContextValue | null>(null);
WidgetContext.displayName = 'OpenCXWidget';

/**
 * One store as React sees it. The store is made on first use outside render (a subscription, an
 * effect, an action) and never during render: React may render and throw the result away
 * (StrictMode renders twice), and a store starts talking to the server the moment it exists. It
 * is destroyed a microtask after its last user let go, so StrictMode's unmount-and-mount-again
 * keeps the one store instead of making a second.
 */
class ChatSource {
  readonly actions: ChatActions;
  readonly #create?: () => Chat;
  readonly #fallback: ChatState;
  readonly #error?: ConfigurationError;
  #chat?: Chat;
  #users = 0;
  #released = false;

  constructor(from: { create: () => Chat; config: NormalizedConfig } | { chat: Chat } | { error: ConfigurationError }) {
    this.#fallback = initialState('config' in from ? from.config : undefined);
    if ('create' in from) this.#create = from.create;
    if ('chat' in from) this.#chat = from.chat;
    if ('error' in from) {
      this.#error = from.error;
      this.#fallback.error = { hasError: true, message: from.error.message, cause: from.error.code };
    }
    const run = <T>(action: string, call: (chat: Chat) => Promise<T>): Promise<T> => {
      const chat = this.#live();
      if (chat) return call(chat);
      return Promise.reject(
        this.#error ??
          new OpenCXError(`${action}: the chat is not running: its <WidgetRoot> is unmounted.`, { code: 'destroyed' }),
      );
    };
    this.actions = {
      sendMessage: (message) => run('sendMessage', (chat) => chat.sendMessage(message)),
      retryMessage: (messageId) => run('retryMessage', (chat) => chat.retryMessage(messageId)),
      sendFeedback: (feedback) => run('sendFeedback', (chat) => chat.sendFeedback(feedback)),
      escalate: (escalation) => run('escalate', (chat) => chat.escalate(escalation)),
      saveContact: (contact) => run('saveContact', (chat) => chat.saveContact(contact)),
      createSession: () => run('createSession', (chat) => chat.createSession()),
      clearSession: () => run('clearSession', (chat) => chat.clearSession()),
      // Like a destroyed store's: nothing to do without one, and nothing worth throwing for.
      skipContact: () => this.#live()?.skipContact(),
      markRead: () => this.#live()?.markRead(),
      stopAnswer: () => this.#live()?.stopAnswer() ?? false,
    };
  }

  /** The store, made now when it does not exist yet and was never let go of. */
  #live(): Chat | undefined {
    if (!this.#chat && this.#create && !this.#released) this.#chat = this.#create();
    return this.#chat;
  }

  /** Keeps the store alive (made now if needed) until the returned function is called. */
  retain = (): (() => void) => {
    this.#users++;
    this.#released = false;
    this.#live();
    return () => {
      this.#users--;
      queueMicrotask(() => {
        if (this.#users > 0 || !this.#create || !this.#chat) return;
        this.#chat.destroy();
        this.#chat = undefined;
        this.#released = true;
      });
    };
  };

  subscribe = (onChange: () => void): (() => void) => {
    const release = this.retain();
    const subscription = this.#chat?.state$.subscribe(onChange);
    return () => {
      subscription?.unsubscribe();
      release();
    };
  };

  getSnapshot = (): ChatState => this.#chat?.getState() ?? this.#fallback;
}

type Parsed = { config: NormalizedConfig; error?: undefined } | { config?: undefined; error: ConfigurationError };

function parse(options: ConfigOptions): Parsed {
  try {
    return { config: createConfig(options) };
  } catch (error) {
    if (error instanceof ConfigurationError) return { error };
    throw error;
  }
}

/**
 * Provides one chat to the components inside it, made from `options` (see `createConfig`). It
 * destroys the chat when it unmounts and makes a new one when an option the store is built from
 * changes. Invalid options never throw: the children render, `useChat().error` carries the
 * `ConfigurationError`'s message (`cause: 'invalid_configuration'`), actions reject with it, and it
 * is logged once, as an error through the `platform`'s logger.
 */
export function WidgetRoot({ options, chat, platform, children }: WidgetRootProps): ReactElement {
  const [changes, setChanges] = useState<Partial<ConfigOptions>>({});
  const merged: ConfigOptions = { ...options, ...changes };
  // Compared by value: `options={{ widgetId: 'w' }}` is a new object on every render of the parent.
  const optionsKey = JSON.stringify(merged);
  const parsed = useMemo(() => parse(merged), [optionsKey]);
  // A new `platform` alone makes no new store: written inline, it is a new object on every render.
  const wanted = parsed.config ? storeFor(parsed.config, platform ?? createWebPlatform()) : undefined;
  const key = wanted?.key ?? parsed.error?.message;
  const source = useMemo(() => {
    if (chat) return new ChatSource({ chat });
    if (parsed.error) return new ChatSource({ error: parsed.error });
    return new ChatSource({ config: parsed.config, create: wanted!.create });
  }, [key, chat]);
  useEffect(() => source.retain(), [source]);

  const logged = useRef<string | undefined>(undefined);
  useEffect(() => {
    const message = parsed.error?.message;
    // Once per distinct problem, however often the parent renders (and StrictMode runs effects twice).
    if (message && message !== logged.current) {
      createLogger(platform?.logger).error(`<WidgetRoot>: ${message}`);
    }
    logged.current = message;
  }, [parsed]);

  const latest = useRef(merged);
  useEffect(() => {
    latest.current = merged;
  });
  const updateConfig = useCallback((next: Partial<ConfigOptions>) => {
    // Checked here, so a bad change throws to its caller and leaves the chat as it was.
    createConfig({ ...latest.current, ...next });
    latest.current = { ...latest.current, ...next };
    setChanges((current) => ({ ...current, ...next }));
  }, []);

  const value = useMemo(
    () => ({ source, config: parsed.config ?? null, updateConfig }),
    [source, parsed, updateConfig],
  );
  // `children` as a prop, not a third argument: an array there would be checked for keys.
  return createElement(WidgetContext.Provider, { value, children });
}

function useWidget(hook: string): WidgetContextValue {
  const value = useContext(WidgetContext);
  if (!value) {
    throw new OpenCXError(
      `${hook}() must be called inside <WidgetRoot>: wrap the components that use it in <WidgetRoot options={{ widgetId: "…" }}>.`,
      { code: 'no_widget_root' },
    );
  }
  return value;
}

/** The chat's state and actions; re-renders when the state changes. Throws outside `<WidgetRoot>`. */
export function useChat(): UseChatResult {
  const { source } = useWidget('useChat');
  const state = useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
  return useMemo(() => ({ ...state, ...source.actions }), [state, source]);
}

/** The configuration and a way to change it. Throws outside `<WidgetRoot>`. */
export function useConfigData(): UseConfigDataResult {
  const { config, updateConfig } = useWidget('useConfigData');
  return useMemo(() => ({ config, updateConfig }), [config, updateConfig]);
}
