// A real `fetch` for the store's ApiCaller (its `fetch` option) that the test can watch: which
// requests left, which are still open. With fake time, "no request is open" is how a test knows
// the store now waits on a timer rather than on the network.

/** Paths of the mock API without its per-test prefix (`/mock/<ns>`), as the store asked for them. */
const pathOf = (input: RequestInfo | URL) =>
  new URL(input instanceof Request ? input.url : String(input)).pathname.replace(/^\/mock\/[^/]+/, '');

export interface Network {
  readonly fetch: typeof fetch;
  /** The paths of the requests started so far whose path contains `part`, oldest first. */
  started(part?: string): string[];
  /** Requests whose path contains `part` that are not yet answered in full (body read). */
  open(part?: string): number;
  /** The most requests whose path contains `part` that were open at once. */
  maxOpen(part: string): number;
  /** No request is open. */
  idle(): boolean;
  /**
   * Holds the answers to the requests to a path containing `part` that start from now on, until
   * the returned release is called: each request reaches the server, and the store sees a server
   * as slow as the test needs.
   */
  hold(part: string): () => void;
}

export function watchedNetwork(): Network {
  const started: string[] = [];
  const open = new Map<number, string>();
  const most = new Map<string, number>();
  const holds = new Map<string, Promise<void>>();
  let next = 0;
  const count = (part = '') => [...open.values()].filter((p) => p.includes(part)).length;

  const watched: typeof fetch = async (input, init) => {
    const path = pathOf(input);
    const id = next++;
    started.push(path);
    open.set(id, path);
    most.set(path, Math.max(most.get(path) ?? 0, count(path)));
    const close = () => void open.delete(id);
    // The holds in force when the request leaves, whenever its answer comes.
    const held = [...holds].filter(([part]) => path.includes(part)).map(([, gate]) => gate);
    try {
      const response = await globalThis.fetch(input, init);
      if (held.length) await abortable(Promise.all(held), init?.signal);
      // Open until its body is read: ApiCaller always reads it, and only then settles.
      const text = response.text.bind(response);
      response.text = () => text().finally(close);
      return response;
    } catch (error) {
      close();
      throw error;
    }
  };

  return {
    fetch: watched,
    started: (part = '') => started.filter((p) => p.includes(part)),
    open: count,
    maxOpen: (part) => Math.max(0, ...[...most].filter(([p]) => p.includes(part)).map(([, n]) => n)),
    idle: () => open.size === 0,
    hold(part) {
      let release = () => {};
      holds.set(part, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        holds.delete(part);
        release();
      };
    },
  };
}

/** `promise`, or the abort reason once `signal` aborts: a held answer still honours the store's abort. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
