import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageType } from '../../state/chat-state.js';

/** How many of the newest messages are rendered at first, and how many more each time the visitor goes up. */
const WINDOW = 20;
/** Closer than this to the bottom (px), the conversation follows new messages. */
const NEAR = 48;

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

/**
 * Which messages of the conversation are rendered, and where the log is scrolled (docs/elements.md,
 * "Long conversations"): a long conversation opens at its newest WINDOW messages, at the bottom;
 * earlier ones render above as the visitor goes up to them, what they read kept in place; new
 * messages follow the bottom unless the visitor reads further up.
 */
export class ConversationWindow implements ReactiveController {
  /** The first message rendered: messages that arrive go after it, so what is on screen never leaves it. */
  #first?: string;
  /** Where #first was last time: found again in one step unless messages went in before it. */
  #firstAt = 0;
  /** The window of the current conversation is chosen (when it is first shown). */
  #sized = false;
  #conversation?: string;
  /** The visitor has scrolled up from the newest message: new ones do not pull the view down. */
  #away = false;
  /** The distance from the log's bottom to what the visitor reads, kept while earlier messages go in above. */
  #anchor?: number;
  #scrolling?: number;

  constructor(
    private readonly host: Host,
    private readonly messages: () => readonly MessageType[],
    private readonly conversation: () => string | undefined,
  ) {
    host.addController(this);
  }

  /** The visitor reads further up than the newest message. */
  get away(): boolean {
    return this.#away;
  }

  /** How many of the oldest messages are not rendered. */
  get hidden(): number {
    if (this.#first === undefined) return 0;
    const messages = this.messages();
    const at =
      messages[this.#firstAt]?.id === this.#first ? this.#firstAt : messages.findIndex((m) => m.id === this.#first);
    this.#firstAt = Math.max(0, at);
    return this.#firstAt;
  }

  /** The messages to render. */
  get shown(): readonly MessageType[] {
    const hidden = this.hidden;
    return hidden ? this.messages().slice(hidden) : this.messages();
  }

  hostUpdate(): void {
    const conversation = this.conversation();
    if (conversation !== this.#conversation) {
      // Another conversation: from its newest messages, at the bottom.
      this.#conversation = conversation;
      this.#sized = false;
      this.#first = undefined;
      this.#away = false;
    }
    // A long conversation opens at its newest messages; one that grows long on this page stays whole.
    const messages = this.messages();
    if (!this.#sized && messages.length > 0) {
      this.#sized = true;
      if (messages.length > WINDOW) this.#first = messages[messages.length - WINDOW]!.id;
    }
  }

  hostUpdated(): void {
    const log = this.#log;
    if (log && this.#anchor !== undefined) {
      // Earlier messages went in above: what the visitor was reading stays where it was.
      log.scrollTop = log.scrollHeight - this.#anchor;
      this.#top = log.scrollTop;
      this.#anchor = undefined;
      return;
    }
    // Once a frame, just before it is painted: reading the height forces a layout, and a streamed
    // answer updates the panel several times a frame. Only while the visitor is at the newest message.
    if (this.#scrolling !== undefined || this.#away) return;
    this.#scrolling = requestAnimationFrame(() => {
      this.#scrolling = undefined;
      const log = this.#log;
      if (log && !this.#away) {
        log.scrollTop = log.scrollHeight;
        this.#top = log.scrollTop;
      }
    });
  }

  /** The log's `scroll` listener. */
  readonly scrolled = (): void => {
    const log = this.#log!;
    // Only the visitor scrolls up: the scrolls this window makes go down, and the events of one
    // may arrive after the conversation grew (it is not the visitor leaving the bottom then).
    if (log.scrollHeight - log.scrollTop - log.clientHeight <= NEAR) this.#setAway(false);
    else if (log.scrollTop < this.#top) this.#setAway(true);
    this.#top = log.scrollTop;
    if (log.scrollTop < NEAR && this.hidden > 0) this.#showEarlier();
  };

  /** Where the log was scrolled last: by the visitor (its `scroll` event) or by this window. */
  #top = 0;

  /** "Show earlier messages": and when everything is shown (the button gone), focus stays in the conversation. */
  readonly earlierClicked = async (): Promise<void> => {
    this.#showEarlier();
    await this.host.updateComplete;
    if (this.hidden === 0) this.#log?.focus();
  };

  /** "Go to the latest message", or the visitor sent one: the view goes down to it. */
  readonly toLatest = (): void => {
    this.#setAway(false);
    const log = this.#log;
    if (!log) return;
    log.scrollTop = log.scrollHeight;
    this.#top = log.scrollTop;
  };

  get #log(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[part="messages"]');
  }

  #setAway(away: boolean): void {
    if (away === this.#away) return;
    this.#away = away;
    this.host.requestUpdate();
  }

  #showEarlier(): void {
    const log = this.#log;
    if (!log || this.#anchor !== undefined) return;
    this.#anchor = log.scrollHeight - log.scrollTop;
    this.#first = this.messages()[Math.max(0, this.hidden - WINDOW)]?.id;
    this.host.requestUpdate();
  }
}
