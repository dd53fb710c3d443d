import { parseSnapshot, parseVisitor, serializeSnapshot, storageKeys } from '../persistence.js';
import { createMemoryStorage, withMemoryFallback, type PlatformStorage } from '../storage.js';
import type { CoreBase, StoreCore } from './core.js';

/** The storage the store writes to: the platform's (memory when it fails) or, without `persistSession`, memory. */
function storageFor(core: CoreBase): PlatformStorage {
  if (!core.config.settings.persistSession) return createMemoryStorage();
  let warned = false;
  return withMemoryFallback(core.platform.storage, (operation, error) => {
    if (warned) return;
    warned = true;
    core.logger.warn(`Storage ${operation} failed; the conversation is kept in memory for this page.`, error);
  });
}

/**
 * Restores the stored visitor and conversation, and gives the core its `persist` (docs/core.md,
 * "Persistence"). Messages sent before the restore finished stay, after the stored ones.
 */
export function withPersistence(base: CoreBase): StoreCore {
  const { api, logger, update, state } = base;
  const storage = storageFor(base);
  const keys = storageKeys(base.config.widgetId);
  const startedIn = base.conversation();
  /** The visitor as kept: written again with each snapshot, so that storage wiped mid-conversation gets both back. */
  let visitor: string | undefined;

  const restored: Promise<void> = (async () => {
    const [storedVisitor, raw] = await Promise.all([storage.getItem(keys.visitor), storage.getItem(keys.chat)]);
    // The server's visitor, kept for the next page. An id kept by an older widget (a bare string)
    // proves nothing and is dropped: the server makes a new visitor.
    const kept = parseVisitor(storedVisitor);
    if (kept) api.adoptVisitor(kept);
    visitor = kept && JSON.stringify(kept);
    api.onVisitor = (made) => void storage.setItem(keys.visitor, (visitor = JSON.stringify(made)));
    const { snapshot, problem } = parseSnapshot(raw);
    if (problem) logger.warn(`Starting a new conversation: ${problem}.`);
    // A conversation cleared while this was read must not come back.
    if (snapshot && !startedIn.aborted) {
      base.role.clearedAt = Math.max(base.role.clearedAt, snapshot.clearedAt ?? 0);
      update((s) => ({
        session: s.session ?? snapshot.session,
        contact: s.contact ?? snapshot.contact ?? null,
        messages: [...snapshot.messages.filter((m) => !s.messages.some((n) => n.id === m.id)), ...s.messages],
      }));
    }
  })().catch((error: unknown) => logger.error('Could not restore the conversation.', error));

  let writes: Promise<void> = Promise.resolve();
  function persist(): Promise<void> {
    // One writer: a store that does not lead hands what changed to the one that does.
    if (!base.role.leads()) {
      const { session, contact, messages } = state();
      const feedback = Object.fromEntries(messages.flatMap((m) => (m.feedback ? [[m.id, m.feedback]] : [])));
      base.role.toLeader({ kind: 'patch', session, contact, feedback });
      return writes;
    }
    writes = writes
      .then(async () => {
        await restored;
        if (base.life.aborted) return;
        const { session, messages, contact } = state();
        const { clearedAt } = base.role;
        await storage.setItem(keys.chat, serializeSnapshot({ session, messages, contact, clearedAt }));
        if (visitor) await storage.setItem(keys.visitor, visitor);
      })
      .catch((error: unknown) => logger.warn('Could not store the conversation.', error));
    return writes;
  }

  return { ...base, persist, written: () => writes, restored };
}
