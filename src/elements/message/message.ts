import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import type { Translation } from '../../i18n/en.js';
import { splitBlocks } from '../../markdown/blocks.js';
import { renderMarkdown, safeUrl } from '../../markdown/render.js';
import type { FeedbackType, MessageType } from '../../state/chat-state.js';
import { define } from '../define.js';
import { styles } from './message.styles.js';
import { messageTime } from './time.js';

/** Asks the container to act; stays inside the panel's shadow root. */
export class MessageActionEvent extends Event {
  constructor(
    readonly action: 'retry' | 'feedback' | 'escalate',
    readonly messageId: string,
    readonly feedback?: FeedbackType,
  ) {
    super('opencx-message-action', { bubbles: true, composed: false });
  }
}

/**
 * @tagname opencx-message
 * @summary One message of the conversation: the visitor's, the bot's, a human agent's or a notice.
 * @csspart message - The row holding the bubble.
 * @csspart bubble - The speech bubble.
 * @csspart bubble-user - The visitor's bubbles.
 * @csspart bubble-assistant - The bot's bubbles.
 * @csspart bubble-agent - A human agent's bubbles.
 * @csspart bubble-system - Notices.
 * @csspart meta - Who wrote it and when.
 * @csspart status - "Sending…" or "Not sent." under a visitor's message; "Stopped." or "Connection lost." under an answer.
 * @csspart retry-button - Sends a failed message again.
 * @csspart citations - The numbered sources of an answer.
 * @csspart citation - One source: title, excerpt and link.
 * @csspart related - Related articles under an answer.
 * @csspart related-article - One related article link.
 * @csspart feedback - The helpful / not helpful buttons.
 * @csspart feedback-button - One of them; `aria-pressed` when chosen.
 * @csspart escalation-offer - The offer of a human when the bot was unsure.
 * @csspart escalation-offer-button - The button that accepts it.
 */
export class OpenCXMessage extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) message?: MessageType;
  @property({ attribute: false }) strings?: Translation;
  @property({ attribute: false }) language = 'en';
  /** Name shown for the bot's answers. */
  @property({ attribute: false }) botName?: string;
  /** Offer thumbs up/down (answers only). */
  @property({ type: Boolean, attribute: false }) rateable = false;
  /** Offer a human when the bot refused. */
  @property({ type: Boolean, attribute: false }) escalation = false;

  override willUpdate(): void {
    if (this.message) this.dataset.role = this.message.role;
  }

  #act(action: MessageActionEvent['action'], feedback?: FeedbackType) {
    if (this.message) this.dispatchEvent(new MessageActionEvent(action, this.message.id, feedback));
  }

  #author(m: MessageType, s: Translation): string {
    if (m.role === 'user') return s.you;
    if (m.role === 'agent') return m.author?.name || s.agent;
    if (m.role === 'system') return s.system;
    return this.botName || s.assistant;
  }

  #status(m: MessageType, s: Translation) {
    if (m.status === 'pending') return html`<p part="status" class="status">${s.sending}</p>`;
    if (m.status === 'stopped') return html`<p part="status" class="status">${s.answerStopped}</p>`;
    if (m.status === 'interrupted') return html`<p part="status" class="status failed">${s.answerInterrupted}</p>`;
    if (m.status !== 'failed') return nothing;
    return html`<p part="status" class="status failed">
      ${s.notSent}
      <button part="retry-button" type="button" @click=${() => this.#act('retry')}>${s.retry}</button>
    </p>`;
  }

  #citations(m: MessageType, s: Translation) {
    const citations = (m.citations ?? []).filter((c) => safeUrl(c.pageUrl));
    if (citations.length === 0) return nothing;
    return html`<section part="citations" class="citations" aria-label=${s.sources}>
      <p class="heading">${s.sources}</p>
      <ol>
        ${citations.map(
          (c) =>
            html`<li part="citation" dir="auto">
              <a href=${safeUrl(c.pageUrl)!} target="_blank" rel="noopener noreferrer nofollow ugc"
                >${c.pageTitle}<span class="visually-hidden"> ${s.opensInNewTab}</span></a
              >
              ${c.excerpt ? html`<p class="excerpt">${c.excerpt}</p>` : nothing}
            </li>`,
        )}
      </ol>
    </section>`;
  }

  #related(m: MessageType, s: Translation) {
    const articles = (m.relatedArticles ?? []).filter((a) => safeUrl(a.pageUrl));
    if (articles.length === 0) return nothing;
    return html`<section part="related" class="related" aria-label=${s.related}>
      <p class="heading">${s.related}</p>
      <ul>
        ${articles.map(
          (a) =>
            html`<li dir="auto">
              <a
                part="related-article"
                href=${safeUrl(a.pageUrl)!}
                target="_blank"
                rel="noopener noreferrer nofollow ugc"
                >${a.pageTitle}<span class="visually-hidden"> ${s.opensInNewTab}</span></a
              >
            </li>`,
        )}
      </ul>
    </section>`;
  }

  #feedback(m: MessageType, s: Translation) {
    // Only a finished answer can be rated: one being written, stopped or cut has no status of "done".
    if (!this.rateable || m.status) return nothing;
    // Drawn, not emoji: not every system has an emoji font.
    const thumb = (down: boolean) =>
      html`<svg
        viewBox="0 0 24 24"
        width="18"
        height="18"
        aria-hidden="true"
        focusable="false"
        class=${down ? 'down' : ''}
      >
        <path
          fill="currentColor"
          d="M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6V3a1.5 1.5 0 0 0-.4-1l-1.1-1-6.6 6.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1.2-.7z"
        />
      </svg>`;
    const button = (type: FeedbackType, label: string, icon: unknown) =>
      html`<button
        part="feedback-button"
        type="button"
        aria-pressed=${m.feedback === type ? 'true' : 'false'}
        aria-label=${label}
        title=${label}
        @click=${() => this.#act('feedback', type)}
      >
        ${icon}
      </button>`;
    return html`<div part="feedback" class="feedback" role="group" aria-label=${s.helpful}>
      ${button('positive', s.helpful, thumb(false))} ${button('negative', s.notHelpful, thumb(true))}
      ${m.feedback ? html`<span class="thanks" role="status">${s.feedbackThanks}</span>` : nothing}
    </div>`;
  }

  override render() {
    const m = this.message;
    const s = this.strings;
    if (!m || !s) return nothing;
    // The visitor's own text is shown as typed; only answers are markdown. Block by block: while
    // an answer is written, the blocks already finished are not parsed or rendered again.
    const hint = s.opensInNewTab;
    const body =
      m.role === 'user'
        ? html`<p class="plain">${m.content}</p>`
        : splitBlocks(m.content).map((block) =>
            guard([block, hint], () => renderMarkdown(block, { newTabHint: hint })),
          );
    const writing = m.status === 'streaming' || m.status === 'interrupted';
    const when = messageTime(m.createdAt, this.language);
    return html`<article
      part="message"
      class="message"
      aria-label=${this.#author(m, s)}
      aria-busy=${writing ? 'true' : nothing}
    >
      <div part="bubble bubble-${m.role}" class="bubble" dir="auto">${body}</div>
      <p part="meta" class="meta">
        <span class="author">${this.#author(m, s)}</span
        >${when ? html` · <time datetime=${m.createdAt}>${when}</time>` : nothing}
      </p>
      ${this.#status(m, s)} ${this.#citations(m, s)} ${this.#related(m, s)}
      ${
        m.wasRefused && this.escalation && !m.status
          ? html`<p part="escalation-offer" class="offer">
              ${s.refusedOffer}
              <button part="escalation-offer-button" type="button" @click=${() => this.#act('escalate')}>
                ${s.talkToHuman}
              </button>
            </p>`
          : nothing
      }
      ${this.#feedback(m, s)}
    </article>`;
  }
}

define('opencx-message', OpenCXMessage);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-message': OpenCXMessage;
  }
}
