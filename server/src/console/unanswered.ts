import { css, html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { safeUrl } from '../../../src/markdown/render.js';
import type { AgentApi } from './agent-api.js';
import { when } from './names.js';
import { base } from './styles.js';
import type { UnansweredQuestion } from './types.js';

/**
 * "Questions the bot could not answer" (last 30 days): refused, nearly refused or rated unhelpful,
 * grouped, most asked first, with the pages the bot cited — what the docs team writes next.
 */
export class ConsoleUnanswered extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
        padding: 16px;
        overflow-y: auto;
      }
      table {
        border-collapse: collapse;
        inline-size: 100%;
        margin-block-start: 12px;
      }
      th,
      td {
        text-align: start;
        vertical-align: top;
        padding: 8px;
        border-block-end: 1px solid var(--_border);
      }
      td ul {
        margin: 0;
        padding-inline-start: 18px;
      }
      .question {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) api!: AgentApi;
  @state() private questions?: UnansweredQuestion[];
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.api.unanswered().then(
      ({ questions }) => (this.questions = questions),
      (error: Error) => (this.error = error.message),
    );
  }

  #row(q: UnansweredQuestion) {
    const pages = q.pagesCited.filter((p) => safeUrl(p.pageUrl));
    return html`<tr>
      <td class="question" dir="auto">${q.question}</td>
      <td>${q.count}</td>
      <td>
        ${[
          q.refused && `${q.refused} declined`,
          q.unsure && `${q.unsure} unsure`,
          q.ratedUnhelpful && `${q.ratedUnhelpful} rated unhelpful`,
        ]
          .filter(Boolean)
          .join(', ')}
      </td>
      <td>${when(q.lastAskedAt)}</td>
      <td>
        ${
          pages.length === 0
            ? 'None'
            : html`<ul>
                ${pages.map(
                  (p) =>
                    html`<li>
                      <a href=${safeUrl(p.pageUrl)!} target="_blank" rel="noopener noreferrer">${p.pageTitle}</a>
                    </li>`,
                )}
              </ul>`
        }
      </td>
      <td>
        <ul>
          ${q.conversationIds.map((id, i) => html`<li><a href="#/conversations/${id}">Conversation ${i + 1}</a></li>`)}
        </ul>
      </td>
    </tr>`;
  }

  override render() {
    return html`<h2 id="title">Questions the bot could not answer</h2>
      <p class="muted">
        The last 30 days: declined, nearly declined, or rated unhelpful by the visitor. Most asked first.
      </p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.questions
          ? this.error
            ? nothing
            : html`<p role="status">Loading…</p>`
          : this.questions.length === 0
            ? html`<p>None: the bot answered every question it was asked.</p>`
            : html`<table aria-labelledby="title">
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Asked</th>
                    <th scope="col">Why</th>
                    <th scope="col">Last asked</th>
                    <th scope="col">Pages the bot cited</th>
                    <th scope="col">Conversations</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.questions.map((q) => this.#row(q))}
                </tbody>
              </table>`
      }`;
  }
}

customElements.define('opencx-console-unanswered', ConsoleUnanswered);
