// The default answer, composed from the sections retrieval found: no external service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeAnswer, excerpt, REFUSAL } from '../../src/answering/compose.js';
import { extract } from '../../src/answering/extract.js';
import type { Hit } from '../../src/answering/retrieval.js';

const hit = (pageId: string, heading: string, body: string, confidence: number, score = confidence * 10): Hit => ({
  sectionId: `${pageId}#${heading}`,
  pageId,
  pageTitle: pageId.replace('.md', ''),
  pageUrl: `https://docs.example/${pageId}#${heading.toLowerCase()}`,
  heading,
  headingPath: [pageId.replace('.md', ''), heading],
  body,
  score,
  coverage: confidence,
  confidence,
  matched: [],
  sectionBody: body,
});

test('below the threshold: the refusal, no citations, the closest pages as related articles', () => {
  const answer = composeAnswer([hit('a.md', 'One', 'Text.', 0.2), hit('b.md', 'Two', 'More.', 0.1)], 0.5);
  assert.equal(answer.answer, REFUSAL);
  assert.equal(answer.wasRefused, true);
  assert.deepEqual(answer.citations, []);
  assert.deepEqual(
    answer.relatedArticles.map((a) => a.pageId),
    ['a.md', 'b.md'],
  );
  assert.equal(answer.confidenceScore, 0.2);
  assert.equal(composeAnswer([], 0.5).wasRefused, true, 'nothing found is a refusal too');
});

test('above it: the extract of the best section, named and cited; nearly as good pages are cited too', () => {
  const answer = composeAnswer(
    [
      hit('a.md', 'One', 'First answer about tokens.', 0.8, 10),
      hit('a.md', 'Again', 'Same page, not cited twice.', 0.8, 9),
      hit('b.md', 'Two', 'Second answer.', 0.75, 7),
      hit('c.md', 'Three', 'Third, still close.', 0.7, 6.5),
      hit('d.md', 'Four', 'Far.', 0.3, 2),
    ],
    0.5,
    'what about tokens?',
  );
  assert.equal(
    answer.answer,
    'From **a › One**:\n\nFirst answer about tokens. [1]\n\nSee also **b › Two** [2], **c › Three** [3].',
  );
  assert.deepEqual(
    answer.citations.map((c) => [c.pageTitle, c.excerpt]),
    [
      ['a — One', 'First answer about tokens.'],
      ['b — Two', 'Second answer.'],
      ['c — Three', 'Third, still close.'],
    ],
  );
  assert.deepEqual(
    answer.relatedArticles.map((a) => a.pageId),
    ['d.md'],
  );
  assert.equal(answer.wasRefused, false);
  assert.equal(answer.confidenceScore, 0.8);
});

test('an answer ending in a code block keeps its marker off the closing fence', () => {
  const body = 'Create it like this:\n\n```js\nconst chat = createChat()\n```';
  const { answer } = composeAnswer([hit('a.md', 'Setup', body, 0.9)], 0.5, 'how do I create a chat');
  assert.match(answer, /```js\nconst chat = createChat\(\)\n```\n\n\[1\]$/);
});

test('the docs’ own characters are shown as they are: never emphasis, code or links; code blocks untouched', () => {
  const body =
    'Set OPENAI_EMBEDDING_MODEL to rank by meaning, with 2*3 [workers]:\n\n```sh\nexport A_B=*x*\n\nnpm start\n```';
  const { answer } = composeAnswer([hit('a.md', 'Ranking_by *meaning*', body, 0.9)], 0.5, 'how do I rank by meaning');
  assert.match(answer, /^From \*\*a › Ranking\\_by \\\*meaning\\\*\*\*:/);
  assert.ok(answer.includes('Set OPENAI\\_EMBEDDING\\_MODEL to rank by meaning, with 2\\*3 \\[workers\\]:'), answer);
  assert.ok(answer.includes('```sh\nexport A_B=*x*\n\nnpm start\n```'), 'the code block as it is');
});

test('the extract: the block sharing most words (the first paragraph one more), from its start; code with its lead-in; never cut', () => {
  const body = [
    'Tokens identify the widget. They are made on the server.',
    'To rotate a token, run the command below and restart. The old token stops working at once. Visitors are not affected, and nothing else changes for them either, which is convenient when you rotate often.',
    'Run it like this:',
    '```sh\nnpm run widget -- rotate\n```',
    '- First item about colours\n- Second item about fonts',
  ].join('\n\n');
  assert.equal(
    extract(body, 'how do I rotate a token, and do I restart?'),
    'To rotate a token, run the command below and restart. The old token stops working at once. Visitors are not affected, and nothing else changes for them either, which is convenient when you rotate often.',
  );
  assert.equal(
    extract(body, 'npm run widget rotate command'),
    'Run it like this:\n\n```sh\nnpm run widget -- rotate\n```',
  );
  assert.equal(extract(body, 'which fonts and colours?'), '- First item about colours\n- Second item about fonts');
  assert.equal(extract(body, 'zebra giraffe'), 'Tokens identify the widget. They are made on the server.');
  assert.equal(
    extract(body, 'rotate a token'),
    'Tokens identify the widget. They are made on the server.',
    'a tie: the opening',
  );
  const long = `Intro about chunks.\n\n\`\`\`js\n${'x();\n'.repeat(400)}\`\`\``;
  assert.equal(extract(long, 'x chunks'), 'Intro about chunks.', 'a code block too long to quote is left to the page');
});

test('a table answers by the rows the question names, each with its columns named, never a run of pipes', () => {
  const body = [
    'The colour properties:',
    [
      'property | default | what it styles',
      '--opencx-primary-color | #4f46e5 | Brand colour: header, bubbles, the launcher.',
      '--opencx-text-color | #1f2937 | Main text colour.',
      '--opencx-bubble-color |  | Background of the bot’s bubbles.',
    ].join('\n'),
  ].join('\n\n');
  assert.equal(
    extract(body, 'what does the primary colour property style, and its default?'),
    '- --opencx-primary-color — default: #4f46e5; what it styles: Brand colour: header, bubbles, the launcher.',
  );
  assert.equal(
    extract(body, 'what sets the background of the bubbles?'),
    '- --opencx-bubble-color — what it styles: Background of the bot’s bubbles.',
    'an empty cell is left out',
  );
  const answer = composeAnswer(
    [hit('styling.md', 'Colour properties', body, 0.9)],
    0.5,
    'which colour properties are there',
  );
  assert.doesNotMatch(answer.answer, / \| /, 'no pipes between cells');
});

test('excerpts end at a sentence', () => {
  assert.equal(excerpt('One two. Three four five. Six.', 12), 'One two.');
  assert.equal(excerpt('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
});
