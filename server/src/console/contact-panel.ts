import { css, html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { safeUrl } from '../../../src/markdown/render.js';
import { when } from './names.js';
import { base } from './styles.js';
import type { Conversation } from './types.js';

/** Who the visitor is, their request for a person, their ratings and the pages the bot showed them. */
export class ConsoleContactPanel extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        align-content: start;
        gap: 16px;
        padding: 12px;
        overflow-y: auto;
      }
      section {
        display: grid;
        gap: 6px;
      }
      h2 {
        font-size: 1rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 4px 8px;
        margin: 0;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ul {
        margin: 0;
        padding-inline-start: 18px;
      }
      .message {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) conversation?: Conversation;

  /** Each page the bot cited in this conversation, once, with how often. */
  #pages(c: Conversation) {
    const pages = new Map<string, { title: string; count: number }>();
    for (const m of c.messages) {
      for (const cite of m.citations ?? []) {
        const page = pages.get(cite.pageUrl) ?? { title: cite.pageTitle, count: 0 };
        page.count++;
        pages.set(cite.pageUrl, page);
      }
    }
    return [...pages].filter(([url]) => safeUrl(url));
  }

  override render() {
    const c = this.conversation;
    if (!c) return nothing;
    const v = c.visitor;
    const pages = this.#pages(c);
    const negative = c.feedback.filter((f) => f.type === 'negative').length;
    return html`
      <section aria-labelledby="contact">
        <h2 id="contact">Contact</h2>
        <dl>
          <dt>Name</dt>
          <dd dir="auto">${v.name || '—'}</dd>
          <dt>Email</dt>
          <dd>${v.email ? html`<a href="mailto:${v.email}">${v.email}</a>` : '—'}</dd>
          <dt>Identity</dt>
          <dd>
            <span class="badge">${v.verified ? 'Verified' : 'Not verified'}</span>
            <span class="visually-hidden">${v.verified ? '' : ': what the visitor typed, not checked'}</span>
          </dd>
          <dt>Visitor id</dt>
          <dd><code>${v.visitorId}</code></dd>
          <dt>Widget</dt>
          <dd>${c.widgetId}</dd>
          <dt>Started</dt>
          <dd>${when(c.createdAt)}</dd>
        </dl>
      </section>
      ${
        c.ticket
          ? html`<section aria-labelledby="ticket">
              <h2 id="ticket">Request for a person (${c.ticket.ticketId})</h2>
              <p class="muted">${when(c.ticket.createdAt)}, reply to ${c.ticket.email}</p>
              <p class="message" dir="auto">${c.ticket.message}</p>
            </section>`
          : nothing
      }
      <section aria-labelledby="ratings">
        <h2 id="ratings">Ratings</h2>
        <p>
          ${
            c.feedback.length === 0
              ? 'No answer rated.'
              : `${c.feedback.length - negative} helpful, ${negative} not helpful.`
          }
        </p>
      </section>
      <section aria-labelledby="pages">
        <h2 id="pages">Pages the bot cited</h2>
        ${
          pages.length === 0
            ? html`<p>None.</p>`
            : html`<ul>
                ${pages.map(
                  ([url, page]) =>
                    html`<li>
                      <a href=${safeUrl(url)!} target="_blank" rel="noopener noreferrer">${page.title}</a>
                      ${page.count > 1 ? html`<span class="muted">(${page.count}×)</span>` : nothing}
                    </li>`,
                )}
              </ul>`
        }
      </section>
    `;
  }
}

customElements.define('opencx-console-contact', ConsoleContactPanel);
