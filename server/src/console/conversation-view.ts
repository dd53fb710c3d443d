import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { en } from '../../../src/i18n/en.js';
import '../../../src/elements/message/message.js';
import type { AgentApi } from './agent-api.js';
import { ComposeEvent, type ConsoleComposer } from './composer.js';
import './composer.js';
import './contact-panel.js';
import { STATUS_LABEL, visitorName, when } from './names.js';
import { styles } from './conversation-view.styles.js';
import { asMessage, type Agent, type ApiMessage, type Conversation, type Note } from './types.js';

/** The agent typing tells the visitor at most this often. */
const TYPING_EVERY_MS = 3000;

type Entry = { kind: 'message'; at: string; message: ApiMessage } | { kind: 'note'; at: string; note: Note };

/**
 * One conversation as the agent works it: the messages (drawn by the widget's own message
 * element), the team's notes among them, the contact panel, the actions (assign, close, reopen,
 * hand back to the bot) and the reply box.
 */
export class ConsoleConversation extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) api!: AgentApi;
  @property({ attribute: false }) agent!: Agent;
  @property() conversationId = '';
  @state() private conversation?: Conversation;
  @state() private error = '';
  @state() private busy = false;
  #lastTyping = 0;
  #stick = true;
  #loading = 0;
  /** The visitor's name in the widget's strings: the message element labels their messages with it. */
  #strings = en;

  override willUpdate(changed: Map<string, unknown>): void {
    // A conversation opens at its newest message; new ones stay in sight unless the agent
    // scrolled up to read.
    const log = this.renderRoot?.querySelector<HTMLElement>('.log');
    this.#stick = !log || changed.has('conversationId') || log.scrollHeight - log.scrollTop - log.clientHeight < 160;
    if (changed.has('conversationId')) {
      this.conversation = undefined;
      this.error = '';
      void this.reload();
    }
  }

  /** Reads the conversation again (and so marks it read for the team). */
  async reload(): Promise<void> {
    const id = this.conversationId;
    const call = ++this.#loading;
    if (!id) return;
    try {
      const conversation = await this.api.conversation(id);
      if (call !== this.#loading) return;
      this.#strings = { ...en, you: visitorName(conversation.visitor), agent: 'Agent' };
      this.conversation = conversation;
      this.error = '';
      this.dispatchEvent(new Event('conversation-read', { bubbles: true, composed: true }));
    } catch (error) {
      if (call === this.#loading) this.error = (error as Error).message;
    }
  }

  override updated(): void {
    if (!this.#stick) return;
    // After the message elements drew themselves (their own updates come after this one).
    requestAnimationFrame(() => {
      const log = this.renderRoot.querySelector<HTMLElement>('.log');
      if (log) log.scrollTop = log.scrollHeight;
    });
  }

  /** Focuses the reply box (`r`) or the note box (`n`). */
  compose(mode: 'reply' | 'note'): void {
    this.renderRoot.querySelector<ConsoleComposer>('opencx-console-composer')?.focusBox(mode);
  }

  async #act(action: () => Promise<unknown>) {
    this.busy = true;
    try {
      await action();
      await this.reload();
      this.dispatchEvent(new Event('conversation-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  #compose(e: ComposeEvent) {
    const id = this.conversationId;
    e.done = (
      e.mode === 'note'
        ? this.api.note(id, e.content)
        : this.api.reply(id, e.content, e.clientMessageId, e.attachmentIds)
    ).then(async () => {
      await this.reload();
      this.dispatchEvent(new Event('conversation-changed', { bubbles: true, composed: true }));
    });
  }

  readonly #upload = (file: File, signal: AbortSignal, onProgress: (sent: number, total: number) => void) =>
    this.api.upload(this.conversationId, file, signal, onProgress);

  #typing() {
    const now = Date.now();
    if (now - this.#lastTyping < TYPING_EVERY_MS || !this.conversationId) return;
    this.#lastTyping = now;
    // A lost typing signal costs nothing: no error is shown for it.
    this.api.typing(this.conversationId).catch(() => {});
  }

  #entries(c: Conversation): Entry[] {
    const entries: Entry[] = [
      ...c.messages.map((message): Entry => ({ kind: 'message', at: message.createdAt, message })),
      ...c.notes.map((note): Entry => ({ kind: 'note', at: note.createdAt, note })),
    ];
    return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  #entry(entry: Entry, c: Conversation) {
    if (entry.kind === 'note') {
      const { note } = entry;
      return html`<aside class="note" aria-label="Note by ${note.author?.name ?? 'an agent'}">
        <p dir="auto">${note.content}</p>
        <p class="muted">
          Note by ${note.author?.name ?? 'an agent'} · ${when(note.createdAt)} · only the team sees this
        </p>
      </aside>`;
    }
    const rating = c.feedback.find((f) => f.messageId === entry.message.messageId);
    return html`<opencx-message
        .message=${asMessage(entry.message)}
        .strings=${this.#strings}
        .language=${'en'}
      ></opencx-message>
      ${
        rating
          ? html`<p class="rating muted">
              The visitor rated this answer
              ${rating.type === 'positive' ? 'helpful' : 'not helpful'}${
                rating.comment ? html`: “<span dir="auto">${rating.comment}</span>”` : ''
              }.
            </p>`
          : nothing
      }`;
  }

  #actions(c: Conversation) {
    const mine = c.assignee?.id === this.agent.id;
    const id = c.conversationId;
    return html`<div class="actions" role="group" aria-label="Conversation actions">
      <button
        type="button"
        ?disabled=${this.busy}
        @click=${() => this.#act(() => this.api.assign(id, mine ? null : this.agent.id))}
      >
        ${mine ? 'Unassign me' : 'Assign to me'}
      </button>
      ${
        c.status === 'closed'
          ? html`<button
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.#act(() => this.api.setStatus(id, 'agent'))}
            >
              Reopen conversation
            </button>`
          : html`<button
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.#act(() => this.api.setStatus(id, 'closed'))}
            >
              Close conversation
            </button>`
      }
      ${
        c.status === 'agent' || c.status === 'escalated'
          ? html`<button
              type="button"
              ?disabled=${this.busy}
              @click=${() => this.#act(() => this.api.setStatus(id, 'bot'))}
            >
              Hand back to the bot
            </button>`
          : nothing
      }
    </div>`;
  }

  override render() {
    const c = this.conversation;
    if (!c) {
      return this.error
        ? html`<p class="error" role="alert">${this.error}</p>`
        : html`<p class="muted" role="status">Loading the conversation…</p>`;
    }
    return html`<div class="main">
        <header>
          <h2 id="title" dir="auto">${visitorName(c.visitor)}</h2>
          <span class="badge">${STATUS_LABEL[c.status]}</span>
          <span class="muted">${c.assignee ? `Assigned to ${c.assignee.name}` : 'Unassigned'}</span>
          ${this.#actions(c)}
        </header>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${keyed(
          c.conversationId,
          html`<section class="log" role="log" aria-labelledby="title" tabindex="0">
            ${repeat(
              this.#entries(c),
              (e) => (e.kind === 'note' ? `n${e.note.noteId}` : e.message.messageId),
              (e) => this.#entry(e, c),
            )}
          </section>`,
        )}
        <opencx-console-composer
          .agentId=${this.agent.id}
          ?closed=${c.status === 'closed'}
          .upload=${this.#upload}
          @compose=${this.#compose}
          @typing=${this.#typing}
        ></opencx-console-composer>
      </div>
      <opencx-console-contact .conversation=${c}></opencx-console-contact>`;
  }
}

customElements.define('opencx-console-conversation', ConsoleConversation);
