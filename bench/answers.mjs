// Answer quality on docs nobody here wrote, beside off-the-shelf BM25 in the same run:
//   npm run build && node bench/answers.mjs [vue hugo opencx]
// Each question set of bench/answers/questions is asked of a widget holding its docs (the Vue and
// Hugo docs are read from OPENCX_CORPORA, default ../shared/corpora/docs; ours from docs/), as
// `npm run kb -- eval` asks it: the server's retrieval, follow-ups, threshold and default answerer.
// The baseline is MiniSearch (BM25+, its defaults) over the very same sections, searching the
// question (a follow-up with its context): its first hit is its citation, its top three its
// citations; it never declines. "First page found" and "in the first three" compare the rankings
// alone: ours answered or declined. Figures go to stdout as a Markdown table (bench/README.md).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { figuresOf } from '../server/dist/evaluation/report.js';
import { readQuestionSet } from '../server/dist/evaluation/question-set.js';
import { askAll } from '../server/dist/evaluation/run.js';
import { defaultAnswerer, ingestFolder, migrate, openEmbedded, upsertWidget } from '../server/dist/index.js';

const CORPORA = resolve(process.env.OPENCX_CORPORA ?? '../shared/corpora/docs');
const SETS = { vue: `${CORPORA}/vue`, hugo: `${CORPORA}/hugo`, opencx: resolve('docs') };
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SETS);

const pct = ({ hits, of }) => (of ? `${Math.round((100 * hits) / of)}%` : '—');
const share = (list, test) => ({ hits: list.filter(test).length, of: list.length });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** MiniSearch over the widget's sections, asked each question; figures as ours are counted. */
async function baseline(db, widgetId, questions) {
  const sections = await db.query(
    `select id::text, page_id as "pageId", page_title as title, heading_path as headings, body
     from kb_sections where widget_id = $1`,
    [widgetId],
  );
  const search = new MiniSearch({ fields: ['title', 'headings', 'body'], storeFields: ['pageId'] });
  search.addAll(sections);
  const answerable = [];
  const times = [];
  for (const q of questions.filter((q) => q.kind !== 'decline')) {
    const started = performance.now();
    const text = q.kind === 'follow-up' ? [...q.context, q.question].join(' ') : q.question;
    const pages = [...new Set(search.search(text).map((r) => r.pageId))];
    times.push(performance.now() - started);
    answerable.push({ first: q.pages.includes(pages[0]), any: pages.slice(0, 3).some((p) => q.pages.includes(p)) });
  }
  return {
    first: share(answerable, (a) => a.first),
    any: share(answerable, (a) => a.any),
    median: median(times),
  };
}

const rows = [];
const db = await openEmbedded('memory');
await migrate(db);
for (const name of wanted) {
  if (!existsSync(SETS[name])) {
    console.error(`${SETS[name]} is not there: set OPENCX_CORPORA to the folder holding vue/ and hugo/.`);
    process.exit(1);
  }
  const widget = await upsertWidget(db, { id: name });
  const { pages, sections } = await ingestFolder(db, name, SETS[name], '');
  const set = await readQuestionSet(`bench/answers/questions/${name}.json`);
  const ours = figuresOf(await askAll(db, widget, { answerer: defaultAnswerer }, set.questions));
  const bm25 = await baseline(db, name, set.questions);
  const declines = Object.entries(ours.declinedBy)
    .map(([category, s]) => `${category} ${pct(s)}`)
    .join(', ');
  rows.push(
    `| ${set.name} (${pages} pages, ${sections} sections, ${set.questions.length} questions) | ours | ${pct(ours.rankedFirstRight)} | ${pct(ours.rankedTop3Right)} | ${pct(ours.firstCitationRight)} | ${pct(ours.anyCitationRight)} | ${pct(ours.rightSection)} | ${pct(ours.answered)} | ${pct(ours.followUpsRight)} | ${pct(ours.declined)} (${declines}) | ${ours.latencyMs.median.toFixed(0)} ms |`,
    `| | MiniSearch (BM25+) | ${pct(bm25.first)} | ${pct(bm25.any)} | ${pct(bm25.first)} | ${pct(bm25.any)} | — | 100% | — | 0% | ${bm25.median.toFixed(1)} ms |`,
  );
  console.error(`${name}: done`);
}
await db.close();
console.log(
  '| question set | | first page found right | a right page in the first three | first citation on a right page | any citation on a right page | right section | answerable answered | follow-ups right | should decline, declined | median time |',
);
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|');
for (const row of rows) console.log(row);
