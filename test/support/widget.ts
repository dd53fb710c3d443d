// Reaching into the widget's shadow roots the way a visitor's assistive technology would see it.
import { fixture, html } from '@open-wc/testing';
import type { OpenCXChat } from '../../src/elements.js';
import '../../src/elements.js';
import { waitUntil } from './async.js';
import type { MockApi } from './mock.js';

export function shadow(el: Element | null | undefined): ShadowRoot {
  if (!el?.shadowRoot) throw new Error(`${el?.localName ?? 'element'} has no shadow root`);
  return el.shadowRoot;
}

export const triggerButtonOf = (chat: OpenCXChat) =>
  shadow(shadow(chat).querySelector('opencx-trigger')).querySelector('button')!;
export const panelOf = (chat: OpenCXChat) => shadow(chat).querySelector('opencx-panel');
export const panelRoot = (chat: OpenCXChat) => shadow(panelOf(chat));
export const composerOf = (chat: OpenCXChat) => panelRoot(chat).querySelector('opencx-composer')!;
export const textareaOf = (chat: OpenCXChat) => shadow(composerOf(chat)).querySelector('textarea')!;
/** The messages on screen (the greeting too): each an `<article part="message">` in the panel's tree. */
export const messagesOf = (chat: OpenCXChat) => [...panelRoot(chat).querySelectorAll<HTMLElement>('[part~="message"]')];
export const bubbleTexts = (chat: OpenCXChat) =>
  messagesOf(chat).map((m) => m.querySelector('[part~="bubble"]')!.textContent!.trim());

export { deepActiveElement } from '../../src/elements/deep-active-element.js';

/** A chat against the mock API with its own storage keys; waits until its runtime (store, panel) is loaded. */
export async function chatFixture(
  mock: MockApi,
  attributes: Record<string, string | boolean> = {},
): Promise<OpenCXChat> {
  const el = await fixture<OpenCXChat>(
    html`<opencx-chat widget-id=${`w-${mock.ns}`} api-url=${mock.apiUrl}></opencx-chat>`,
  );
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : value);
  }
  await el.load();
  return el;
}

export async function panelReady(chat: OpenCXChat): Promise<void> {
  // The registry of the chat's own window: it may live in an iframe.
  await chat.ownerDocument.defaultView!.customElements.whenDefined('opencx-panel');
  await waitUntil(() => Boolean(panelOf(chat)), 'the panel is rendered');
  await panelOf(chat)!.updateComplete;
}

/** Lets running animations finish: mid-fade colours are blends that no visitor reads. */
export async function settled(chat: OpenCXChat): Promise<void> {
  await chat.updateComplete;
  const roots = [
    shadow(chat),
    ...[...shadow(chat).querySelectorAll('*')].flatMap((e) => (e.shadowRoot ? [e.shadowRoot] : [])),
  ];
  await Promise.all(roots.flatMap((root) => root.getAnimations?.() ?? []).map((a) => a.finished.catch(() => {})));
}

/** A fixture page of test/fixtures in an iframe, its chat pointed at `mock`; resolves once the elements are defined. */
export async function framePage(page: string, mock: MockApi, size = { width: 800, height: 600 }) {
  const frame = await fixture<HTMLIFrameElement>(
    html`<iframe
      title=${page}
      style=${`width: ${size.width}px; height: ${size.height}px; border: 0`}
      src=${`/test/fixtures/${page}?widget=w-${mock.ns}&api=${encodeURIComponent(mock.apiUrl)}`}
    ></iframe>`,
  );
  type PageWindow = Window & { chatDefined?: Promise<unknown>; errors?: string[]; violations?: string[] };
  const win = () => frame.contentWindow as PageWindow;
  await waitUntil(() => Boolean(win()?.chatDefined), `${page} loaded`);
  await win().chatDefined;
  return {
    win: win(),
    doc: frame.contentDocument!,
    chat: frame.contentDocument!.querySelector('opencx-chat') as OpenCXChat,
  };
}

/** Resolves with the next `type` event from `target`. */
export function nextEvent<T extends Event>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e as T), { once: true }));
}
