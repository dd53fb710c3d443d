// `kb eval` without the command line: a question set asked of a widget, and the figures from it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultAnswerer } from '../../src/answering/answerer.js';
import { readQuestionSet, type EvalQuestion } from '../../src/evaluation/question-set.js';
import { figuresOf, formatFigures } from '../../src/evaluation/report.js';
import { askAll } from '../../src/evaluation/run.js';
import { describeOnEachBackend } from '../support/backends.js';
import { docsWidget } from '../support/fixtures.js';

const QUESTIONS: EvalQuestion[] = [
  {
    id: 'q1',
    kind: 'in-docs',
    question: 'How do I add the chat to WordPress?',
    pages: ['install.md'],
    sections: ['WordPress'],
  },
  {
    id: 'q2',
    kind: 'in-docs',
    question: 'I forgot my password',
    pages: ['account/passwords.html'],
    sections: ['Two-factor codes'],
  },
  { id: 'q3', kind: 'in-docs', question: 'How does dark mode work?', pages: ['billing.txt'] },
  {
    id: 'q4',
    kind: 'follow-up',
    context: ['How does dark mode work?'],
    question: 'which values does it take?',
    pages: ['guides/styling.md'],
    sections: ['Dark mode'],
  },
  {
    id: 'q5',
    kind: 'decline',
    category: 'off-topic',
    question: 'What is the airspeed velocity of an unladen swallow?',
  },
];

describeOnEachBackend(
  'evaluation',
  (db) => docsWidget(db),
  (suite) => {
    test('each question is asked as a visitor would, and nothing is kept', async () => {
      const outcomes = await askAll(suite.db, suite.seeded, { answerer: defaultAnswerer }, QUESTIONS);
      assert.deepEqual(
        outcomes.map((o) => [o.question.id, o.answer.wasRefused, o.cited[0]?.pageId]),
        [
          ['q1', false, 'install.md'],
          ['q2', false, 'account/passwords.html'],
          ['q3', false, 'guides/styling.md'],
          ['q4', false, 'guides/styling.md'],
          ['q5', true, undefined],
        ],
      );
      assert.equal(outcomes[3]!.cited[0]!.heading, 'Dark mode', 'the follow-up was searched with its context');
      const [row] = await suite.db.query<{ n: number }>('select count(*)::int as n from conversations');
      assert.equal(row!.n, 0);
    });

    test('the figures count right pages, right sections, answers and declines; the worst misses are named', async () => {
      const figures = figuresOf(await askAll(suite.db, suite.seeded, { answerer: defaultAnswerer }, QUESTIONS));
      assert.deepEqual(figures.firstCitationRight, { hits: 3, of: 4 });
      assert.deepEqual(figures.rightSection, { hits: 2, of: 3 }, 'q2 cites the right page but another section');
      assert.deepEqual(figures.answered, { hits: 4, of: 4 });
      assert.deepEqual(figures.followUpsRight, { hits: 1, of: 1 });
      assert.deepEqual(figures.declined, { hits: 1, of: 1 });
      assert.deepEqual(figures.declinedBy['off-topic'], { hits: 1, of: 1 });
      assert.deepEqual(figures.declinedBy['near-miss'], { hits: 0, of: 0 });
      assert.deepEqual(
        figures.misses.map((o) => o.question.id),
        ['q3'],
      );
      assert.ok(figures.latencyMs.median > 0 && figures.latencyMs.p95 >= figures.latencyMs.median);
      const text = formatFigures('Fixture', figures);
      assert.match(text, /first citation on a right page\s+75% \(3\/4\)/);
      assert.match(
        text,
        /q3 "How does dark mode work\?"\n\s+expected billing\.txt; got guides\/styling\.md › Dark mode/,
      );
    });
  },
);

test('a question file that is not as documented is refused, naming the file and the place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opencx-eval-'));
  try {
    const file = join(dir, 'questions.json');
    writeFileSync(file, JSON.stringify({ name: 'x', questions: [{ id: 'a', kind: 'in-docs', question: 'q?' }] }));
    await assert.rejects(readQuestionSet(file), (error: Error) =>
      error.message.startsWith(`${file}: questions.0.pages`),
    );
    writeFileSync(file, '{ not json');
    await assert.rejects(readQuestionSet(file), (error: Error) => error.message.startsWith(`${file}: `));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
