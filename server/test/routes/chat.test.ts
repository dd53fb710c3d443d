// POST /api/widget/chat: answers from the knowledge base, with citations, or a polite refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi, expectProblem } from '../support/api.js';
import { docsWidget, KB, KB_URL } from '../support/fixtures.js';
import { ingestFolder } from '../../src/ingest/folder.js';

describeApi('chat', { seed: (db) => docsWidget(db, { id: 'docs', name: 'Docs bot' }) }, (api) => {
  test('answers with the passage and cites the right section of the right page', async () => {
    const { status, json } = await api.chat({ message: 'How do I add the chat to WordPress?' });
    assert.equal(status, 200);
    assert.equal(json.wasRefused, false);
    assert.match(json.answer, /Custom HTML/);
    assert.deepEqual(json.citations[0], {
      pageId: 'install.md',
      pageTitle: 'Installing the widget — WordPress',
      pageUrl: 'https://docs.example/install.md#wordpress',
      excerpt: json.citations[0].excerpt,
    });
    assert.match(json.citations[0].excerpt, /WordPress/);
    assert.ok(json.confidenceScore > 0.35 && json.confidenceScore <= 1, `confidence ${json.confidenceScore}`);
    assert.match(json.conversationId, /^[0-9a-f-]{36}$/);
  });

  test('answers from an HTML page, citing the section by its id', async () => {
    const { json } = await api.chat({ message: 'I forgot my password, how do I reset it?' });
    assert.equal(json.wasRefused, false);
    assert.equal(json.citations[0].pageUrl, 'https://docs.example/account/passwords.html#reset');
    assert.equal(json.citations[0].pageTitle, 'Passwords and signing in — Resetting a forgotten password');
    assert.match(json.answer, /reset link that works for one hour/);
  });

  test('a follow-up that says little on its own is searched with the question before it', async () => {
    const first = await api.chat({ message: 'How does dark mode work?' });
    const headers = { 'X-Visitor-Token': first.json.visitorToken };
    const followUp = await api.chat(
      { message: 'which values does it take?', conversationId: first.json.conversationId },
      headers,
    );
    assert.equal(followUp.json.wasRefused, false);
    assert.equal(followUp.json.citations[0].pageUrl, 'https://docs.example/guides/styling.md#dark-mode');
    // Alone, "paste" points at the page about the script tag; after WordPress, at WordPress.
    await api.chat(
      { message: 'How do I add the chat to WordPress?', conversationId: first.json.conversationId },
      headers,
    );
    const paste = await api.chat(
      { message: 'where do I paste it?', conversationId: first.json.conversationId },
      headers,
    );
    assert.equal(paste.json.citations[0].pageUrl, 'https://docs.example/install.md#wordpress');
    const alone = await api.chat({ message: 'where do I paste it?' });
    assert.equal(alone.json.citations[0].pageUrl, 'https://docs.example/install.md#paste-the-script-tag');
  });

  test('refuses politely below the threshold and offers a person', async () => {
    const { json } = await api.chat({ message: 'What is the airspeed velocity of an unladen swallow?' });
    assert.equal(json.wasRefused, true);
    assert.match(json.answer, /talk to a person/);
    assert.deepEqual(json.citations, []);
    assert.ok(json.confidenceScore < 0.35);
  });

  test('treats SQL-looking text as text', async () => {
    const { status, json } = await api.chat({ message: "'; drop table widgets; -- how does dark mode work?" });
    assert.equal(status, 200);
    assert.equal(typeof json.wasRefused, 'boolean');
    assert.equal((await api.call('GET', '/api/widget/docs/prelude')).status, 200, 'the widgets table is still there');
    const [row] = await api.db.query<{ n: number }>('select count(*)::int as n from widgets');
    assert.ok(row!.n >= 1);
  });

  test('re-ingesting is idempotent', async () => {
    const count = async () => (await api.db.query<{ n: number }>('select count(*)::int as n from kb_sections'))[0]!.n;
    const before = await count();
    const result = await ingestFolder(api.db, 'docs', KB, KB_URL);
    assert.equal(await count(), before);
    assert.deepEqual(result, { pages: 4, sections: before, changed: 0, unchanged: 4, removed: 0 });
  });

  test('the answer to a conversation of another widget, or of none, is 404', async () => {
    expectProblem(
      await api.chat({ message: 'hi', conversationId: '00000000-0000-4000-8000-000000000000' }),
      404,
      'conversation_not_found',
    );
  });
});
