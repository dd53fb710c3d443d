/** A line to the other tabs of this origin (and other stores of this page) that use the same name. */
export interface TabChannel {
  post(message: unknown): void;
  /** Calls `listener` with every message another tab or store posted; returns the function that stops it. */
  subscribe(listener: (message: unknown) => void): () => void;
  close(): void;
}

/**
 * `Platform.tabs` (docs/core.md, "Tabs"): how stores of one widget in several tabs find each other
 * and agree which one talks to the server.
 */
export interface PlatformTabs {
  open(name: string): TabChannel;
  /**
   * Asks to lead `name`: resolves at once with whether this store leads now; if it does not,
   * `onLead` is called when it takes over (the leader closed). Leads until `signal` aborts.
   */
  lead(name: string, signal: AbortSignal, onLead: () => void): Promise<boolean>;
}

/** BroadcastChannel where there is one; else `storage` events, which reach other tabs (not this page). */
function openChannel(name: string): TabChannel {
  if (typeof BroadcastChannel === 'function') {
    const channel = new BroadcastChannel(name);
    return {
      post: (message) => channel.postMessage(message),
      subscribe(listener) {
        const onMessage = (event: MessageEvent) => listener(event.data);
        channel.addEventListener('message', onMessage);
        return () => channel.removeEventListener('message', onMessage);
      },
      close: () => channel.close(),
    };
  }
  const key = `${name}:bus`;
  return {
    post(message) {
      try {
        // A nonce: the same message twice is still a change, and a change is what fires the event.
        localStorage.setItem(key, JSON.stringify({ message, nonce: Math.random() }));
      } catch {
        // No storage either: this tab goes on alone.
      }
    },
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.key !== key || !event.newValue) return;
        try {
          listener((JSON.parse(event.newValue) as { message: unknown }).message);
        } catch {
          // Something else wrote the key.
        }
      };
      window.addEventListener('storage', onStorage);
      return () => window.removeEventListener('storage', onStorage);
    },
    close() {},
  };
}

/**
 * The browser's tabs, or `undefined` where stores cannot agree on a leader (no Web Locks): each
 * store then works alone, as in a single tab, and the server's idempotency keeps a message sent
 * by two tabs from being answered twice.
 */
export function createWebTabs(): PlatformTabs | undefined {
  const locks = globalThis.navigator?.locks;
  if (!locks || typeof locks.request !== 'function') return undefined;
  const hold = (signal: AbortSignal) => () =>
    new Promise<void>((release) => {
      if (signal.aborted) release();
      else signal.addEventListener('abort', () => release(), { once: true });
    });
  return {
    open: openChannel,
    lead(name, signal, onLead) {
      const queue = () =>
        locks
          .request(name, { signal }, (lock) => {
            if (lock) onLead();
            return hold(signal)();
          })
          .catch(() => {}); // aborted while waiting: the store was destroyed
      return new Promise<boolean>((decided) => {
        locks
          .request(name, { ifAvailable: true }, (lock) => {
            decided(Boolean(lock));
            if (!lock) {
              if (!signal.aborted) void queue();
              return undefined;
            }
            return hold(signal)(); // held until the store is destroyed (or the page goes)
          })
          .catch(() => decided(false));
      });
    },
  };
}
