// Ranking over the knowledge base: the right section first, and a score that tells what the docs know.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerQuestion } from '../../src/answering/answer-question.js';
import { defaultAnswerer } from '../../src/answering/answerer.js';
import { search } from '../../src/answering/retrieval.js';
import { createConversation } from '../../src/db/conversations.js';
import { storeVisitorMessage } from '../../src/db/messages.js';
import { describeOnEachBackend } from '../support/backends.js';
import { docsWidget } from '../support/fixtures.js';

describeOnEachBackend(
  'retrieval',
  (db) => docsWidget(db),
  (suite) => {
    test('the section that answers comes first, in Markdown, HTML and text pages', async () => {
      const first = async (question: string) => (await search(suite.db, 'docs', question))[0]?.pageUrl;
      assert.equal(await first('How do I add the chat to WordPress?'), 'https://docs.example/install.md#wordpress');
      assert.equal(await first('reset a forgotten password'), 'https://docs.example/account/passwords.html#reset');
      assert.equal(await first('How does dark mode work?'), 'https://docs.example/guides/styling.md#dark-mode');
      assert.match((await first('invoice refund billing')) ?? '', /billing\.txt$/);
    });

    test('scores are between 0 and 1; words the docs never use score low; stop words alone find nothing', async () => {
      const hits = await search(suite.db, 'docs', 'How do I add the chat to WordPress?');
      assert.ok(hits.length > 1);
      for (const hit of hits) assert.ok(hit.score >= 0 && hit.score <= 1, `score ${hit.score}`);
      const unknown = await search(suite.db, 'docs', 'sourdough bread recipe with dark rye');
      assert.ok((unknown[0]?.score ?? 0) < suite.seeded.refusal_threshold, `score ${unknown[0]?.score}`);
      assert.deepEqual(await search(suite.db, 'docs', 'the of and'), [], 'stop words alone match nothing');
    });

    test('only the widget’s own knowledge base is searched', async () => {
      assert.deepEqual(await search(suite.db, 'someone-else', 'How do I add the chat to WordPress?'), []);
    });

    test('a follow-up is searched with the question before it when it finds too little alone', async () => {
      const { id } = await createConversation(suite.db, 'docs', 'f');
      await storeVisitorMessage(suite.db, id, 'q1', 'How does dark mode work?');
      await storeVisitorMessage(suite.db, id, 'q2', 'which values does it take?');
      const followUp = await answerQuestion(suite.db, defaultAnswerer, suite.seeded, id, 'which values does it take?');
      assert.equal(followUp.wasRefused, false);
      assert.equal(followUp.citations[0]?.pageUrl, 'https://docs.example/guides/styling.md#dark-mode');
    });
  },
);
