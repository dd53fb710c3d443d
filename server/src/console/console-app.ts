import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { AgentApi } from './agent-api.js';
import type { ConsoleConversation } from './conversation-view.js';
import './conversation-view.js';
import type { ConsoleInbox } from './inbox.js';
import './inbox.js';
import { listen, type AgentEvent } from './live.js';
import { notificationsOn, notificationsSupported, notifyWaiting, setNotifications } from './notifications.js';
import { shortcutOf, SHORTCUTS } from './shortcuts.js';
import type { SignedInEvent } from './sign-in.js';
import './sign-in.js';
import { styles } from './console-app.styles.js';
import type { Agent, InboxFilter } from './types.js';
import './unanswered.js';

/** Where the console is: the hash, so the browser's back and forward and a reload keep it. */
type Route = { view: 'inbox'; conversationId: string } | { view: 'unanswered' };

function route(): Route {
  if (location.hash === '#/unanswered') return { view: 'unanswered' };
  const id = /^#\/conversations\/([0-9a-f-]{36})$/i.exec(location.hash)?.[1];
  return { view: 'inbox', conversationId: id ?? '' };
}

/**
 * The agent console (docs/console.md): signs the agent in, then shows the inbox beside the open
 * conversation, or the questions the bot could not answer; everything live from the agent's events.
 */
export class OpenCXConsole extends LitElement {
  static override styles = styles;

  readonly api = new AgentApi();
  @state() private agent?: Agent;
  @state() private checked = false;
  @state() private route: Route = route();
  @state() private filter: InboxFilter = 'open';
  @state() private announcement = '';
  @state() private live = true;
  @state() private notify = notificationsOn();
  #stopLive?: () => void;
  #reloadInbox?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#routed);
    addEventListener('keydown', this.#key);
    this.api.onSignedOut = () => this.#signedOut();
    this.api.resume().then(
      (session) => this.#signedIn(session?.agent),
      () => this.#signedIn(undefined),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#routed);
    removeEventListener('keydown', this.#key);
    this.#stopLive?.();
  }

  #routed = () => {
    this.route = route();
  };

  get #inbox() {
    return this.renderRoot.querySelector<ConsoleInbox>('opencx-console-inbox');
  }

  get #conversation() {
    return this.renderRoot.querySelector<ConsoleConversation>('opencx-console-conversation');
  }

  #signedIn(agent: Agent | undefined) {
    this.agent = agent;
    this.checked = true;
    if (!agent) return;
    this.#stopLive = listen({
      event: (event) => this.#event(event),
      connected: (open) => {
        // After a gap, what is shown is read again: nothing that happened meanwhile is missed.
        if (open && !this.live) this.#refresh();
        this.live = open;
      },
    });
  }

  #signedOut() {
    this.#stopLive?.();
    this.#stopLive = undefined;
    this.agent = undefined;
    this.announcement = 'You were signed out.';
  }

  async #signOut() {
    try {
      await this.api.signOut();
    } finally {
      this.#signedOut();
    }
  }

  #refresh() {
    clearTimeout(this.#reloadInbox);
    // Events come in bursts (a message, then its status): the list is read once per burst.
    this.#reloadInbox = setTimeout(() => void this.#inbox?.reload(), 200);
  }

  async #event(event: AgentEvent) {
    if (event.kind === 'conversation' && event.status === 'escalated') {
      this.announcement = 'A visitor is waiting for a person.';
      notifyWaiting(event.conversationId, 'A visitor asked for a person.');
    }
    if (this.route.view === 'inbox' && event.conversationId === this.route.conversationId) {
      await this.#conversation?.reload();
      if (event.kind === 'message' && event.message.role === 'user') {
        this.announcement = `New message from the visitor: ${event.message.content.slice(0, 140)}`;
      }
    }
    this.#refresh();
  }

  #key = (e: KeyboardEvent) => {
    if (!this.agent) return;
    const shortcut = shortcutOf(e);
    if (!shortcut) return;
    e.preventDefault();
    if (shortcut === 'inbox') location.hash = '#/';
    else if (shortcut === 'unanswered') location.hash = '#/unanswered';
    else if (shortcut === 'search') this.#inbox?.focusSearch();
    else if (shortcut === 'reply' || shortcut === 'note') this.#conversation?.compose(shortcut);
    else {
      const id = this.#inbox?.neighbour(shortcut === 'next' ? 1 : -1);
      if (!id) return;
      location.hash = `#/conversations/${id}`;
      void this.updateComplete.then(() => this.#inbox?.updateComplete).then(() => this.#inbox?.focusSelected());
    }
  };

  async #toggleNotifications() {
    this.notify = await setNotifications(!this.notify);
    this.announcement = this.notify ? 'Notifications are on.' : 'Notifications are off.';
  }

  #bar(agent: Agent) {
    const view = this.route.view;
    return html`<header class="bar">
      <h1>Support console</h1>
      <nav aria-label="Views">
        <a href="#/" aria-current=${view === 'inbox' ? 'page' : nothing}>Inbox</a>
        <a href="#/unanswered" aria-current=${view === 'unanswered' ? 'page' : nothing}>Unanswered questions</a>
      </nav>
      <div class="me">
        ${this.live ? nothing : html`<span class="badge" role="status">Reconnecting…</span>`}
        <details>
          <summary>Keyboard shortcuts</summary>
          <ul>
            ${SHORTCUTS.map(([key, , what]) => html`<li><kbd>${key}</kbd> ${what}</li>`)}
          </ul>
        </details>
        ${
          notificationsSupported()
            ? html`<button type="button" aria-pressed=${this.notify} @click=${this.#toggleNotifications}>
                Notify me of waiting visitors
              </button>`
            : nothing
        }
        <span>Signed in as ${agent.name}</span>
        <button type="button" @click=${this.#signOut}>Sign out</button>
      </div>
    </header>`;
  }

  #main(agent: Agent) {
    if (this.route.view === 'unanswered') {
      return html`<main class="wide"><opencx-console-unanswered .api=${this.api}></opencx-console-unanswered></main>`;
    }
    const { conversationId } = this.route;
    return html`<main>
      <opencx-console-inbox
        .api=${this.api}
        .filter=${this.filter}
        .selected=${conversationId}
        @filter-change=${(e: CustomEvent<InboxFilter>) => (this.filter = e.detail)}
      ></opencx-console-inbox>
      ${
        conversationId
          ? html`<opencx-console-conversation
              .api=${this.api}
              .agent=${agent}
              .conversationId=${conversationId}
              @conversation-read=${this.#refresh}
              @conversation-changed=${this.#refresh}
            ></opencx-console-conversation>`
          : html`<p class="pick muted">Pick a conversation from the list (or press <kbd>j</kbd>).</p>`
      }
    </main>`;
  }

  override render() {
    if (!this.checked) return html`<p role="status">Loading…</p>`;
    const status = html`<p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>`;
    if (!this.agent) {
      return html`<opencx-console-sign-in
          .api=${this.api}
          @signed-in=${(e: SignedInEvent) => this.#signedIn(e.session.agent)}
        ></opencx-console-sign-in
        >${status}`;
    }
    return html`${this.#bar(this.agent)}${this.#main(this.agent)}${status}`;
  }
}

customElements.define('opencx-console', OpenCXConsole);
