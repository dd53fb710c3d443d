import { expect, fixture, html } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import '../../src/elements/message/message.js';
import type { OpenCXMessage } from '../../src/elements/message/message.js';
import { ALLOWED_ELEMENTS } from '../../src/markdown/render.js';
import type { MessageRole } from '../../src/state/chat-state.js';
import { waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';
import { chatFixture, messagesOf, panelReady, shadow } from '../support/widget.js';

// Every attack string of the corpus in test/fixtures/xss (public XSS lists; their sources and
// licences are in its README.md) is rendered as an answer (markdown) and as the visitor's own
// message.

const LINE_FILES = [
  'BRUTELOGIC-XSS-STRINGS.txt',
  'IntrudersXSS.txt',
  'JHADDIX_XSS.txt',
  'RSNAKE_XSS.txt',
  'XSS_Polyglots.txt',
  'xss_payloads_quick.txt',
];

/** The inputs of markdown-it's fixture file: blocks of ". / input / . / expected html / .". */
function markdownFixtures(text: string): string[] {
  const lines = text.split('\n');
  const inputs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '.') continue;
    const end = lines.indexOf('.', i + 1);
    inputs.push(lines.slice(i + 1, end).join('\n'));
    i = lines.indexOf('.', end + 1); // skip the expected HTML
  }
  return inputs;
}

async function corpus(): Promise<string[]> {
  const base = new URL('../fixtures/xss/', import.meta.url);
  const read = async (file: string) => (await fetch(new URL(file, base))).text();
  const lines = (await Promise.all(LINE_FILES.map(read))).flatMap((t) => t.split('\n').filter((l) => l.trim()));
  const naughty = JSON.parse(await read('blns.json')) as string[];
  return [...lines, ...markdownFixtures(await read('markdown-it-xss.txt')), ...naughty.filter(Boolean)];
}

const ALLOWED = new Set<string>(ALLOWED_ELEMENTS);
const SAFE_HREF = /^(https?:|mailto:)/i;

/** What is wrong with the rendered message, as sentences; empty when nothing is. */
function problems(root: ParentNode): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`<${el.localName}> has ${attr.name}`);
      if (['src', 'srcdoc', 'formaction', 'xlink:href', 'style'].includes(attr.name.toLowerCase()))
        found.push(`<${el.localName}> has ${attr.name}`);
    }
    if (el instanceof HTMLAnchorElement && !SAFE_HREF.test(el.href)) found.push(`a link to ${el.href}`);
  }
  for (const el of root.querySelectorAll('[part~="bubble"] *')) {
    if (!ALLOWED.has(el.localName)) found.push(`<${el.localName}> in the bubble`);
  }
  return found;
}

// Read before the tests are named: `npm test` prints how many attack strings it tried.
const strings = await corpus();

describe('rendering hostile text', () => {
  let calls: string[];
  let saved: Pick<Window, 'alert' | 'confirm' | 'prompt' | 'print'>;

  before(() => {
    saved = { alert: window.alert, confirm: window.confirm, prompt: window.prompt, print: window.print };
  });

  beforeEach(() => {
    calls = [];
    const spy =
      (name: string) =>
      (...args: unknown[]) =>
        void calls.push(`${name}(${args.join(',')})`);
    Object.assign(window, { alert: spy('alert'), confirm: spy('confirm'), prompt: spy('prompt'), print: spy('print') });
  });

  afterEach(() => Object.assign(window, saved));

  it('loads the whole corpus', () => {
    expect(strings.length).to.be.greaterThan(1000);
  });

  for (const role of ['assistant', 'user'] as MessageRole[]) {
    it(`renders each of ${strings.length} attack strings as ${role === 'user' ? 'the visitor’s message' : 'an answer'}: no script, no handler, no unsafe link, only allowed elements`, async () => {
      const el = await fixture<OpenCXMessage>(html`<opencx-message .strings=${en}></opencx-message>`);
      const outside: MutationRecord[] = [];
      const observer = new MutationObserver((records) =>
        outside.push(...records.filter((r) => !el.contains(r.target))),
      );
      observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      const failures: string[] = [];
      for (const content of strings) {
        el.message = { id: 'm', role, content, createdAt: '2026-01-01T00:00:00Z' };
        await el.updateComplete;
        const found = problems(shadow(el));
        if (found.length) failures.push(`${JSON.stringify(content).slice(0, 80)}: ${found.join('; ')}`);
      }
      await new Promise((r) => setTimeout(r, 300)); // an image's onerror would have fired by now
      observer.disconnect();
      expect(failures, failures.slice(0, 5).join('\n')).to.have.length(0);
      expect(calls).to.deep.equal([]);
      expect(outside.map((r) => `${r.type} on ${(r.target as Element).localName ?? r.target.nodeName}`)).to.deep.equal(
        [],
      );
    });
  }

  it('shows raw HTML in an answer as the text it is', async () => {
    const el = await fixture<OpenCXMessage>(html`<opencx-message .strings=${en}></opencx-message>`);
    el.message = { id: 'm', role: 'assistant', content: 'Try <img src=x onerror=alert(1)> now', createdAt: '' };
    await el.updateComplete;
    const bubble = shadow(el).querySelector('[part~="bubble"]')!;
    expect(bubble.querySelector('img')).to.equal(null);
    expect(bubble.textContent).to.contain('Try <img src=x onerror=alert(1)> now');
  });

  it('keeps https and mailto links and drops script ones', async () => {
    const el = await fixture<OpenCXMessage>(html`<opencx-message .strings=${en}></opencx-message>`);
    el.message = {
      id: 'm',
      role: 'assistant',
      content:
        '[docs](https://docs.example/a) [mail](mailto:help@example.com) [bad](javascript:alert(1)) [data](data:text/html,<b>x)',
      createdAt: '',
    };
    await el.updateComplete;
    const links = [...shadow(el).querySelectorAll<HTMLAnchorElement>('[part~="bubble"] a')];
    expect(links.map((a) => a.href)).to.deep.equal(['https://docs.example/a', 'mailto:help@example.com']);
    for (const a of links) {
      expect(a.target).to.equal('_blank');
      expect(a.rel).to.equal('noopener noreferrer nofollow ugc');
    }
    expect(shadow(el).querySelector('[part~="bubble"]')!.textContent).to.contain('bad').and.contain('data');
  });

  it('is just as safe through the whole widget, answer and all', async () => {
    const mock = new MockApi();
    const el = await chatFixture(mock, { open: true });
    await panelReady(el);
    const polyglot =
      'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e';
    await el.send(`Look: ${polyglot} and [x](javascript:alert(1)) <script>alert(1)</script>`);
    await waitUntil(() => messagesOf(el).length === 3, 'the answer arrived');
    for (const message of messagesOf(el)) expect(problems(message)).to.deep.equal([]);
    expect(calls).to.deep.equal([]);
    localStorage.removeItem(`opencx:w-${mock.ns}:chat`);
    localStorage.removeItem(`opencx:w-${mock.ns}:visitor`);
  });
});
