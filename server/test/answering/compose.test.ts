// The default answer, composed from the passages retrieval found: no external service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeAnswer, excerpt, passage, REFUSAL } from '../../src/answering/compose.js';
import type { Hit } from '../../src/answering/retrieval.js';

const hit = (pageId: string, heading: string, body: string, score: number): Hit => ({
  pageId,
  pageTitle: pageId.replace('.md', ''),
  pageUrl: `https://docs.example/${pageId}#${heading.toLowerCase()}`,
  heading,
  headingPath: [pageId.replace('.md', ''), heading],
  body,
  score,
});

test('below the threshold: the refusal, no citations, the closest pages as related articles', () => {
  const answer = composeAnswer([hit('a.md', 'One', 'Text.', 0.2), hit('b.md', 'Two', 'More.', 0.1)], 0.35);
  assert.equal(answer.answer, REFUSAL);
  assert.equal(answer.wasRefused, true);
  assert.deepEqual(answer.citations, []);
  assert.deepEqual(
    answer.relatedArticles.map((a) => a.pageId),
    ['a.md', 'b.md'],
  );
  assert.equal(answer.confidenceScore, 0.2);
  assert.equal(composeAnswer([], 0.35).wasRefused, true, 'nothing found is a refusal too');
});

test('above it: the best passage, cited; a nearly as good one from another page joins', () => {
  const answer = composeAnswer(
    [
      hit('a.md', 'One', 'First answer.', 0.8),
      hit('b.md', 'Two', 'Second answer.', 0.75),
      hit('c.md', 'Three', 'Far.', 0.3),
    ],
    0.35,
  );
  assert.equal(answer.answer, 'First answer. [1]\n\nSecond answer. [2]');
  assert.deepEqual(
    answer.citations.map((c) => [c.pageTitle, c.excerpt]),
    [
      ['a — One', 'First answer.'],
      ['b — Two', 'Second answer.'],
    ],
  );
  assert.deepEqual(
    answer.relatedArticles.map((a) => a.pageId),
    ['c.md'],
  );
  assert.equal(answer.wasRefused, false);
});

test('excerpts end at a sentence; passages keep whole paragraphs and code blocks', () => {
  assert.equal(excerpt('One two. Three four five. Six.', 12), 'One two.');
  assert.equal(excerpt('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  const code = '```\nconst a = 1;\nconst b = 2;\n```';
  assert.equal(passage(`Intro.\n\n${code}\n\nLater paragraph that is long.`, 40), `Intro.\n\n${code}`);
});
