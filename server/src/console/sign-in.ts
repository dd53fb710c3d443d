import { html, LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AgentApiError, type AgentApi, type Session } from './agent-api.js';
import { base } from './styles.js';
import { css } from 'lit';

/** Fired with the new session once the agent signed in. */
export class SignedInEvent extends Event {
  constructor(readonly session: Session) {
    super('signed-in', { bubbles: true, composed: true });
  }
}

/**
 * The sign-in form: email and password, as `npm run agent -- add` or the demo printed them.
 * A refusal is said next to the form and the fields keep what was typed.
 */
export class ConsoleSignIn extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        place-items: center;
        min-block-size: 100%;
        padding: 16px;
      }
      main {
        display: contents;
      }
      form {
        display: grid;
        gap: 12px;
        inline-size: min(360px, 100%);
        padding: 24px;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      label {
        display: grid;
        gap: 4px;
      }
    `,
  ];

  @property({ attribute: false }) api!: AgentApi;
  @state() private error = '';
  @state() private busy = false;

  async #submit(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = '';
    try {
      const session = await this.api.signIn(String(data.get('email')), String(data.get('password')));
      this.dispatchEvent(new SignedInEvent(session));
    } catch (error) {
      this.error =
        error instanceof AgentApiError && error.code === 'invalid_credentials'
          ? 'The email or password is not right.'
          : (error as Error).message;
      this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('#password')?.focus());
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<main>
      <form @submit=${this.#submit} aria-labelledby="title" aria-describedby=${this.error ? 'error' : ''}>
        <h1 id="title">Sign in to the support console</h1>
        <label
          >Email
          <input id="email" name="email" type="email" autocomplete="username" required autofocus />
        </label>
        <label
          >Password
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </label>
        ${this.error ? html`<p id="error" class="error" role="alert">${this.error}</p>` : ''}
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Signing in…' : 'Sign in'}</button>
        <p class="muted">No account? An admin adds you with <code>npm run agent -- add</code>.</p>
      </form>
    </main>`;
  }
}

customElements.define('opencx-console-sign-in', ConsoleSignIn);
