// How the agents' inbox holds up at 100k conversations: the agent API's list (first page, waiting
// only, an agent's own, a page deep in the cursor, a search) and one conversation, timed on a
// database of 100,000 conversations with 4 messages each (400k messages), against the floor of
// the same database: the bare query `select id from conversations ... order by ...
// limit 25` in the inbox's order, in the same run. On the embedded database, or on a PostgreSQL
// server when OPENCX_BENCH_DATABASE_URL names one (in a schema of its own, bench_inbox, made anew):
//   npm run build && node bench/inbox.mjs [conversations=100000]
import { performance } from 'node:perf_hooks';
import { addAgent, hashPassword, migrate, openEmbedded, openPostgres, upsertWidget } from '../server/dist/index.js';
import { findInboxConversation, listConversations } from '../server/dist/db/inbox.js';
import { history } from '../server/dist/db/messages.js';

const COUNT = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const url = process.env.OPENCX_BENCH_DATABASE_URL;
const ROUNDS = 15;

async function open() {
  if (!url) return openEmbedded('memory');
  const admin = await openPostgres(url);
  await admin.query('drop schema if exists bench_inbox cascade');
  await admin.query('create schema bench_inbox');
  await admin.close();
  const scoped = new URL(url);
  scoped.searchParams.set('options', '-c search_path=bench_inbox');
  return openPostgres(scoped.href);
}

const db = await open();
await migrate(db);
await upsertWidget(db, { id: 'shop' });
await upsertWidget(db, { id: 'blog' });
const { agent } = await addAgent(db, {
  email: 'ana@shop.example',
  widgetId: 'shop',
  name: 'Ana',
  passwordHash: await hashPassword('a long password'),
});

const started = performance.now();
// Most conversations with the bot, one in twenty waiting for a person, one in ten an agent's (a
// third of those Ana's), some closed; a tenth of them another widget's.
await db.query(
  `insert into conversations (id, widget_id, visitor_id, status, assignee_id, created_at, updated_at)
   select gen_random_uuid(), case when i % 10 = 0 then 'blog' else 'shop' end, 'v_' || i,
          case when i % 20 = 1 then 'escalated' when i % 10 = 2 then 'agent' when i % 7 = 3 then 'closed' else 'bot' end,
          case when i % 30 = 2 then $2::uuid end,
          now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
   from generate_series(1, $1::int) i`,
  [COUNT, agent.id],
);
await db.query(
  `insert into messages (id, conversation_id, role, content, created_at)
   select 'm' || k, c.id, case when k % 2 = 0 then 'user' else 'assistant' end,
          'message ' || k || ' about ' || (array['billing','install','colours','refunds','login'])[1 + (k + n) % 5],
          c.updated_at - ((4 - k) || ' seconds')::interval
   from (select id, updated_at, row_number() over () as n from conversations) c, generate_series(1, 4) k`,
);
// A rare word: ten visitors lost a passport.
await db.query(
  `insert into messages (id, conversation_id, role, content)
   select 'p' || n, id, 'user', 'I lost my passport at the airport'
   from (select id, row_number() over (order by id) as n from conversations where widget_id = 'shop' limit 10) c`,
);
await db.query('analyze');
console.log(
  `${COUNT.toLocaleString('en')} conversations, ${(COUNT * 4).toLocaleString('en')} messages made in ${((performance.now() - started) / 1000).toFixed(1)} s (${url ? 'PostgreSQL server' : 'PGlite'})\n`,
);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function time(run) {
  await run(); // warm
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return median(times);
}

const list = (query) => listConversations(db, agent.id, { widgets: ['shop'], limit: 25, ...query });
let deep;
{
  // 40 pages in: the cursor after 1,000 conversations.
  let cursor;
  for (let page = 0; page < 40; page++) cursor = (await list({ cursor })).nextCursor;
  deep = cursor;
}
const one = (await list({ status: 'waiting' })).conversations[0].conversationId;
const floor = await time(() =>
  db.query(
    `select id from conversations where widget_id = 'shop'
     order by (status <> 'escalated'), updated_at desc, id desc limit 25`,
  ),
);
const rows = [
  ['floor: bare `select id` of the first 25, in the same order', floor],
  ['first page (waiting first, with visitor, last message, unread, assignee)', await time(() => list({}))],
  ['waiting only', await time(() => list({ status: 'waiting' }))],
  ['assigned to me', await time(() => list({ assignee: 'me' }))],
  ['page 41 (cursor after 1,000)', await time(() => list({ cursor: deep }))],
  [
    'one conversation with its messages',
    await time(async () => {
      const c = await findInboxConversation(db, ['shop'], one);
      await history(db, c.conversationId, undefined, 'agent');
    }),
  ],
  ['search `q=refunds` (a word in a fifth of the messages)', await time(() => list({ q: 'refunds' }))],
  ['search `q=passport` (a word in ten messages)', await time(() => list({ q: 'passport' }))],
];
console.log(`medians of ${ROUNDS}\n`);
console.log('| query | ms | × floor |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / floor).toFixed(1)} |`);
await db.close();
