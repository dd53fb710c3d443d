// Rendering React apps in the browser tests: a root per test, act(), and the components the React
// suites render.
import { act, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { useChat, useConfigData, type UseChatResult, type UseConfigDataResult } from '../../src/react.js';

const env = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };

/**
 * Runs `work` inside act(), so React has rendered everything it caused when this resolves. React
 * is told it runs in a test only meanwhile: what the store does on its own (an answer arriving over
 * HTTP) then renders as in a page, without warnings about updates outside act().
 */
export async function inAct(work: () => unknown): Promise<void> {
  env.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      await work();
    });
  } finally {
    env.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

export interface Mounted {
  host: HTMLElement;
  render(ui: ReactNode): Promise<void>;
  unmount(): Promise<void>;
}

const mounted = new Set<Mounted>();

/** Renders `ui` into a new root on the page (react-dom/client). */
export async function mount(ui: ReactNode): Promise<Mounted> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const app: Mounted = {
    host,
    render: (next) => inAct(() => root.render(next)),
    async unmount() {
      if (!mounted.delete(app)) return;
      await inAct(() => root.unmount());
      host.remove();
    },
  };
  mounted.add(app);
  await app.render(ui);
  return app;
}

/** Unmounts whatever a test left mounted. */
export async function unmountAll(): Promise<void> {
  for (const app of [...mounted]) await app.unmount();
}

/** What the hooks returned on the last render of `<Probe>`: the tests call actions and read state through it. */
export const latest: { chat?: UseChatResult; config?: UseConfigDataResult } = {};

export function Probe() {
  latest.chat = useChat();
  latest.config = useConfigData();
  return null;
}

/** The chat a React user writes with `useChat()`: the example of docs/react.md. */
export function SupportChat() {
  const { messages, sendMessage, loading, error } = useChat();
  const [text, setText] = useState('');
  return (
    <section aria-label="Support chat">
      <ol>
        {messages.map((m) => (
          <li key={m.id} data-role={m.role} data-status={m.status}>
            {m.content}
            {m.citations?.map((c) => (
              <a key={c.pageId} href={c.pageUrl}>
                {c.pageTitle}
              </a>
            ))}
          </li>
        ))}
      </ol>
      {loading.isLoading && <p role="status">Thinking…</p>}
      {error.hasError && <p role="alert">{error.message}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          sendMessage({ content: text }).catch(() => {}); // a failed message shows as failed
          setText('');
        }}
      >
        <input aria-label="Your question" value={text} onChange={(event) => setText(event.target.value)} />
        <button disabled={!text.trim()}>Send</button>
      </form>
    </section>
  );
}

/** Types `text` into the React-controlled `input` as a visitor does, then submits its form. */
export async function ask(host: HTMLElement, text: string): Promise<void> {
  const input = host.querySelector('input')!;
  // React tracks the value it set last; the native setter makes the change visible to it.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await inAct(() => {
    setValue.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await inAct(() => host.querySelector('form')!.requestSubmit());
}

/** The texts of the rendered messages, as `role:content`. */
export function shownMessages(host: HTMLElement): string[] {
  return [...host.querySelectorAll('li')].map((li) => `${li.dataset.role}:${li.firstChild?.textContent ?? ''}`);
}
