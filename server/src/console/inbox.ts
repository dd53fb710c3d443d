import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AgentApi } from './agent-api.js';
import { preview, STATUS_LABEL, visitorName, when } from './names.js';
import { base } from './styles.js';
import type { ConversationSummary, InboxFilter } from './types.js';

const FILTERS: [InboxFilter, string][] = [
  ['waiting', 'Waiting'],
  ['mine', 'Mine'],
  ['open', 'All open'],
  ['closed', 'Closed'],
];

/**
 * The inbox: the conversations of the agent's widgets, waiting ones first (the server's order),
 * filtered and searched, with their unread counts. Each is a link (`#/conversations/<id>`); `j`
 * and `k` move between them (the console's shortcuts, docs/console.md).
 */
export class ConsoleInbox extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-block-size: 0;
      }
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        padding: 8px;
      }
      .filters button[aria-pressed='true'] {
        background: var(--_primary);
        color: var(--_on-primary);
        border-color: var(--_primary);
      }
      form {
        padding: 0 8px 8px;
      }
      input[type='search'] {
        inline-size: 100%;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        overflow-y: auto;
        flex: 1;
      }
      a.item {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 10px 12px;
        border-block-end: 1px solid var(--_border);
        color: inherit;
        text-decoration: none;
      }
      a.item[aria-current='page'] {
        background: var(--_bubble);
        box-shadow: inset 4px 0 0 var(--_primary);
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .last {
        grid-column: 1 / -1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .unread {
        background: var(--_primary);
        color: var(--_on-primary);
        border-color: var(--_primary);
      }
      .empty,
      .more {
        padding: 12px;
      }
    `,
  ];

  @property({ attribute: false }) api!: AgentApi;
  @property() filter: InboxFilter = 'open';
  /** The open conversation's id. */
  @property() selected = '';
  @state() private conversations: ConversationSummary[] = [];
  @state() private nextCursor: string | null = null;
  @state() private error = '';
  @state() private loaded = false;
  #query = '';
  #loading = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Loads the first page again (after a live event, a filter change or a search). */
  async reload(): Promise<void> {
    const call = ++this.#loading;
    try {
      const page = await this.api.conversations(this.filter, this.#query);
      // An older answer arriving after a newer one is dropped.
      if (call !== this.#loading) return;
      this.conversations = page.conversations;
      this.nextCursor = page.nextCursor;
      this.error = '';
    } catch (error) {
      if (call === this.#loading) this.error = (error as Error).message;
    } finally {
      if (call === this.#loading) this.loaded = true;
    }
  }

  async #more() {
    if (!this.nextCursor) return;
    try {
      const page = await this.api.conversations(this.filter, this.#query, this.nextCursor);
      this.conversations = [...this.conversations, ...page.conversations];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** The conversation `step` places after (1) or before (-1) the open one, for `j` and `k`. */
  neighbour(step: 1 | -1): string | undefined {
    const at = this.conversations.findIndex((c) => c.conversationId === this.selected);
    const next = this.conversations[at === -1 ? 0 : at + step];
    return next?.conversationId;
  }

  /** Moves keyboard focus to the open conversation's link. */
  focusSelected(): void {
    this.renderRoot.querySelector<HTMLElement>('a[aria-current="page"]')?.focus();
  }

  focusSearch(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  }

  #setFilter(filter: InboxFilter) {
    this.filter = filter;
    this.dispatchEvent(new CustomEvent('filter-change', { detail: filter }));
    void this.reload();
  }

  #search(e: Event) {
    e.preventDefault();
    this.#query = (this.renderRoot.querySelector('input[type="search"]') as HTMLInputElement).value.trim();
    void this.reload();
  }

  #item(c: ConversationSummary) {
    const name = visitorName(c.visitor);
    return html`<li>
      <a
        class="item"
        href="#/conversations/${c.conversationId}"
        aria-current=${c.conversationId === this.selected ? 'page' : nothing}
      >
        <span class="name" dir="auto">${name}</span>
        <span>
          ${c.unread > 0 ? html`<span class="badge unread">${c.unread}<span class="visually-hidden"> unread</span></span>` : nothing}
          <span class="badge">${STATUS_LABEL[c.status]}</span>
        </span>
        <span class="last muted" dir="auto">${c.lastMessage ? preview(c.lastMessage.content) : 'No messages yet'}</span>
        <span class="muted">${c.assignee ? `Assigned to ${c.assignee.name}` : 'Unassigned'}</span>
        <time class="muted" datetime=${c.updatedAt}>${when(c.updatedAt)}</time>
      </a>
    </li>`;
  }

  override render() {
    return html`
      <div class="filters" role="group" aria-label="Show">
        ${FILTERS.map(
          ([filter, label]) =>
            html`<button type="button" aria-pressed=${this.filter === filter} @click=${() => this.#setFilter(filter)}>
              ${label}
            </button>`,
        )}
      </div>
      <form role="search" @submit=${this.#search}>
        <input
          type="search"
          aria-label="Search conversations (name, email or words of a message)"
          placeholder="Search (press /)"
          @search=${this.#search}
        />
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.loaded && this.conversations.length === 0 ? html`<p class="empty muted">No conversations here.</p>` : nothing}
      <ul aria-label="Conversations">
        ${repeat(
          this.conversations,
          (c) => c.conversationId,
          (c) => this.#item(c),
        )}
      </ul>
      ${
        this.nextCursor
          ? html`<p class="more"><button type="button" @click=${this.#more}>Show more</button></p>`
          : nothing
      }
    `;
  }
}

customElements.define('opencx-console-inbox', ConsoleInbox);
