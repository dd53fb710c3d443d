import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { Translation } from '../../i18n/en.js';
import { splitBlocks } from '../../markdown/blocks.js';
import { renderMarkdown, safeUrl } from '../../markdown/render.js';
import type { FeedbackType, MessageType } from '../../state/chat-state.js';
import { fileSize } from '../../i18n/file-size.js';
import { messageTime } from './time.js';

/** Asks the container to act; stays inside the shadow root it was dispatched in. */
export class MessageActionEvent extends Event {
  constructor(
    readonly action: 'retry' | 'feedback' | 'escalate' | 'view',
    readonly messageId: string,
    readonly feedback?: FeedbackType,
    /** For `view`: the picture to show full size. A container that shows it cancels the event. */
    readonly picture?: { url: string; name: string },
  ) {
    super('opencx-message-action', { bubbles: true, composed: false, cancelable: true });
  }
}

export interface MessageViewOptions {
  strings: Translation;
  language: string;
  /** Name shown for the bot's answers. */
  botName?: string;
  /** Offer thumbs up/down (answers only). */
  rateable: boolean;
  /** Offer a human when the bot refused. */
  escalation: boolean;
  /** Show the time under the message (default); the panel leaves it out until the format is made. */
  times?: boolean;
}

// One message is a template in its container's own shadow tree, not an element with a tree of its
// own: a long conversation costs a few nodes per message and no per-message styles
// (docs/elements.md, "Long conversations"). Its buttons dispatch MessageActionEvent from where they are.
const act = (event: Event, action: MessageActionEvent['action'], id: string, feedback?: FeedbackType) =>
  event.currentTarget!.dispatchEvent(new MessageActionEvent(action, id, feedback));

function author(m: MessageType, s: Translation, botName?: string): string {
  if (m.role === 'user') return s.you;
  if (m.role === 'agent') return m.author?.name || s.agent;
  if (m.role === 'system') return s.system;
  return botName || s.assistant;
}

/** What a pending message says while it waits (docs/elements.md, "When a message cannot go"). */
const WAITING = { offline: 'waitingOffline', rate_limited: 'waitingRateLimited', retrying: 'waitingRetry' } as const;

/** Refusals no retry can change: the message says why, and offers no Retry. */
const REFUSED: Record<string, 'errorForbidden' | 'errorUnavailable'> = {
  origin_not_allowed: 'errorForbidden',
  forbidden: 'errorForbidden',
  http_403: 'errorForbidden',
  widget_not_found: 'errorUnavailable',
  http_404: 'errorUnavailable',
};

function status(m: MessageType, s: Translation) {
  // Its own polite region: the log around it is quiet (docs/accessibility.md), but why a message
  // waits or failed is news the visitor should hear.
  if (m.status === 'pending')
    return html`<p part="status" class="status" role="status">${s[WAITING[m.waiting!] ?? 'sending']}</p>`;
  if (m.status === 'stopped') return html`<p part="status" class="status">${s.answerStopped}</p>`;
  if (m.status === 'interrupted') return html`<p part="status" class="status failed">${s.answerInterrupted}</p>`;
  if (m.status !== 'failed') return nothing;
  const refused = REFUSED[m.error?.code ?? ''];
  if (refused) return html`<p part="status" class="status failed" role="status">${s.notSent} ${s[refused]}</p>`;
  return html`<p part="status" class="status failed" role="status">
    ${s.notSent}
    <button part="retry-button" type="button" @click=${(e: Event) => act(e, 'retry', m.id)}>${s.retry}</button>
  </p>`;
}

function citations(m: MessageType, s: Translation) {
  const shown = (m.citations ?? []).filter((c) => safeUrl(c.pageUrl));
  if (shown.length === 0) return nothing;
  return html`<section part="citations" class="citations" aria-label=${s.sources}>
    <p class="heading">${s.sources}</p>
    <ol>
      ${shown.map(
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

function related(m: MessageType, s: Translation) {
  const articles = (m.relatedArticles ?? []).filter((a) => safeUrl(a.pageUrl));
  if (articles.length === 0) return nothing;
  return html`<section part="related" class="related" aria-label=${s.related}>
    <p class="heading">${s.related}</p>
    <ul>
      ${articles.map(
        (a) =>
          html`<li dir="auto">
            <a part="related-article" href=${safeUrl(a.pageUrl)!} target="_blank" rel="noopener noreferrer nofollow ugc"
              >${a.pageTitle}<span class="visually-hidden"> ${s.opensInNewTab}</span></a
            >
          </li>`,
      )}
    </ul>
  </section>`;
}

/**
 * A picture's link opens it full size where the container can (the panel's dialog); elsewhere, and
 * for a click that asks for a new tab, the link does what links do.
 */
function view(event: MouseEvent, id: string, picture: { url: string; name: string }): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const asked = new MessageActionEvent('view', id, undefined, picture);
  event.currentTarget!.dispatchEvent(asked);
  if (asked.defaultPrevented) event.preventDefault();
}

/** Pictures the server re-encoded and serves inline (docs/server.md, "Attachments"). */
const PICTURE = /^image\/(?:png|jpeg|gif|webp)$/;

/** Files sent with the message: pictures shown, other files as links that download, each named with its size. */
function attachments(m: MessageType, s: Translation, language: string) {
  const files = m.attachments ?? [];
  if (files.length === 0) return nothing;
  return html`<ul part="attachments" class="attachments" aria-label=${s.attachments}>
    ${files.map((f) => {
      const href = safeUrl(f.url ?? '');
      const size = fileSize(f.size, language);
      if (!href) return html`<li part="attachment" dir="auto">${f.name} · ${size}</li>`;
      const picture = PICTURE.test(f.contentType);
      return html`<li part=${picture ? 'attachment attachment-image' : 'attachment attachment-file'} dir="auto">
        <a
          href=${href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          @click=${picture ? (e: MouseEvent) => view(e, m.id, { url: href, name: f.name }) : nothing}
          >${picture ? html`<img src=${href} alt=${f.name} loading="lazy" decoding="async" />` : f.name}<span
            class=${picture ? 'visually-hidden' : 'size'}
          >
            · ${size}</span
          ><span class="visually-hidden"> ${s.opensInNewTab}</span></a
        >
      </li>`;
    })}
  </ul>`;
}

// Drawn, not emoji: not every system has an emoji font.
const thumb = (down: boolean) =>
  html`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" class=${down ? 'down' : ''}>
    <path
      fill="currentColor"
      d="M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6V3a1.5 1.5 0 0 0-.4-1l-1.1-1-6.6 6.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1.2-.7z"
    />
  </svg>`;

function feedback(m: MessageType, s: Translation, rateable: boolean) {
  // Only a finished answer can be rated: one being written, stopped or cut has no status of "done".
  if (!rateable || m.status) return nothing;
  const button = (type: FeedbackType, label: string, icon: unknown) =>
    html`<button
      part="feedback-button"
      type="button"
      aria-pressed=${m.feedback === type ? 'true' : 'false'}
      aria-label=${label}
      title=${label}
      @click=${(e: Event) => act(e, 'feedback', m.id, type)}
    >
      ${icon}
    </button>`;
  return html`<div part="feedback" class="feedback" role="group" aria-label=${s.helpful}>
    ${button('positive', s.helpful, thumb(false))} ${button('negative', s.notHelpful, thumb(true))}
    ${m.feedback ? html`<span class="thanks" role="status">${s.feedbackThanks}</span>` : nothing}
  </div>`;
}

/** One message of the conversation: the visitor's, the bot's, a human agent's or a notice. */
export function messageView(m: MessageType, o: MessageViewOptions): TemplateResult {
  const s = o.strings;
  // The visitor's own text is shown as typed; only answers are markdown. Block by block: while
  // an answer is written, the blocks already finished are not parsed or rendered again.
  const hint = s.opensInNewTab;
  const body =
    m.role === 'user'
      ? html`<p class="plain">${m.content}</p>`
      : splitBlocks(m.content).map((block) => guard([block, hint], () => renderMarkdown(block, { newTabHint: hint })));
  const writing = m.status === 'streaming' || m.status === 'interrupted';
  const when = o.times === false ? '' : messageTime(m.createdAt, o.language);
  const avatar = m.role === 'agent' ? safeUrl(m.author?.avatarUrl ?? '') : undefined;
  const name = author(m, s, o.botName);
  return html`<article
    part="message"
    class="message"
    data-role=${m.role}
    aria-label=${name}
    aria-busy=${writing ? 'true' : nothing}
  >
    ${
      // Files sent without a word have no empty bubble above them.
      m.content || !m.attachments?.length
        ? html`<div part="bubble bubble-${m.role}" class="bubble" dir="auto">${body}</div>`
        : nothing
    }
    ${attachments(m, s, o.language)}
    <p part="meta" class="meta">
      ${avatar ? html`<img part="agent-avatar" class="avatar" src=${avatar} alt="" width="20" height="20" />` : nothing}<span
        class="author"
        >${name}</span
      >${when ? html` · <time datetime=${m.createdAt}>${when}</time>` : nothing}
    </p>
    ${status(m, s)} ${citations(m, s)} ${related(m, s)}
    ${
      m.wasRefused && o.escalation && !m.status
        ? html`<p part="escalation-offer" class="offer">
            ${s.refusedOffer}
            <button part="escalation-offer-button" type="button" @click=${(e: Event) => act(e, 'escalate', m.id)}>
              ${s.talkToHuman}
            </button>
          </p>`
        : nothing
    }
    ${feedback(m, s, o.rateable)}
  </article>`;
}
