// How retrieval time grows with the knowledge base: the Vue question set searched in a knowledge
// base of about 1k sections (the Vue docs) and in one of about 11k (the Vue docs four times and the
// Hugo docs three times, under prefixes), on the embedded database, or on a PostgreSQL server when
// OPENCX_BENCH_DATABASE_URL names one (it is emptied):
//   npm run build && node bench/retrieval-scale.mjs
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { search } from '../server/dist/answering/retrieval.js';
import { readQuestionSet } from '../server/dist/evaluation/question-set.js';
import { ingestFolder, migrate, openEmbedded, openPostgres, upsertWidget } from '../server/dist/index.js';

const CORPORA = resolve(process.env.OPENCX_CORPORA ?? '../shared/corpora/docs');
const url = process.env.OPENCX_BENCH_DATABASE_URL;
const ROUNDS = 3;

async function open() {
  if (!url) return openEmbedded('memory');
  const db = await openPostgres(url);
  await db.query('drop schema public cascade');
  await db.query('create schema public');
  return db;
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.floor((p / 100) * (values.length - 1))];

const db = await open();
await migrate(db);
const big = mkdtempSync(join(tmpdir(), 'opencx-scale-'));
for (let i = 0; i < 4; i++) cpSync(join(CORPORA, 'vue'), join(big, `vue-${i}`), { recursive: true });
for (let i = 0; i < 3; i++) cpSync(join(CORPORA, 'hugo'), join(big, `hugo-${i}`), { recursive: true });
const questions = (await readQuestionSet('bench/answers/questions/vue.json')).questions.map((q) => q.question);

const rows = [];
for (const [id, folder] of [
  ['small', join(CORPORA, 'vue')],
  ['large', big],
]) {
  await upsertWidget(db, { id });
  const started = performance.now();
  const { pages, sections } = await ingestFolder(db, id, folder, '');
  const ingestSeconds = (performance.now() - started) / 1000;
  // The planner's statistics, as a server that has run a while has them.
  await db.query('analyze');
  const times = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const question of questions) {
      const t = performance.now();
      await search(db, id, question);
      times.push(performance.now() - t);
    }
  }
  rows.push({ pages, sections, ingestSeconds, median: percentile(times, 50), p95: percentile(times, 95) });
  console.error(`${id}: ${sections} sections, ingested in ${ingestSeconds.toFixed(0)} s`);
}
await db.close();
rmSync(big, { recursive: true, force: true });

console.log(`${url ? 'PostgreSQL server' : 'Embedded (PGlite)'}, ${questions.length} questions × ${ROUNDS} rounds`);
console.log('| knowledge base | sections | ingest | search median | search p95 |');
console.log('|---|--:|--:|--:|--:|');
for (const r of rows)
  console.log(
    `| ${r.pages} pages | ${r.sections} | ${r.ingestSeconds.toFixed(0)} s | ${r.median.toFixed(1)} ms | ${r.p95.toFixed(1)} ms |`,
  );
const [small, large] = rows;
console.log(
  `\n${(large.sections / small.sections).toFixed(1)}× the sections: search median ${(large.median / small.median).toFixed(2)}×, p95 ${(large.p95 / small.p95).toFixed(2)}×`,
);
