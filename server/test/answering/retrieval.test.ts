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

    test('best first, confident when the docs answer; words the docs never use give little confidence; stop words find nothing', async () => {
      const hits = await search(suite.db, 'docs', 'How do I add the chat to WordPress?');
      assert.ok(hits.length > 1);
      for (const [i, hit] of hits.entries()) {
        assert.ok(hit.confidence >= 0 && hit.confidence <= 1, `confidence ${hit.confidence}`);
        assert.ok(i === 0 || hit.score <= hits[i - 1]!.score, 'best first');
      }
      assert.ok(hits[0]!.confidence >= suite.seeded.refusal_threshold, `confidence ${hits[0]!.confidence}`);
      const unknown = await search(suite.db, 'docs', 'sourdough bread recipe with dark rye');
      const [guess] = unknown;
      assert.ok((guess?.confidence ?? 0) < suite.seeded.refusal_threshold, `confidence ${guess?.confidence}`);
      assert.deepEqual(await search(suite.db, 'docs', 'the of and'), [], 'stop words alone match nothing');
    });

    test('only the widget’s own knowledge base is searched', async () => {
      assert.deepEqual(await search(suite.db, 'someone-else', 'How do I add the chat to WordPress?'), []);
    });

    const followUp = async (context: string, question: string) => {
      const { id } = await createConversation(suite.db, 'docs', 'f');
      await storeVisitorMessage(suite.db, id, 'q1', context);
      await storeVisitorMessage(suite.db, id, 'q2', question);
      return answerQuestion(suite.db, { answerer: defaultAnswerer }, suite.seeded, id, question);
    };

    test('a follow-up is searched with the question before it', async () => {
      const answer = await followUp('How does dark mode work?', 'which values does it take?');
      assert.equal(answer.wasRefused, false);
      assert.equal(answer.citations[0]?.pageUrl, 'https://docs.example/guides/styling.md#dark-mode');
      // Alone, "paste" points at the page about the script tag; after WordPress, at WordPress.
      const paste = await followUp('How do I add the chat to WordPress?', 'where do I paste it?');
      assert.equal(paste.citations[0]?.pageUrl, 'https://docs.example/install.md#wordpress');
    });

    test('a follow-up that changes the subject is answered from its own words', async () => {
      const answer = await followUp('How does dark mode work?', 'and what about the colours?');
      assert.equal(answer.citations[0]?.pageUrl, 'https://docs.example/guides/styling.md#colours');
    });
  },
);
