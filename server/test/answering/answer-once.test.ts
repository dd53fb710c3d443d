// Answer-once without HTTP: the idempotency and claim logic that keeps a message from being
// answered twice, whatever arrives concurrently, fails midway, or dies holding a claim.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isForPerson, type Answer, type ChatResponse, type ChatResult } from '../../src/answering/answer.js';
import { answerOnce, type Question } from '../../src/answering/answer-once.js';
import { defaultAnswerer, type Answerer } from '../../src/answering/answerer.js';
import { createConversation } from '../../src/db/conversations.js';
import { history, storeVisitorMessage } from '../../src/db/messages.js';
import { ApiProblem } from '../../src/http/problem.js';
import { describeOnEachBackend } from '../support/backends.js';
import { docsWidget } from '../support/fixtures.js';

/** The bot's answer, which `result` must be. */
function answered(result: ChatResult): ChatResponse {
  assert.ok(!isForPerson(result), 'an answer, not a receipt for a person');
  return result;
}

describeOnEachBackend(
  'answer_once',
  (db) => docsWidget(db),
  (suite) => {
    const question = (visitorId: string, key?: string, extra: Partial<Question> = {}): Question => ({
      widget: suite.seeded,
      visitorId,
      client: `client-of-${visitorId}`,
      message: 'How does dark mode work?',
      key,
      ...extra,
    });
    const roles = async (conversationId: string) =>
      (await history(suite.db, conversationId)).map((m) => [m.messageId, m.role]);

    test('a key answered before gets the stored response, and nothing is stored again', async () => {
      const first = await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v1', 'k1'));
      const again = await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v1', 'k1'));
      assert.deepEqual(again, first);
      assert.deepEqual(await roles(first.conversationId), [
        ['k1', 'user'],
        [first.messageId, 'assistant'],
      ]);
    });

    test('the same key from another visitor is another message', async () => {
      const mine = await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v2', 'shared'));
      const theirs = await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v3', 'shared'));
      assert.notEqual(theirs.conversationId, mine.conversationId);
    });

    test('concurrent requests with one key: one answers, the others wait for its answer', async () => {
      let calls = 0;
      let release!: () => void;
      const slow: Answerer = async (...args) => {
        calls += 1;
        await new Promise<void>((resolve) => (release = resolve));
        return defaultAnswerer(...args);
      };
      const all = Promise.all([1, 2, 3].map(() => answerOnce(suite.db, { answerer: slow }, question('v4', 'k4'))));
      while (!release) await new Promise((resolve) => setTimeout(resolve, 10));
      release();
      const [a, b, c] = await all;
      assert.equal(calls, 1, 'answered once');
      assert.deepEqual(b, a);
      assert.deepEqual(c, a);
    });

    test('a retry waits for the answer its original is writing', async () => {
      // Another process has claimed 'busy-k' and is answering it now.
      await suite.db.query(`insert into idempotency (widget_id, visitor_id, key) values ('docs', 'busy', 'busy-k')`);
      const retry = answerOnce(suite.db, { answerer: defaultAnswerer }, question('busy', 'busy-k'));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const stored = { conversationId: 'from-the-original', messageId: 'm', answer: 'Stored.' };
      await suite.db.query(`update idempotency set response = $1 where key = 'busy-k'`, [JSON.stringify(stored)]);
      assert.deepEqual(await retry, stored);
    });

    test('a claim whose request died is taken over, in the conversation it had started', async () => {
      const { id: conversationId } = await createConversation(suite.db, 'docs', 'dead');
      await storeVisitorMessage(suite.db, conversationId, 'dead-k', 'How does dark mode work?');
      await suite.db.query(
        `insert into idempotency (widget_id, visitor_id, key, conversation_id, claimed_at)
       values ('docs', 'dead', 'dead-k', $1, now() - interval '31 seconds')`,
        [conversationId],
      );
      const taken = answered(await answerOnce(suite.db, { answerer: defaultAnswerer }, question('dead', 'dead-k')));
      assert.equal(taken.conversationId, conversationId, 'the conversation the question went into');
      assert.match(taken.answer, /dark/i);
      assert.deepEqual(await roles(conversationId), [
        ['dead-k', 'user'],
        [taken.messageId, 'assistant'],
      ]);
    });

    test('a failure gives the claim up at once: the retry answers without waiting for it to lapse', async () => {
      const failing: Answerer = async () => {
        throw new Error('the answerer broke');
      };
      await assert.rejects(answerOnce(suite.db, { answerer: failing }, question('v5', 'k5')), /the answerer broke/);
      const retried = answered(await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v5', 'k5')));
      assert.equal(retried.wasRefused, false);
    });

    test('over the limit: a 429 naming the wait; a replay of an answered key is still served', async () => {
      const tight = await docsWidget(suite.db, { id: 'tight', rate_limit_per_minute: 1 });
      const ask = (key?: string) =>
        answerOnce(suite.db, { answerer: defaultAnswerer }, { ...question('v6', key), widget: tight });
      const first = await ask('k6');
      // Three against a limit of one: a refusal is certain even if they straddle two minutes.
      const refusals = await Promise.allSettled([ask(), ask(), ask()]);
      const refused = refusals.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
      assert.ok(refused?.reason instanceof ApiProblem);
      assert.equal(refused.reason.code, 'rate_limited');
      assert.ok(refused.reason.retryAfter! >= 1);
      assert.deepEqual(await ask('k6'), first);
    });

    test('while a person has the conversation the bot says nothing, yet the message is stored', async () => {
      const first = await answerOnce(suite.db, { answerer: defaultAnswerer }, question('v7'));
      await suite.db.query(`update conversations set status = 'escalated' where id = $1`, [first.conversationId]);
      let asked = false;
      const spy: Answerer = async (...args) => {
        asked = true;
        return defaultAnswerer(...args) as Promise<Answer>;
      };
      const quiet = await answerOnce(
        suite.db,
        { answerer: spy },
        question('v7', 'k7', { conversationId: first.conversationId }),
      );
      assert.deepEqual(quiet, { conversationId: first.conversationId, messageId: 'k7', status: 'escalated' });
      assert.equal(asked, false);
      assert.deepEqual((await roles(first.conversationId)).at(-1), ['k7', 'user']);
      // A retry of the same key gets the same receipt, and the message is stored once.
      const again = await answerOnce(
        suite.db,
        { answerer: spy },
        question('v7', 'k7', { conversationId: first.conversationId }),
      );
      assert.deepEqual(again, quiet);
      assert.equal((await roles(first.conversationId)).filter(([id]) => id === 'k7').length, 1);
    });
  },
);
