import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { Observable, Subscription } from 'rxjs';
import type { Chat } from './chat.js';
import { widgetContext } from './context.js';

/**
 * A slice of the chat store for an element inside `<opencx-chat>`: subscribes while the element is
 * connected, unsubscribes when it is not, and follows the store when the widget replaces it.
 */
export class StoreController<T> implements ReactiveController {
  value?: T;
  readonly #host: ReactiveElement;
  readonly #select: (chat: Chat) => Observable<T>;
  #chat?: Chat;
  #subscription?: Subscription;

  constructor(host: ReactiveElement, select: (chat: Chat) => Observable<T>) {
    this.#host = host;
    this.#select = select;
    host.addController(this);
    new ContextConsumer(host, { context: widgetContext, subscribe: true, callback: (ctx) => this.#follow(ctx.chat) });
  }

  #follow(chat: Chat | undefined): void {
    if (chat === this.#chat) return;
    this.#unsubscribe();
    this.#chat = chat;
    this.value = undefined;
    this.#subscribe();
    this.#host.requestUpdate();
  }

  #subscribe(): void {
    if (!this.#chat || this.#subscription || !this.#host.isConnected) return;
    this.#subscription = this.#select(this.#chat).subscribe((value) => {
      this.value = value;
      this.#host.requestUpdate();
    });
  }

  #unsubscribe(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  hostConnected(): void {
    this.#subscribe();
  }

  hostDisconnected(): void {
    this.#unsubscribe();
  }
}
