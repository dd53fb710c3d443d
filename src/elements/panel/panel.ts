import { consume } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { OpenCXEscalateEvent } from '../../events/escalate.js';
import { OpenCXFeedbackEvent } from '../../events/feedback.js';
import { format } from '../../i18n/format.js';
import type { MessageType } from '../../state/chat-state.js';
import type { Attachment } from '../../state/responses.js';
import { widgetContext, type WidgetContext } from '../../state/context.js';
import { StoreController } from '../../state/store-controller.js';
import '../composer/composer.js';
import { PanelFiles } from './panel-files.js';
import { panelHeader } from './panel-header.js';
import { PictureViewer } from './picture-viewer.js';
import type { ComposerSubmitEvent, OpenCXComposer } from '../composer/composer.js';
import { define } from '../define.js';
import { messageView, type MessageActionEvent } from '../message/message-view.js';
import { messageTimeReady, prepareMessageTime } from '../message/time.js';
import '../escalation-form/escalation-form.js';
import type { EscalationSubmitEvent, OpenCXEscalationForm } from '../escalation-form/escalation-form.js';
import '../contact-form/contact-form.js';
import type { ContactSubmitEvent, OpenCXContactForm } from '../contact-form/contact-form.js';
import { ConversationWindow } from './conversation-window.js';
import { COMPOSER_PARTS, CONTACT_PARTS, ESCALATION_PARTS } from './parts.js';
import { styles } from './panel.styles.js';

const errorKey = {
  configuration: 'errorConfiguration',
  connection: 'errorConnection',
  unavailable: 'errorUnavailable',
  forbidden: 'errorForbidden',
  rate_limited: 'errorRateLimited',
} as const;

/**
 * @tagname opencx-panel
 * @summary The chat panel: header, conversation, quick replies and composer. Rendered by `<opencx-chat>`.
 * @csspart header - The bar with the bot's name and the buttons.
 * @csspart avatar - The bot's picture.
 * @csspart title - The bot's name (the dialog's label).
 * @csspart escalate-button - Opens the "talk to a person" form.
 * @csspart escalation-done - The confirmation after asking for a person.
 * @csspart new-conversation-button - Starts a new conversation.
 * @csspart close-button - Closes the panel (floating mode).
 * @csspart error - The message shown when the chat cannot work.
 * @csspart messages - The conversation (`role="log"`).
 * @csspart earlier-button - Shows earlier messages of a long conversation (also when the visitor scrolls up to it).
 * @csspart latest-button - Scrolls back down to the newest message, shown while the visitor reads further up.
 * @csspart typing - The "is typing" indicator.
 * @csspart quick-replies - The suggested questions.
 * @csspart quick-reply - One suggested question.
 */
export class OpenCXPanel extends LitElement {
  static override styles = styles;

  @consume({ context: widgetContext, subscribe: true })
  @state()
  private ctx?: WidgetContext;

  readonly #messages = new StoreController(this, (chat) => chat.select((s) => s.messages));
  readonly #typing = new StoreController(this, (chat) =>
    chat.select((s) => s.loading.reason === 'sending_message_to_bot'),
  );
  /** A person writing a reply: their name. */
  readonly #agentTyping = new StoreController(this, (chat) => chat.select((s) => s.typing));
  readonly #keyboard = new StoreController(this, (chat) => chat.select((s) => s.keyboard));
  readonly #prelude = new StoreController(this, (chat) => chat.select((s) => s.prelude));
  readonly #session = new StoreController(this, (chat) => chat.select((s) => s.session));
  readonly #contact = new StoreController(this, (chat) => chat.select((s) => s.contact));
  @state() private contactBusy = false;
  @state() private contactFailure = '';
  /** The "talk to a person" form: hidden, shown, being sent, or done. */
  @state() private escalation: 'closed' | 'open' | 'sending' | 'done' = 'closed';
  @state() private escalationFailure = '';
  /** The newest complete answer, announced once to screen readers. */
  @state() private announcement = '';
  /** Files the visitor attaches, dropped on the panel or picked in the composer. */
  readonly #files = new PanelFiles(
    () => this.ctx?.chat,
    () => this.renderRoot.querySelector('opencx-composer'),
  );
  /** A picture of the conversation, full size (docs/elements.md, "Attachments"). */
  readonly #viewer = new PictureViewer(this);
  /** Which messages are rendered, and where the log is scrolled (docs/elements.md, "Long conversations"). */
  readonly #window = new ConversationWindow(
    this,
    () => this.#messages.value ?? [],
    () => this.#session.value?.id,
  );

  /** Moves focus to where the visitor types first (on open): the contact form when it is asked for, else the composer. */
  async focusComposer(): Promise<void> {
    await this.updateComplete;
    const target =
      this.renderRoot.querySelector<OpenCXContactForm>('opencx-contact-form') ??
      this.renderRoot.querySelector<OpenCXComposer>('opencx-composer');
    await target?.updateComplete;
    target?.focus();
  }

  /** The collect-user-data form is due: configured (or set on the server), not answered, nothing said yet. */
  get #askForContact(): boolean {
    const ctx = this.ctx;
    const wanted = ctx?.config?.collectUserData || this.#prelude.value?.collectUserData;
    const known = this.#contact.value || ctx?.config?.user.name || ctx?.config?.user.email;
    return Boolean(ctx?.chat && wanted && !known && !this.#messages.value?.length);
  }

  async #contactSubmitted(event: ContactSubmitEvent): Promise<void> {
    const chat = this.ctx?.chat;
    if (!chat) return;
    if (event.contact === 'skip') {
      chat.skipContact();
    } else {
      this.contactBusy = true;
      this.contactFailure = '';
      try {
        await chat.saveContact(event.contact);
      } catch {
        this.contactFailure = this.ctx!.strings.errorConnection;
        return;
      } finally {
        this.contactBusy = false;
      }
    }
    await this.focusComposer();
  }

  get #botName(): string {
    const ctx = this.ctx!;
    return ctx.config?.bot.name || this.#prelude.value?.bot.name || this.#prelude.value?.name || ctx.strings.chatTitle;
  }

  /** A person can be asked for: the widget allows it and nobody has been asked yet. */
  get #canEscalate(): boolean {
    const status = this.#session.value?.status;
    return (
      Boolean(this.ctx?.chat) &&
      (this.#prelude.value?.escalation.enabled ?? false) &&
      (status === undefined || status === 'bot')
    );
  }

  #send(text: string, attachments: Attachment[] = []): void {
    // The visitor's own message: the view goes down to it.
    this.#window.toLatest();
    // Failures show on the message itself (status "Not sent." with a retry button).
    this.ctx?.chat?.sendMessage({ content: text, attachments }).catch(() => {});
  }

  async #stop(): Promise<void> {
    this.ctx?.chat?.stopAnswer();
    // The stop button goes away with the answer: focus stays where the visitor types.
    await this.focusComposer();
  }

  #action(event: MessageActionEvent): void {
    const chat = this.ctx?.chat;
    if (!chat) return;
    if (event.action === 'retry') chat.retryMessage(event.messageId).catch(() => {});
    if (event.action === 'escalate') void this.#openEscalation();
    if (event.action === 'view' && event.picture) {
      event.preventDefault();
      void this.#viewer.open(event.picture, event.target as HTMLElement);
    }
    if (event.action === 'feedback' && event.feedback) {
      const detail = { messageId: event.messageId, type: event.feedback };
      chat
        .sendFeedback(detail)
        .then(() => this.dispatchEvent(new OpenCXFeedbackEvent(detail)))
        .catch(() => {});
    }
  }

  async #openEscalation(): Promise<void> {
    this.escalation = 'open';
    this.escalationFailure = '';
    await this.updateComplete;
    const form = this.renderRoot.querySelector<OpenCXEscalationForm>('opencx-escalation-form');
    await form?.updateComplete;
    form?.focus();
  }

  async #closeEscalation(outcome: 'closed' | 'done'): Promise<void> {
    this.escalation = outcome;
    await this.focusComposer();
  }

  async #escalate(event: EscalationSubmitEvent): Promise<void> {
    const chat = this.ctx?.chat;
    if (!chat) return;
    const { email, message } = event;
    this.escalation = 'sending';
    try {
      await chat.escalate({ email, message });
      this.dispatchEvent(new OpenCXEscalateEvent({ email, message }));
      await this.#closeEscalation('done');
    } catch {
      this.escalation = 'open';
      this.escalationFailure = this.ctx!.strings.errorConnection;
    }
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.ctx?.mode === 'floating') {
      event.stopPropagation();
      this.ctx.close();
    }
  }

  override willUpdate(): void {
    const last = this.#messages.value?.at(-1);
    const finished = last?.status !== 'streaming' && last?.status !== 'interrupted';
    if (last && (last.role === 'assistant' || last.role === 'agent') && finished && last.id !== this.#announced) {
      this.#announced = last.id;
      // Announced once, when complete (not every piece of a streamed answer); the log region itself
      // stays quiet (aria-live="off").
      this.announcement = `${format(this.ctx!.strings.newAnswer, { name: last.role === 'agent' ? this.ctx!.strings.agent : this.#botName })}: ${last.content}`;
    }
  }

  #announced?: string;
  /** Whether the times under messages can show yet (see time.ts): asked once a render. */
  #times(language: string): boolean {
    if (messageTimeReady(language)) return true;
    void prepareMessageTime(language).then(() => this.requestUpdate());
    return false;
  }

  #renderMessage(m: MessageType, times: boolean) {
    const ctx = this.ctx!;
    const answer = m.role === 'assistant';
    const options = {
      times,
      strings: ctx.strings,
      language: ctx.config?.language ?? 'en',
      botName: this.#botName,
      rateable: answer,
      // Only a refused answer offers a person: the others do not change when the conversation changes hands.
      escalation: answer && Boolean(m.wasRefused) && this.#canEscalate,
    };
    // A message is rendered again only when it, or what it shows of the chat, changed: appending
    // one message, or a piece of a streamed answer, touches that message alone.
    return guard([m, times, options.strings, options.language, options.botName, options.escalation], () =>
      messageView(m, options),
    );
  }

  override render() {
    const ctx = this.ctx;
    if (!ctx) return nothing;
    const s = ctx.strings;
    const prelude = this.#prelude.value;
    const messages = this.#messages.value ?? [];
    const hidden = this.#window.hidden;
    const times = this.#times(ctx.config?.language ?? 'en');
    const greeting = ctx.config?.greeting ?? prelude?.greeting;
    const avatar = ctx.config?.bot.avatarUrl || prelude?.bot.avatarUrl;
    const options = this.#keyboard.value?.options ?? [];
    // While the answer is written it shows itself: no typing dots; the stop button until it ends.
    const draft = messages.at(-1)?.role === 'assistant' ? messages.at(-1)?.status : undefined;
    const person = this.#agentTyping.value?.name;
    const typing = (this.#typing.value && !draft) || Boolean(person);
    const answering = Boolean(this.#typing.value) && draft !== 'stopped';
    return html`<section
      class="panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="title"
      @keydown=${this.#keydown}
      @opencx-message-action=${this.#action}
      @opencx-composer-submit=${(e: ComposerSubmitEvent) => this.#send(e.text, e.attachments)}
      @opencx-composer-stop=${() => this.#stop()}
      @dragover=${this.#files.dragOver}
      @drop=${this.#files.drop}
    >
      ${panelHeader({
        strings: s,
        botName: this.#botName,
        avatar,
        canEscalate: this.#canEscalate,
        canClear: Boolean(ctx.chat),
        floating: ctx.mode === 'floating',
        onEscalate: () => void this.#openEscalation(),
        onClear: () => void ctx.chat?.clearSession(),
        onClose: () => ctx.close(),
      })}
      ${ctx.problem ? html`<p part="error" class="error" role="alert">${s[errorKey[ctx.problem]]}</p>` : nothing}
      <div
        part="messages"
        class="messages"
        role="log"
        aria-live="off"
        aria-label=${s.conversationLabel}
        tabindex="0"
        @scroll=${this.#window.scrolled}
      >
        ${
          greeting && !hidden
            ? messageView(
                { id: 'greeting', role: 'assistant', content: greeting, createdAt: '' },
                {
                  strings: s,
                  language: ctx.config?.language ?? 'en',
                  botName: this.#botName,
                  rateable: false,
                  escalation: false,
                },
              )
            : nothing
        }
        ${
          hidden
            ? html`<button part="earlier-button" class="earlier" type="button" @click=${this.#window.earlierClicked}>
                ${s.earlierMessages}
              </button>`
            : nothing
        }
        ${repeat(
          this.#window.shown,
          (m) => m.id,
          (m) => this.#renderMessage(m, times),
        )}
        ${
          typing
            ? html`<p part="typing" class="typing" role="status">
                <span class="dots" aria-hidden="true"><span></span><span></span><span></span></span>
                <span class="visually-hidden">${format(s.typing, { name: person ?? this.#botName })}</span>
              </p>`
            : nothing
        }
        ${
          this.#window.away
            ? html`<button part="latest-button" class="latest" type="button" @click=${this.#window.toLatest}>
                ${s.latestMessage}
              </button>`
            : nothing
        }
      </div>
      <p class="visually-hidden" aria-live="polite">${this.announcement}</p>
      ${
        this.#askForContact
          ? html`<opencx-contact-form
              class="form"
              exportparts=${CONTACT_PARTS.join(', ')}
              .strings=${s}
              .skippable=${ctx.config?.collectUserData === 'optional'}
              .busy=${this.contactBusy}
              .failure=${this.contactFailure}
              @opencx-contact-submit=${this.#contactSubmitted}
            ></opencx-contact-form>`
          : nothing
      }
      ${
        options.length && !this.#askForContact
          ? html`<div part="quick-replies" class="quick-replies" role="group" aria-label=${s.suggestions}>
              ${options.map((o) => html`<button part="quick-reply" type="button" @click=${() => this.#send(o)}>${o}</button>`)}
            </div>`
          : nothing
      }
      ${
        // Until a person joins: then their own line in the conversation says so.
        this.escalation === 'done' && this.#session.value?.status === 'escalated'
          ? html`<p part="escalation-done" class="notice" role="status">${s.escalationDone}</p>`
          : nothing
      }
      ${
        this.escalation === 'open' || this.escalation === 'sending'
          ? html`<opencx-escalation-form
              class="form"
              exportparts=${ESCALATION_PARTS.join(', ')}
              .strings=${s}
              .initialMessage=${messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}
              .busy=${this.escalation === 'sending'}
              .failure=${this.escalationFailure}
              @opencx-escalation-submit=${this.#escalate}
              @opencx-escalation-cancel=${() => this.#closeEscalation('closed')}
            ></opencx-escalation-form>`
          : nothing
      }
      <opencx-composer
        ?hidden=${this.escalation === 'open' || this.escalation === 'sending' || this.#askForContact}
        exportparts=${COMPOSER_PARTS.join(', ')}
        .strings=${s}
        .language=${ctx.config?.language ?? 'en'}
        .placeholder=${ctx.config?.placeholder ?? prelude?.placeholder ?? undefined}
        .answering=${answering}
        .limits=${ctx.config?.settings.attachments === false ? undefined : prelude?.attachments}
        .upload=${this.#files.upload}
        ?disabled=${!ctx.chat || ctx.problem === 'configuration'}
      ></opencx-composer>
      ${this.#viewer.render(s)}
    </section>`;
  }
}

define('opencx-panel', OpenCXPanel);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-panel': OpenCXPanel;
  }
}
