// Search by meaning, fused with BM25, against a stand-in for an OpenAI-compatible embeddings
// endpoint, on each database: vectors are made at ingest, kept per model, used for ranking, and
// an endpoint that fails or is slow leaves the answer to BM25.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { answerQuestion, retrieveFor } from '../../src/answering/answer-question.js';
import { defaultAnswerer } from '../../src/answering/answerer.js';
import { createEmbedder, embeddingSettingsFromEnv, type Embedder } from '../../src/answering/embeddings.js';
import { semanticSearch } from '../../src/answering/semantic.js';
import { createApp } from '../../src/app.js';
import { createConversation } from '../../src/db/conversations.js';
import { nearestSections } from '../../src/db/embeddings.js';
import { storeVisitorMessage } from '../../src/db/messages.js';
import { embedEverything, embedKnowledgeBase } from '../../src/ingest/embed.js';
import { ingestFolder } from '../../src/ingest/folder.js';
import { describeOnEachBackend } from '../support/backends.js';
import { startFakeModel, type FakeModel } from '../support/fake-model.js';
import { docsWidget, KB, KB_URL } from '../support/fixtures.js';
import { call, listen } from '../support/http.js';

let model: FakeModel;
let embedder: Embedder;
before(async () => {
  model = await startFakeModel();
  embedder = createEmbedder({ apiKey: 'sk-embed', baseUrl: model.baseUrl, model: 'fake-embed', timeoutMs: 1000 });
});
after(() => model.close());

const embeddingRequests = () => model.requests.filter((r) => r.path === '/v1/embeddings');

test('settings come from the environment, sharing the chat model’s endpoint and key unless given their own', () => {
  assert.equal(embeddingSettingsFromEnv({ OPENAI_API_KEY: 'sk' }), undefined, 'off unless a model is named');
  assert.deepEqual(
    embeddingSettingsFromEnv({ OPENAI_EMBEDDING_MODEL: 'm', OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'http://llm/v1' }),
    { apiKey: 'sk', model: 'm', baseUrl: 'http://llm/v1' },
  );
  assert.deepEqual(
    embeddingSettingsFromEnv({
      OPENAI_EMBEDDING_MODEL: 'm',
      OPENAI_EMBEDDING_API_KEY: 'sk-e',
      OPENAI_EMBEDDING_BASE_URL: 'http://embed/v1',
      OPENAI_API_KEY: 'sk',
    }),
    { apiKey: 'sk-e', model: 'm', baseUrl: 'http://embed/v1' },
  );
  assert.throws(() => embeddingSettingsFromEnv({ OPENAI_EMBEDDING_MODEL: 'm' }), /OPENAI_EMBEDDING_API_KEY/);
});

test('vectors come back in the order of the texts, at length 1, whatever order the endpoint sends them in', async () => {
  const [refund, money, password] = await embedder.embed(['refund', 'money', 'password']);
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
  assert.ok(Math.abs(dot(refund!, refund!) - 1) < 1e-5);
  assert.ok(dot(refund!, money!) > 0.99, 'the same meaning');
  assert.ok(dot(refund!, password!) < 0.5, 'another meaning');
  const request = embeddingRequests().at(-1)!;
  assert.equal(request.auth, 'Bearer sk-embed');
  assert.deepEqual(request.body, { model: 'fake-embed', input: ['refund', 'money', 'password'] });
});

test('a failing endpoint is an error naming it, not a vector', async () => {
  model.next = 'fail';
  await assert.rejects(embedder.embed(['refund']), /embeddings endpoint answered 500/);
});

describeOnEachBackend(
  'embeddings',
  (db) => docsWidget(db),
  (suite) => {
    const warnings: string[] = [];
    const nearest = () => semanticSearch(embedder, { warn: (message) => warnings.push(message) });
    /** A conversation of `docs` whose visitor asked `questions`, in order; its id. */
    const askedIn = async (...questions: string[]) => {
      const { id } = await createConversation(suite.db, 'docs', 'visitor');
      for (const [i, question] of questions.entries()) await storeVisitorMessage(suite.db, id, `q${i}`, question);
      return id;
    };

    test('every section is embedded once; a second run embeds nothing; another model embeds them again', async () => {
      const [{ count }] = (await suite.db.query<{ count: number }>(
        "select count(*)::int as count from kb_sections where widget_id = 'docs'",
      )) as [{ count: number }];
      assert.equal(await embedKnowledgeBase(suite.db, 'docs', embedder), count);
      assert.equal(await embedKnowledgeBase(suite.db, 'docs', embedder), 0);
      assert.equal(await embedEverything(suite.db, embedder, { warn: assert.fail }), 0);
      const other = { ...embedder, model: 'other-model' };
      const before = await nearestSections(
        suite.db,
        new Map(),
        'docs',
        'other-model',
        new Float32Array(256).fill(0.0625),
        5,
      );
      assert.deepEqual(before, [], 'no vectors of that model yet: none of the first model’s are compared');
      assert.equal(await embedKnowledgeBase(suite.db, 'docs', other), count);
      assert.equal(await embedKnowledgeBase(suite.db, 'docs', embedder), count, 'back to the first model');
    });

    test('a question in other words finds the section by meaning; BM25 alone finds nothing, so it is declined with that page as related', async () => {
      const question = 'How do I get my money back?';
      const id = await askedIn(question);
      assert.deepEqual(await retrieveFor(suite.db, suite.seeded, id, question), [], 'no words in common');
      const hits = await retrieveFor(suite.db, suite.seeded, id, question, nearest());
      assert.match(hits[0]!.pageUrl, /billing\.txt$/);
      const answer = await answerQuestion(
        suite.db,
        { answerer: defaultAnswerer, nearest: nearest() },
        suite.seeded,
        id,
        question,
      );
      assert.equal(answer.wasRefused, true, 'whether to answer is still decided by the calibrated confidence');
      assert.equal(answer.confidenceScore, 0);
      assert.match(answer.relatedArticles[0]!.pageUrl, /billing\.txt$/);
      assert.equal(embeddingRequests().at(-1)!.body.input![0], question);
    });

    test('the chat route ranks by meaning too when the server has an embedder', async () => {
      const served = await listen(createApp({ db: suite.db, embedder }));
      try {
        const reply = await call(served.base, 'POST', '/api/widget/chat', {
          body: { widgetId: 'docs', message: 'Where is my bill?' },
        });
        assert.equal(reply.status, 200);
        assert.match(reply.json.relatedArticles[0].pageUrl, /billing\.txt$/);
        assert.equal(embeddingRequests().at(-1)!.body.input![0], 'Where is my bill?');
      } finally {
        await served.close();
      }
    });

    test('where words and meaning agree the answer is the same, cited first', async () => {
      const question = 'How do I reset a forgotten password?';
      const id = await askedIn(question);
      const words = await answerQuestion(suite.db, { answerer: defaultAnswerer }, suite.seeded, id, question);
      const both = await answerQuestion(
        suite.db,
        { answerer: defaultAnswerer, nearest: nearest() },
        suite.seeded,
        id,
        question,
      );
      assert.equal(both.citations[0]!.pageUrl, 'https://docs.example/account/passwords.html#reset');
      assert.equal(both.answer, words.answer);
      assert.equal(both.confidenceScore, words.confidenceScore);
    });

    test('a follow-up is embedded with the question before it', async () => {
      const id = await askedIn('How does dark mode work?', 'which values does it take?');
      await retrieveFor(suite.db, suite.seeded, id, 'which values does it take?', nearest());
      assert.equal(embeddingRequests().at(-1)!.body.input![0], 'How does dark mode work?\nwhich values does it take?');
    });

    test('an endpoint that fails or stays silent leaves the ranking to BM25, with a warning', async () => {
      const question = 'How do I add the chat to WordPress?';
      const id = await askedIn(question);
      const words = await retrieveFor(suite.db, suite.seeded, id, question);
      for (const mode of ['fail', 'stall'] as const) {
        model.next = mode;
        warnings.length = 0;
        const hits = await retrieveFor(suite.db, suite.seeded, id, question, nearest());
        assert.deepEqual(
          hits.map((h) => h.sectionId),
          words.map((h) => h.sectionId),
          mode,
        );
        assert.match(warnings.join(), /embeddings endpoint failed .*ranking by words alone/, mode);
      }
    });

    test('re-ingesting embeds only what changed, and the new section is found at once', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'opencx-kb-'));
      try {
        await cp(KB, folder, { recursive: true });
        await writeFile(
          join(folder, 'refunds.md'),
          '# Refund policy\n\nRefunds for annual plans are reimbursed pro rata.\n',
        );
        await ingestFolder(suite.db, 'docs', folder, KB_URL);
        assert.equal(await embedKnowledgeBase(suite.db, 'docs', embedder), 1);
        const hits = await nearest()(suite.db, 'docs', 'reimbursed');
        const [section] = await suite.db.query<{ page_id: string }>('select page_id from kb_sections where id = $1', [
          hits[0],
        ]);
        assert.equal(section!.page_id, 'refunds.md');
      } finally {
        await ingestFolder(suite.db, 'docs', KB, KB_URL);
        await rm(folder, { recursive: true, force: true });
      }
      assert.equal(await embedKnowledgeBase(suite.db, 'docs', embedder), 0, 'a removed page takes its vectors with it');
    });
  },
);
