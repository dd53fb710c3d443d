/** `Platform.storage` (docs/core.md#platform): an async key-value store. */
export interface PlatformStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** A storage that lives as long as the page: for `persistSession: false` and as the fallback. */
export function createMemoryStorage(): PlatformStorage {
  const items = new Map<string, string>();
  return {
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => void items.set(key, value),
    removeItem: async (key) => void items.delete(key),
  };
}

/**
 * Wraps a storage that may throw or reject (private mode, a full quota, a security error, a
 * custom platform's bug) so that the chat never notices: a key whose write failed is kept in
 * memory and read from there until a later write to the real storage succeeds.
 */
export function withMemoryFallback(
  primary: PlatformStorage | undefined,
  onFailure: (operation: string, error: unknown) => void = () => {},
): PlatformStorage {
  const fallback = new Map<string, string>();
  const failed = new Set<string>();
  return {
    async getItem(key) {
      if (!primary || failed.has(key)) return fallback.get(key) ?? null;
      try {
        return await primary.getItem(key);
      } catch (error) {
        onFailure('getItem', error);
        return fallback.get(key) ?? null;
      }
    },
    async setItem(key, value) {
      if (primary) {
        try {
          await primary.setItem(key, value);
          failed.delete(key);
          fallback.delete(key);
          return;
        } catch (error) {
          onFailure('setItem', error);
        }
      }
      failed.add(key);
      fallback.set(key, value);
    },
    async removeItem(key) {
      failed.delete(key);
      fallback.delete(key);
      try {
        await primary?.removeItem(key);
      } catch (error) {
        // The key is gone from memory; a stale copy left in the real storage is overwritten by the
        // next successful write.
        onFailure('removeItem', error);
      }
    },
  };
}

/** `window.localStorage` behind the async interface, or `undefined` where touching it throws. */
export function localStorageOrUndefined(): PlatformStorage | undefined {
  let local: Storage;
  try {
    // Reading the property itself throws a SecurityError when the page may not use storage.
    local = globalThis.localStorage;
    if (!local) return undefined;
  } catch {
    return undefined;
  }
  return {
    getItem: async (key) => local.getItem(key),
    setItem: async (key, value) => local.setItem(key, value),
    removeItem: async (key) => local.removeItem(key),
  };
}
