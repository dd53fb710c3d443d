import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { renderMarkdown } from '../../src/markdown/render.js';

// What visitors see of an answer's markdown: the elements it becomes, with Lit's comment markers
// and the whitespace between tags left out.

const HINT = '(opens in a new tab)';
const LINK_ATTRS = 'target="_blank" rel="noopener noreferrer nofollow ugc"';

function markup(text: string): string {
  const host = document.createElement('div');
  render(renderMarkdown(text, { newTabHint: HINT }), host);
  return host.innerHTML
    .replace(/<!--[^]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .trim();
}

const a = (href: string, text: string) =>
  `<a ${LINK_ATTRS} href="${href}">${text}<span class="visually-hidden"> ${HINT}</span></a>`;

describe('markdown in answers', () => {
  it('renders emphasis, inline code and strikethrough', () => {
    expect(markup('Use **bold**, *em*, `code` and ~~old~~.')).to.equal(
      '<p>Use <strong>bold</strong>, <em>em</em>, <code>code</code> and <del>old</del>.</p>',
    );
  });

  it('keeps citation markers like [1] as text', () => {
    expect(markup('Set the colour in the attribute. [1]')).to.equal('<p>Set the colour in the attribute. [1]</p>');
    expect(markup('See [1] and [2].')).to.equal('<p>See [1] and [2].</p>');
  });

  it('makes http(s) and mailto links that open in a new tab, and drops other schemes', () => {
    expect(markup('[Docs](https://docs.example/a "Title") and [mail](mailto:help@example.com)')).to.equal(
      `<p>${a('https://docs.example/a', 'Docs')} and ${a('mailto:help@example.com', 'mail')}</p>`,
    );
    expect(markup('[click](javascript:void) [data](data:text/html,x)')).to.equal('<p>click data</p>');
    expect(markup('[x](javascript:alert(1))')).not.to.contain('<a');
  });

  it('links bare https URLs', () => {
    expect(markup('Go to https://docs.example/start now')).to.equal(
      `<p>Go to ${a('https://docs.example/start', 'https://docs.example/start')} now</p>`,
    );
  });

  it('shows images as links to them, never loading them', () => {
    expect(markup('![A chart](https://img.example/c.png)')).to.equal(
      `<p>${a('https://img.example/c.png', 'A chart')}</p>`,
    );
  });

  it('renders lists, ordered lists with their start, nested lists and task lists', () => {
    expect(markup('- one\n- two\n  - nested')).to.equal('<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul>');
    expect(markup('3. three\n4. four')).to.equal('<ol start="3"><li>three</li><li>four</li></ol>');
    expect(markup('1. first\n2. second')).to.equal('<ol><li>first</li><li>second</li></ol>');
    expect(markup('- [x] done\n- [ ] todo')).to.equal('<ul><li>☑ done</li><li>☐ todo</li></ul>');
  });

  it('renders fenced code as written, HTML included', () => {
    expect(markup('```html\n<opencx-chat primary-color="#0a7"></opencx-chat>\n```')).to.equal(
      '<pre tabindex="0"><code>&lt;opencx-chat primary-color="#0a7"&gt;&lt;/opencx-chat&gt;</code></pre>',
    );
  });

  it('renders tables, blockquotes and rules', () => {
    expect(markup('| Event | When |\n|---|---|\n| opencx-open | the panel opened |')).to.equal(
      '<table><tbody><tr><td>Event</td><td>When</td></tr><tr><td>opencx-open</td><td>the panel opened</td></tr></tbody></table>',
    );
    expect(markup('> Quoted **text**\n\n---\n\nAfter')).to.equal(
      '<blockquote><p>Quoted <strong>text</strong></p></blockquote><hr><p>After</p>',
    );
  });

  it('turns headings into bold paragraphs and keeps line breaks inside a paragraph', () => {
    expect(markup('## Install\nline one\nline two')).to.equal(
      '<p><strong>Install</strong></p><p>line one<br>line two</p>',
    );
  });

  it('shows raw HTML as the text it is', () => {
    expect(markup('Hello <b onclick="x()">world</b>')).to.equal('<p>Hello &lt;b onclick="x()"&gt;world&lt;/b&gt;</p>');
    expect(markup('<script>alert(1)</script>')).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('decodes the character references people write', () => {
    expect(markup('Fish &amp; chips &lt;3 &#169;')).to.equal('<p>Fish &amp; chips &lt;3 ©</p>');
  });

  it('keeps escaped markdown characters as text', () => {
    expect(markup('2 \\* 3 and \\_x\\_')).to.equal('<p>2 * 3 and _x_</p>');
  });
});
