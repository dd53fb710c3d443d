// Markdown as documentation tools write it (VitePress, Docusaurus, MkDocs, Hugo): front matter is
// metadata, the tools' markup goes and its text stays, code stays whole, every heading starts a
// section with its path, and anchors are the ones the docs site gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutDocToolMarkup } from '../../src/ingest/doc-tool-markup.js';
import { splitFrontMatter } from '../../src/ingest/front-matter.js';
import { sectionsOfMarkdown } from '../../src/ingest/markdown.js';

const BASE = 'https://docs.example/';
const sections = (markdown: string, path = 'page.md') => sectionsOfMarkdown(path, markdown, BASE);
const everything = (markdown: string) =>
  sections(markdown)
    .map((s) => s.body)
    .join('\n');

test('YAML and TOML front matter are metadata: the title names the page, the description opens it', () => {
  assert.deepEqual(splitFrontMatter('---\ntitle: Install\ndescription: Get it running.\nlayout: home\n---\n\nText.'), {
    meta: { title: 'Install', description: 'Get it running.' },
    body: '\nText.',
  });
  assert.deepEqual(splitFrontMatter("+++\ntitle = 'Deploy'\nweight = 3\n+++\nBody."), {
    meta: { title: 'Deploy' },
    body: 'Body.',
  });
  assert.deepEqual(splitFrontMatter('---\n: not: yaml: [\n---\nBody.'), { meta: {}, body: 'Body.' });
  assert.deepEqual(
    splitFrontMatter('Text\n---\nMore'),
    { meta: {}, body: 'Text\n---\nMore' },
    'a rule is not front matter',
  );

  const [first, second] = sections(
    '---\ntitle: strings.Contains\ndescription: Reports whether a string contains another.\nlayout: home\n---\n\n```go\n{{ strings.Contains "Hugo" "go" }}\n```\n\n## Case\n\nThe check is case sensitive: "Go" is not found in "Hugo".\n',
  );
  assert.equal(first!.pageTitle, 'strings.Contains');
  assert.equal(first!.heading, 'strings.Contains');
  assert.match(first!.body, /^Reports whether a string contains another\.\n\n```go\n/);
  assert.doesNotMatch(everything('---\nlayout: home\ntitle: T\n---\n\nHello there, this is the page.'), /layout/);
  assert.deepEqual(second!.headingPath, ['strings.Contains', 'Case']);
});

test('containers and admonitions keep their text and title, lose their markers', () => {
  const text = everything(
    '# Guide\n\n::: tip Prefer computed\nUse a computed property when you can.\n:::\n\n:::warning\nNot in SSR.\n:::\n\n!!! note "Heads up"\n    Indented note text.\n\nAfter.\n',
  );
  assert.equal(
    text,
    'Prefer computed\n\nUse a computed property when you can.\n\nNot in SSR.\n\nHeads up\n\nIndented note text.\n\nAfter.',
  );
});

test('Hugo shortcodes go; the configuration a code-toggle shows becomes a code block; shortcodes in code stay', () => {
  const markdown = [
    '# Config',
    '',
    '{{< new-in 0.123.0 >}}',
    '',
    'Set the base URL {{% include "note.md" %}} like this:',
    '',
    '{{< code-toggle file=hugo >}}',
    "baseURL = 'https://example.org/'",
    '{{< /code-toggle >}}',
    '',
    'Call `{{< youtube id >}}` in your content.',
    '',
    '```go-html-template',
    '{{< youtube 0RKpf3rK57I >}}',
    '```',
  ].join('\n');
  assert.equal(
    everything(markdown),
    "Set the base URL  like this:\n\n```text\nbaseURL = 'https://example.org/'\n```\n\nCall {{< youtube id >}} in your content.\n\n```go-html-template\n{{< youtube 0RKpf3rK57I >}}\n```",
  );
});

test('code blocks stay whole and show what the reader sees: twoslash directives go', () => {
  const cleaned = withoutDocToolMarkup(
    "```ts\nimport { ref } from 'vue'\n// ---cut---\nconst count = ref(0)\n//    ^?\n// @errors: 2322\ncount.value++\n```\n",
  );
  assert.equal(cleaned, '```ts\nconst count = ref(0)\ncount.value++\n```\n');
});

test('HTML and components in Markdown are read as their text: wrappers, badges and scripts go', () => {
  const [section] = sections(
    '# Computed {#computed}\n\n<script setup>\nimport Badge from "./Badge.vue"\n</script>\n\n<div class="options-api">\n\nUse `computed` in *options*.\n\n</div>\n\nPress <kbd>Ctrl</kbd>+<kbd>K</kbd> &amp; type.\n',
  );
  assert.equal(section!.body, 'Use computed in options.\n\nPress Ctrl+K & type.');
});

test('every heading level starts a section with its path; anchors are explicit ids, else GitHub’s slugs', () => {
  const result = sections(
    [
      '# Reactivity {#reactivity}',
      '',
      'Intro about reactivity in general terms for readers.',
      '',
      '## Limitations of `reactive()` <sup class="vt-badge" data-text="3.4+" /> {#limitations-of-reactive}',
      '',
      'It only works for object types, not for primitives like strings.',
      '',
      '#### Include a colon',
      '',
      'Write a colon after the key, then the value you want to set.',
      '',
      '## Step 1: pack & label',
      '',
      'Put the parcel in a box and write the address on the label.',
      '',
      '## Step 1: pack & label',
      '',
      'The same heading again gets a numbered anchor from the slugger.',
    ].join('\n'),
  );
  assert.deepEqual(
    result.map((s) => [s.pageUrl.slice(BASE.length), s.headingPath.join(' › ')]),
    [
      ['page.md', 'Reactivity'],
      ['page.md#limitations-of-reactive', 'Reactivity › Limitations of reactive()'],
      ['page.md#include-a-colon', 'Reactivity › Limitations of reactive() › Include a colon'],
      ['page.md#step-1-pack--label', 'Reactivity › Step 1: pack & label'],
      ['page.md#step-1-pack--label-1', 'Reactivity › Step 1: pack & label'],
    ],
  );
});

test('a long section is split into parts at blocks, sharing context and its URL; a code block is never cut', () => {
  const paragraph = (n: number) => `Paragraph ${n} ${'word '.repeat(80).trim()}.`;
  const code = `\`\`\`js\n${'const line = 1;\n'.repeat(150)}\`\`\``;
  const body = [paragraph(1), paragraph(2), 'Short lead-in:', code, paragraph(3), paragraph(4)].join('\n\n');
  const parts = sections(`# Long\n\n## Part\n\n${body}\n`).filter((s) => s.heading === 'Part');
  assert.ok(parts.length >= 3, `${parts.length} parts`);
  for (const part of parts) assert.equal(part.pageUrl, `${BASE}page.md#part`);
  const withCode = parts.find((p) => p.body.includes('```js'))!;
  assert.match(
    withCode.body,
    /^Short lead-in:\n\n```js\n(const line = 1;\n){150}```/,
    'the code whole, after its lead-in',
  );
  assert.equal(
    parts
      .map((p) => p.body)
      .join('\n\n')
      .split('Paragraph 3').length,
    2,
    'a long block is not repeated',
  );
});
