import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AttachmentTray, type Upload } from '../../../src/elements/composer/attachment-tray.js';
import { chipStyles } from '../../../src/elements/composer/attachment-tray.styles.js';
import { en } from '../../../src/i18n/en.js';
import type { AttachmentLimits } from '../../../src/state/responses.js';
import { cannedReplies, saveCannedReplies } from './canned.js';
import { base } from './styles.js';

export type ComposeMode = 'reply' | 'note';

/** The agent sends `content` as a reply to the visitor or as a note for the team. */
export class ComposeEvent extends Event {
  /** Resolved by the console once stored; rejected with the reason it was not. */
  done!: Promise<void>;
  constructor(
    readonly mode: ComposeMode,
    readonly content: string,
    /** The same for a text sent again after a failure: the server stores it once. */
    readonly clientMessageId: string,
    /** Files uploaded for a reply. */
    readonly attachmentIds: string[] = [],
  ) {
    super('compose', { bubbles: true, composed: true });
  }
}

/**
 * The reply box: a reply (the visitor sees it) or a note (only the team does), canned replies,
 * Enter to send (Shift+Enter for a new line). What was typed stays until the server stored it:
 * a refused send keeps the text and says why.
 */
/** What an agent may pick; the server then holds each file to the widget's own list and size. */
const AGENT_FILES: AttachmentLimits = {
  enabled: true,
  maxBytes: Number.MAX_SAFE_INTEGER,
  maxFiles: 20,
  types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'],
};

export class ConsoleComposer extends LitElement {
  static override styles = [
    base,
    chipStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
        padding: 12px;
        border-block-start: 1px solid var(--_border);
      }
      .modes,
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .modes button[aria-pressed='true'] {
        background: var(--_bubble);
        font-weight: 600;
      }
      textarea {
        inline-size: 100%;
        min-block-size: 4.5em;
        resize: vertical;
      }
      :host([mode='note']) textarea {
        background: var(--_note);
        border-color: var(--_note-border);
      }
      .send {
        margin-inline-start: auto;
      }
    `,
  ];

  @property({ reflect: true }) mode: ComposeMode = 'reply';
  @property() agentId = '';
  /** The conversation is closed: replying reopens it, the button says so. */
  @property({ type: Boolean }) closed = false;
  @state() private busy = false;
  @state() private error = '';
  @state() private canned: string[] = [];
  /** Uploads a file to the open conversation; none: no attach button. */
  @property({ attribute: false }) upload?: Upload;
  #unsent?: { content: string; id: string };
  // The widget's tray: the server checks each file against the widget's own limits and types.
  readonly strings = en;
  limits?: AttachmentLimits;
  readonly #tray = new AttachmentTray(this);

  override focus(): void {
    this.#box?.focus();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('agentId')) this.canned = cannedReplies(this.agentId);
    this.limits = this.upload && this.mode === 'reply' ? AGENT_FILES : undefined;
  }

  get #box() {
    return this.renderRoot.querySelector('textarea')!;
  }

  /** Focuses the box, in `mode`. */
  focusBox(mode: ComposeMode = this.mode): void {
    this.mode = mode;
    void this.updateComplete.then(() => this.#box.focus());
  }

  async #send() {
    const content = this.#box.value.trim();
    const files = this.mode === 'reply' ? this.#tray.ready.map((a) => a.attachmentId) : [];
    if ((!content && files.length === 0) || this.busy || this.#tray.busy) return;
    // A new id for a new text; the one of the last failed send when it is sent again unchanged.
    if (this.#unsent?.content !== content) this.#unsent = { content, id: crypto.randomUUID() };
    const event = new ComposeEvent(this.mode, content, this.#unsent.id, files);
    this.dispatchEvent(event);
    this.busy = true;
    this.error = '';
    try {
      await event.done;
      this.#unsent = undefined;
      this.#box.value = '';
      if (files.length) this.#tray.clear();
    } catch (error) {
      this.error = `Not sent: ${(error as Error).message}`;
    } finally {
      this.busy = false;
      void this.updateComplete.then(() => this.#box.focus());
    }
  }

  #keydown(e: KeyboardEvent) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void this.#send();
    }
  }

  #paste(e: ClipboardEvent) {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0 || !this.#tray.enabled) return;
    e.preventDefault();
    this.#tray.add(files);
  }

  #pick(e: Event) {
    const input = e.target as HTMLInputElement;
    this.#tray.add([...(input.files ?? [])]);
    input.value = '';
  }

  #input() {
    if (this.mode === 'reply') this.dispatchEvent(new Event('typing', { bubbles: true, composed: true }));
  }

  #useCanned(e: Event) {
    const select = e.target as HTMLSelectElement;
    const text = this.canned[Number(select.value)];
    select.value = '';
    if (text === undefined) return;
    const box = this.#box;
    box.value = box.value ? `${box.value.trimEnd()}\n${text}` : text;
    box.focus();
  }

  #saveCanned() {
    const text = this.#box.value.trim();
    if (!text || this.canned.includes(text)) return;
    this.canned = [...this.canned, text];
    saveCannedReplies(this.agentId, this.canned);
  }

  override render() {
    const note = this.mode === 'note';
    return html`
      <div class="modes" role="group" aria-label="Write">
        <button type="button" aria-pressed=${!note} @click=${() => this.focusBox('reply')}>Reply</button>
        <button type="button" aria-pressed=${note} @click=${() => this.focusBox('note')}>Note</button>
        <span class="muted">${note ? 'Only your team sees notes.' : 'The visitor sees this.'}</span>
      </div>
      <textarea
        aria-label=${note ? 'Note for the team' : 'Reply to the visitor'}
        aria-describedby="hint"
        @keydown=${this.#keydown}
        @input=${this.#input}
        @paste=${this.#paste}
        ?disabled=${this.busy}
      ></textarea>
      ${this.#tray.render(en)}
      <p class="visually-hidden" role="status">${this.#tray.announcement}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="actions">
        <select aria-label="Insert a canned reply" @change=${this.#useCanned}>
          <option value="">Canned replies…</option>
          ${this.canned.map((text, i) => html`<option value=${i}>${text.length > 60 ? `${text.slice(0, 60)}…` : text}</option>`)}
        </select>
        <button type="button" @click=${this.#saveCanned}>Save as canned reply</button>
        ${
          this.#tray.enabled
            ? html`<button
                  type="button"
                  @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
                >
                  Attach a file
                </button>
                <input type="file" hidden multiple accept=${AGENT_FILES.types.join(',')} @change=${this.#pick} />`
            : nothing
        }
        <span id="hint" class="muted">Enter sends, Shift+Enter adds a line.</span>
        <button class="primary send" type="button" ?disabled=${this.busy} @click=${this.#send}>
          ${note ? 'Add note' : this.closed ? 'Reopen and send' : 'Send'}
        </button>
      </div>
    `;
  }
}

customElements.define('opencx-console-composer', ConsoleComposer);
