import type { ChatContact, ChatSession, ChatState, MessageType } from '../chat-state.js';
import { NO_ERROR } from '../chat-state.js';
import { SessionError } from '../errors.js';
import { uuid } from '../id.js';
import type { TabChannel } from '../tab-channel.js';
import type { StoreCore, TabIntent } from './core.js';
import { isAnswer, keyboardFrom } from './messages.js';
import type { Outbox } from './outbox.js';

/** The conversation as the leading store shows it: what the others show too. */
interface Shared {
  messages: MessageType[];
  session: ChatSession | null;
  contact: ChatContact | null;
  clearedAt: number;
  /** A person writing a reply, as the leader's live events say. */
  typing: ChatState['typing'];
}

type Wire = { from: string } & ({ kind: 'hello' } | { kind: 'state'; shared: Shared } | TabIntent);

/** What the leader does for the others: the store's own actions. */
export interface LeaderActions {
  retryMessage(id: string): Promise<unknown>;
  clearSession(clearedAt?: number): Promise<void>;
}

/**
 * One conversation across tabs (docs/core.md, "Tabs"). Stores of the same widget in tabs of one
 * origin (and on one page) agree through a Web Lock which of them leads: the leader alone sends
 * messages, polls and writes storage, and tells the others its conversation on every change. The
 * others show it, and hand it whatever their visitor does: a message to send, stop, clear, an
 * escalation or rating they made. When the leader's tab closes, the lock passes to another store,
 * which takes over with the conversation as it last saw it. The panel's open state stays per tab.
 */
export function startTabSync(core: StoreCore, parts: { outbox: Outbox; actions: LeaderActions }): () => void {
  const { role, update, state } = core;
  const tabs = core.platform.tabs;
  // Without Web Locks, or with a conversation that lives only as long as the page, each store is alone.
  if (!tabs || !core.config.settings.persistSession) return () => {};
  const name = `opencx:${core.config.widgetId}`;
  const me = uuid();
  const stop = new AbortController();
  const channel: TabChannel = tabs.open(name);
  let others = false; // nobody else has spoken yet: a store alone posts nothing
  role.leading$.next(false);

  const post = (message: Wire) => channel.post(message);
  const shared = (s: ChatState = state()): Shared => ({
    messages: s.messages,
    session: s.session,
    contact: s.contact,
    clearedAt: role.clearedAt,
    typing: s.typing,
  });
  role.toLeader = (intent) => {
    if (!role.leads()) post({ from: me, ...intent });
  };

  // The leader tells every change of the conversation (each piece of a streamed answer too).
  let told: Shared | undefined;
  const telling = core.subject.subscribe((s) => {
    if (!role.leads() || !others) return;
    if (
      told &&
      told.messages === s.messages &&
      told.session === s.session &&
      told.contact === s.contact &&
      told.typing === s.typing
    )
      return;
    told = shared(s);
    post({ from: me, kind: 'state', shared: told });
  });

  async function lead(): Promise<void> {
    role.leading$.next(true);
    // An answer the old leader was receiving is received again: its question is still pending.
    update((s) => ({
      messages: s.messages.map((m) => (m.status === 'streaming' ? { ...m, status: 'interrupted' as const } : m)),
    }));
    await core.restored;
    void core.persist();
    if (others) post({ from: me, kind: 'state', shared: (told = shared()) });
    void parts.outbox.flush();
  }

  function follow(from: Shared): void {
    if (from.clearedAt > role.clearedAt) {
      role.clearedAt = from.clearedAt;
      core.nextConversation();
      parts.outbox.rejectAll(
        new SessionError('The conversation was cleared in another tab.', { code: 'session_cleared' }),
      );
      update((s) => ({ messages: [], keyboard: keyboardFrom(s.prelude), error: NO_ERROR, unreadCount: 0 }));
    }
    const seen = new Set(state().messages.map((m) => m.id));
    const known = new Set(from.messages.map((m) => m.id));
    // Messages of this tab the leader has not taken yet stay, and are handed to it again below
    // (once more, if it missed them); the ones it has are not posted again on every change.
    const waiting = state().messages.filter((m) => m.role === 'user' && m.status === 'pending' && !known.has(m.id));
    update((s) => {
      const arrived = from.messages.filter((m) => isAnswer(m) && !m.status && !seen.has(m.id)).length;
      return {
        messages: [...from.messages, ...waiting],
        session: from.session,
        contact: from.contact ?? s.contact,
        typing: from.typing ?? null,
        keyboard: from.messages.some((m) => m.role === 'user') ? null : s.keyboard,
        unreadCount: s.unreadCount + arrived,
      };
    });
    parts.outbox.settleFromState();
    for (const message of waiting) post({ from: me, kind: 'send', message });
  }

  function serve(intent: TabIntent): void {
    if (intent.kind === 'send') {
      const known = state().messages.find((m) => m.id === intent.message.id);
      if (!known) {
        role.foreign.add(intent.message.id);
        update((s) => ({ messages: [...s.messages, { ...intent.message, status: 'pending' }], keyboard: null }));
        void core.persist().then(() => parts.outbox.flush());
      } else if (known.status === 'failed') {
        parts.actions.retryMessage(known.id).catch(() => {});
      }
    } else if (intent.kind === 'stop') {
      parts.outbox.stop();
    } else if (intent.kind === 'clear') {
      if (intent.clearedAt > role.clearedAt) void parts.actions.clearSession(intent.clearedAt);
    } else {
      adoptPatch(core, intent);
    }
  }

  const listening = channel.subscribe((data) => {
    const message = data as Wire;
    if (!message || typeof message !== 'object' || message.from === me || core.life.aborted) return;
    others = true;
    if (message.kind === 'hello') {
      if (role.leads()) post({ from: me, kind: 'state', shared: (told = shared()) });
    } else if (message.kind === 'state') {
      if (!role.leads()) follow(message.shared);
    } else if (role.leads()) {
      serve(message);
    }
  });

  void tabs
    .lead(name, stop.signal, () => void lead())
    .then((leads: boolean) => {
      if (core.life.aborted) return;
      if (leads) void lead();
      else post({ from: me, kind: 'hello' });
    });

  return () => {
    stop.abort();
    listening();
    telling.unsubscribe();
    channel.close();
  };
}

/** What another tab's visitor did that the server already knows: an escalation, a rating, their details. */
function adoptPatch(core: StoreCore, patch: Extract<TabIntent, { kind: 'patch' }>): void {
  core.update((s) => {
    let session = s.session;
    if (patch.session && !session) session = patch.session;
    else if (patch.session && session && patch.session.id === session.id) {
      session = {
        ...session,
        // The one change another tab makes to the status: it asked for a person.
        status: session.status === 'bot' ? patch.session.status : session.status,
        ticketId: session.ticketId ?? patch.session.ticketId,
      };
    }
    const rated = (m: MessageType) => patch.feedback[m.id] !== undefined && patch.feedback[m.id] !== m.feedback;
    return {
      session,
      contact: patch.contact ?? s.contact,
      messages: s.messages.some(rated)
        ? s.messages.map((m) => (rated(m) ? { ...m, feedback: patch.feedback[m.id] } : m))
        : s.messages,
    };
  });
  void core.persist();
}
