// A question as the index reads it: its terms in order, what visitors ask with counting less, and
// what a follow-up takes from the question before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readsAsFollowUp } from '../../src/answering/answer-question.js';
import { MAX_QUERY_TERMS, queryTerms, withContext } from '../../src/answering/query-terms.js';
import { describeOnEachBackend } from '../support/backends.js';

describeOnEachBackend(
  'query terms',
  async () => undefined,
  (suite) => {
    test('stemmed, without stop words, in the order asked; asking words count for a third', async () => {
      assert.deepEqual(await queryTerms(suite.db, 'How do I change the colours of my widgets?'), [
        { lexeme: 'chang', weight: 1 / 3 },
        { lexeme: 'colour', weight: 1 },
        { lexeme: 'widget', weight: 1 },
      ]);
      assert.deepEqual(await queryTerms(suite.db, 'is it?'), []);
    });

    test('a question is searched by its first MAX_QUERY_TERMS terms, however long: its cost is bounded', async () => {
      const words = Array.from({ length: 500 }, (_, i) => `w${i.toString(36)}x`);
      const terms = await queryTerms(suite.db, words.join(' '));
      assert.deepEqual(
        terms.map((t) => t.lexeme),
        words.slice(0, MAX_QUERY_TERMS),
      );
    });
  },
);

test('a follow-up keeps its own terms and adds the context’s at half weight', () => {
  const own = [
    { lexeme: 'option', weight: 1 },
    { lexeme: 'api', weight: 1 },
  ];
  const context = [
    { lexeme: 'watcher', weight: 1 },
    { lexeme: 'api', weight: 1 },
    { lexeme: 'immedi', weight: 1 / 3 },
  ];
  assert.deepEqual(withContext(own, context), [
    { lexeme: 'option', weight: 1 },
    { lexeme: 'api', weight: 1 },
    { lexeme: 'watcher', weight: 0.5 },
    { lexeme: 'immedi', weight: 1 / 6 },
  ]);
});

test('what reads as a follow-up: it leans on what came before, or says too little', () => {
  const terms = (n: number) => Array.from({ length: n }, (_, i) => ({ lexeme: `t${i}`, weight: 1 }));
  for (const question of ['and with the options api?', 'What about slots?', 'can it fail instead?', 'ok and those?'])
    assert.equal(readsAsFollowUp(question, terms(3)), true, question);
  assert.equal(readsAsFollowUp('teleport?', terms(1)), true, 'two terms or fewer');
  assert.equal(readsAsFollowUp('How do I declare props with TypeScript?', terms(3)), false);
  assert.equal(readsAsFollowUp('Android builds with Capacitor', terms(3)), false, '"and" inside a word is not one');
});
