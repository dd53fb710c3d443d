import { DEFAULT_LOGGER_SETTINGS, type LoggerSettings } from './logger.js';
import { localStorageOrUndefined, withMemoryFallback, type PlatformStorage } from './storage.js';
import { createWebTabs, type PlatformTabs } from './tab-channel.js';

/** A yes/no fact about the environment that can change, such as "the page is visible". */
export interface PlatformSignal {
  get(): boolean;
  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: (value: boolean) => void): () => void;
}

/**
 * What the core needs from its environment (docs/core.md#platform); the store also uses
 * `visibility` and `network` when they are there.
 */
export interface Platform {
  env: { platform: 'web' | 'mobile' | (string & {}) };
  storage?: PlatformStorage;
  logger?: Partial<LoggerSettings>;
  /** Whether the visitor can see the page; polling for agents' replies pauses while not. Default: always visible. */
  visibility?: PlatformSignal;
  /** Whether the device is online; the outbox waits for it instead of spending retries. Default: always online. */
  network?: PlatformSignal;
  /** Other tabs with the same widget, to show one conversation in all of them. Default: none (each store alone). */
  tabs?: PlatformTabs;
}

function domSignal(read: () => boolean, target: () => EventTarget | undefined, events: string[]): PlatformSignal {
  return {
    get: () => read(),
    subscribe(listener) {
      const node = target();
      if (!node) return () => {};
      const onChange = () => listener(read());
      events.forEach((e) => node.addEventListener(e, onChange));
      return () => events.forEach((e) => node.removeEventListener(e, onChange));
    },
  };
}

/**
 * The default platform in a browser: `localStorage` (memory when it throws), `document`
 * visibility, `navigator.onLine`, and the other tabs (BroadcastChannel and Web Locks). Safe to call during SSR, where it degrades to memory
 * storage and an always-visible, always-online page.
 */
export function createWebPlatform(options: { logger?: Partial<LoggerSettings> } = {}): Platform {
  const logger = { ...DEFAULT_LOGGER_SETTINGS, ...options.logger };
  return {
    env: { platform: 'web' },
    storage: withMemoryFallback(localStorageOrUndefined()),
    logger,
    visibility: domSignal(
      () => globalThis.document?.visibilityState !== 'hidden',
      () => globalThis.document,
      ['visibilitychange'],
    ),
    tabs: createWebTabs(),
    network: domSignal(
      () => globalThis.navigator?.onLine !== false,
      () => (typeof window === 'undefined' ? undefined : window),
      ['online', 'offline'],
    ),
  };
}
