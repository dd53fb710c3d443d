// Ranking over the knowledge base: the right section first, and a score that tells what the docs know.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerQuestion } from '../../src/answering/answer-question.js';
import { defaultAnswerer } from '../../src/answering/answerer.js';
import { search } from '../../src/answering/retrieval.js';
import { createConversation } from '../../src/db/conversations.js';
import type { Database } from '../../src/db/database.js';
import { storeVisitorMessage } from '../../src/db/messages.js';
import type { WidgetRow } from '../../src/db/widgets.js';
import { backends } from '../support/backends.js';
import { docsWidget } from '../support/fixtures.js';

for (const backend of backends('retrieval')) {
  describe(`retrieval (${backend.name})`, () => {
    let db: Database;
    let widget: WidgetRow;
    before(async () => {
      db = await backend.open();
      widget = await docsWidget(db);
    });
    after(() => db.close());

    test('the section that answers comes first, in Markdown, HTML and text pages', async () => {
      const first = async (question: string) => (await search(db, 'docs', question))[0]?.pageUrl;
      assert.equal(await first('How do I add the chat to WordPress?'), 'https://docs.example/install.md#wordpress');
      assert.equal(await first('reset a forgotten password'), 'https://docs.example/account/passwords.html#reset');
      assert.equal(await first('How does dark mode work?'), 'https://docs.example/guides/styling.md#dark-mode');
      assert.match((await first('invoice refund billing')) ?? '', /billing\.txt$/);
    });

    test('scores are between 0 and 1; words the docs never use score low; stop words alone find nothing', async () => {
      const hits = await search(db, 'docs', 'How do I add the chat to WordPress?');
      assert.ok(hits.length > 1);
      for (const hit of hits) assert.ok(hit.score >= 0 && hit.score <= 1, `score ${hit.score}`);
      const unknown = await search(db, 'docs', 'sourdough bread recipe with dark rye');
      assert.ok((unknown[0]?.score ?? 0) < widget.refusal_threshold, `score ${unknown[0]?.score}`);
      assert.deepEqual(await search(db, 'docs', 'the of and'), [], 'stop words alone match nothing');
    });

    test('only the widget’s own knowledge base is searched', async () => {
      assert.deepEqual(await search(db, 'someone-else', 'How do I add the chat to WordPress?'), []);
    });

    test('a follow-up is searched with the question before it when it finds too little alone', async () => {
      const { id } = await createConversation(db, 'docs', 'f');
      await storeVisitorMessage(db, id, 'q1', 'How does dark mode work?');
      await storeVisitorMessage(db, id, 'q2', 'which values does it take?');
      const followUp = await answerQuestion(db, defaultAnswerer, widget, id, 'which values does it take?');
      assert.equal(followUp.wasRefused, false);
      assert.equal(followUp.citations[0]?.pageUrl, 'https://docs.example/guides/styling.md#dark-mode');
    });
  });
}
