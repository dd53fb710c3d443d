import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import '../../server/src/console/console-app.js';
import { waitUntil } from '../support/async.js';

// The agent console (server/src/console) in each browser, against the real server: the test
// page's origin passes /api/agent/* to it (web-test-runner.config.mjs), as the server that serves
// the console does. The agent is Ana of widget `live` (test/support/live-server.mjs).

const origin = liveOrigin as string;

/** Every element matching `selector` in `root` and the shadow roots under it. */
function deepAll(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  const hosts = [...(root instanceof Element ? [root] : []), ...root.querySelectorAll('*')];
  for (const el of hosts) if (el.shadowRoot) found.push(...deepAll(el.shadowRoot, selector));
  return found;
}
const deep = <T extends Element = HTMLElement>(root: ParentNode, selector: string) =>
  deepAll(root, selector)[0] as T | undefined;

async function until<T>(find: () => T | undefined | null | false, what: string): Promise<T> {
  let found: T | undefined | null | false;
  await waitUntil(() => Boolean((found = find())), what, 10_000);
  return found as T;
}

/** A visitor of widget `live` asks, then asks for a person, as the widget would: the conversation's id. */
async function waitingConversation(email: string, question: string): Promise<string> {
  const post = async (path: string, body: object, headers: Record<string, string> = {}) =>
    (
      await fetch(`${origin}/api/widget/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ widgetId: 'live', ...body }),
      })
    ).json();
  const { visitorToken } = await post('visitors', {});
  const headers = { 'X-Visitor-Token': visitorToken as string };
  const { conversationId } = await post('chat', { message: question }, headers);
  await post('escalate', { conversationId, email, message: 'A person, please' }, headers);
  return conversationId as string;
}

function type(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function openConsole() {
  location.hash = '';
  return fixture<HTMLElement>(html`<opencx-console></opencx-console>`);
}

async function signIn(el: HTMLElement, email: string, password: string) {
  const email_ = await until(() => deep<HTMLInputElement>(el, 'input[name="email"]'), 'the sign-in form');
  type(email_, email);
  type(deep<HTMLInputElement>(el, 'input[name="password"]')!, password);
  deep<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
}

describe('the agent console against the real server', () => {
  const run = Math.random().toString(36).slice(2, 8);

  it('a wrong password is said in an alert, and the form is axe-clean', async () => {
    const el = await openConsole();
    await signIn(el, `nobody-${run}@live.example`, 'not the password');
    const alert = await until(() => deep(el, '[role="alert"]'), 'the refusal');
    expect(alert.textContent).to.contain('The email or password is not right.');
    await expect(el).to.be.accessible();
  });

  it('signs in; the waiting conversation is listed; opened, it is replied to; axe-clean', async () => {
    const email = `visitor-${run}@example.com`;
    const conversationId = await waitingConversation(email, 'How do I install the widget?');
    const el = await openConsole();
    await signIn(el, 'ana@live.example', 'a long password');
    const link = await until(
      () => deepAll(el, 'a.item').find((a) => a.textContent!.includes(email)) as HTMLAnchorElement | undefined,
      'the conversation in the inbox',
    );
    expect(link.textContent).to.contain('Waiting');
    link.click();
    await until(() => deep(el, 'opencx-message'), 'the messages');
    await expect(el).to.be.accessible();

    const box = await until(() => deep<HTMLTextAreaElement>(el, 'textarea'), 'the reply box');
    box.focus();
    type(box, 'Hello from Ana');
    await sendKeys({ press: 'Enter' });
    // Stored, and shown among the messages as Ana's.
    const shown = await until(
      () => deepAll(el, 'opencx-message').find((m) => m.getAttribute('data-role') === 'agent'),
      'the reply among the messages',
    );
    expect(deep(shown, '.author')!.textContent).to.equal('Ana');
    expect(box.value).to.equal('');
    expect(location.hash).to.equal(`#/conversations/${conversationId}`);
  });

  it('keyboard: j opens the first conversation of the list, r focuses the reply box', async () => {
    await waitingConversation(`keys-${run}@example.com`, 'Is there a dark mode?');
    const el = await openConsole();
    await until(() => deepAll(el, 'a.item').length > 0, 'the inbox (the session is kept)');
    document.body.focus();
    await sendKeys({ press: 'j' });
    await until(() => location.hash.startsWith('#/conversations/'), 'j to open a conversation');
    await until(() => deep(el, 'opencx-message'), 'its messages');
    await sendKeys({ press: 'r' });
    await until(() => deepAll(el, 'textarea').some((t) => t.matches(':focus')), 'r to focus the reply box');
  });

  it('signing out shows the sign-in form again, and the agent API refuses the browser', async () => {
    const el = await openConsole();
    const button = await until(
      () => deepAll(el, 'button').find((b) => b.textContent!.trim() === 'Sign out') as HTMLButtonElement | undefined,
      'the signed-in console',
    );
    button.click();
    await until(() => deep(el, 'input[name="password"]'), 'the sign-in form');
    expect((await fetch('/api/agent/conversations')).status).to.equal(401);
  });
});
