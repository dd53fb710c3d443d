// docs/*.md as the HTML pages a citation opens: every section the knowledge base cites has an
// element with its anchor, and nothing in the Markdown becomes live script.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { renderDocsPage } from '../../src/site/docs-render.js';
import { sectionsOfMarkdown } from '../../src/ingest/markdown.js';

const DOCS = new URL('../../../docs/', import.meta.url);
const idsOf = (html: string) =>
  DomUtils.findAll((e) => 'id' in e.attribs, parseDocument(html).children).map((e) => e.attribs.id);

test('every section of every docs page that a citation can point at has an element with its anchor, once', () => {
  const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md'));
  assert.ok(pages.length >= 5, 'the docs are there');
  for (const page of pages) {
    const markdown = readFileSync(new URL(page, DOCS), 'utf8');
    const ids = idsOf(renderDocsPage(page, markdown).html);
    assert.equal(new Set(ids).size, ids.length, `${page}: no id twice`);
    for (const { pageUrl } of sectionsOfMarkdown(page, markdown, 'http://localhost/docs/')) {
      const anchor = new URL(pageUrl).hash.slice(1);
      if (anchor) assert.ok(ids.includes(anchor), `${page}: no element has the id "${anchor}" that ${pageUrl} cites`);
    }
  }
});

test('a heading has the anchor citations use, which is the one GitHub gives it', () => {
  const markdown =
    '# Guide\n\nIntro.\n\n## `createChat({ api, config })`\n\nMakes the store from a configuration.\n\n## Step 1: pack & label\n\nPut it in a box and write the address.\n';
  const { html, title, contents } = renderDocsPage('guide.md', markdown);
  const sections = sectionsOfMarkdown('guide.md', markdown, 'https://x/').map((s) => new URL(s.pageUrl).hash);
  assert.deepEqual(sections, ['', '#createchat-api-config-', '#step-1-pack--label']);
  assert.deepEqual(idsOf(html), ['guide', 'createchat-api-config-', 'step-1-pack--label']);
  assert.equal(title, 'Guide');
  assert.deepEqual(contents, [
    { id: 'createchat-api-config-', text: 'createChat({ api, config })' },
    { id: 'step-1-pack--label', text: 'Step 1: pack & label' },
  ]);
});

test('the index says of a page its first paragraph, with the list it introduces, as text', () => {
  const { summary } = renderDocsPage(
    't.md',
    '# T\n\nIt comes in *two* parts:\n\n- **One**, with `--x-*`.\n- [Two](two.md).\n',
  );
  assert.equal(summary, 'It comes in two parts: One, with --x-*; Two.');
  const long = renderDocsPage('l.md', `# L\n\n${'word '.repeat(100)}\n`).summary;
  assert.ok(long.length <= 241 && long.endsWith('word…'), long);
});

test('two headings with the same text get numbered anchors, as on GitHub, and each its own citation', () => {
  const markdown =
    '# FAQ\n\n## Billing\n\nInvoices arrive on the first day of each month.\n\n## Billing\n\nRefunds take ten business days to arrive.\n';
  assert.deepEqual(idsOf(renderDocsPage('faq.md', markdown).html), ['faq', 'billing', 'billing-1']);
  assert.deepEqual(
    sectionsOfMarkdown('faq.md', markdown, 'https://x/').map((s) => new URL(s.pageUrl).hash),
    ['#billing', '#billing-1'],
  );
});

test('raw HTML in the Markdown is shown as text, links and images keep only safe schemes', () => {
  const markdown = [
    '# Page <script>alert(1)</script>',
    '',
    '<script>alert(2)</script>',
    '',
    '<img src=x onerror="alert(3)">',
    '',
    'Inline <img src=x onerror=alert(4)> and <a href="javascript:alert(5)">a link</a> and <kbd>Esc</kbd>.',
    '',
    '[click](javascript:alert(6)) [fine](https://example.com/a?b=1&c=2 "Title") [mail](mailto:a@b.c) [page](styling.md#parts)',
    '',
    '![pic](javascript:alert(7)) ![ok](images/a.png)',
    '',
    '```html',
    '</code></pre><script>alert(8)</script>',
    '```',
    '',
    '## A heading "><script>alert(9)</script>',
  ].join('\n');
  const { html, title } = renderDocsPage('evil.md', markdown);
  const document = parseDocument(html);
  const elements = DomUtils.findAll(() => true, document.children);
  assert.deepEqual(
    elements.filter((e) => ['script', 'iframe', 'object', 'embed', 'style'].includes(e.name)).map((e) => e.name),
    [],
    'no element that runs anything',
  );
  for (const element of elements) {
    for (const [name, value] of Object.entries(element.attribs)) {
      assert.doesNotMatch(name, /^on/i, `no event handler attribute: <${element.name} ${name}>`);
      if (name === 'href' || name === 'src')
        assert.doesNotMatch(value, /^\s*javascript:/i, `<${element.name} ${name}>`);
    }
  }
  assert.deepEqual(
    elements.filter((e) => e.name === 'a').map((e) => e.attribs.href),
    ['https://example.com/a?b=1&c=2', 'mailto:a@b.c', 'styling.md#parts'],
  );
  assert.deepEqual(
    elements.filter((e) => e.name === 'img').map((e) => e.attribs.src),
    ['images/a.png'],
  );
  assert.equal(elements.filter((e) => e.name === 'kbd').length, 1, 'a plain <kbd> is kept');
  assert.match(DomUtils.textContent(document), /<script>alert\(2\)<\/script>/, 'shown as text');
  assert.match(DomUtils.textContent(document), /<\/code><\/pre><script>alert\(8\)<\/script>/, 'code stays code');
  assert.equal(title, 'Page alert(1)', 'the title is the heading’s text, without its tags');
});
