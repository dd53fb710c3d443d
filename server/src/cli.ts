// `npm run widget -- ...`, `npm run kb -- ...`, `npm run tickets -- ...`: manage widgets, their
// knowledge and the visitors' requests for a person, on the database the server uses
// (DATA_DIR, or DATABASE_URL). An embedded database (DATA_DIR) is opened by one process at a
// time (a command refuses while the server has it open): stop the server first, or use DATABASE_URL.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate, openEmbedded, openPostgres, type Database } from './db.js';
import { ingestFolder } from './kb.js';
import { upsertWidget, type WidgetRow, type WidgetSettings } from './widgets.js';

const USAGE = `Usage:
  npm run widget -- set <id> [--name N] [--greeting G] [--placeholder P] [--color C] [--theme light|dark|auto]
                       [--position bottom-right|bottom-left] [--language L] [--bot-name N] [--bot-avatar URL]
                       [--question Q]... [--origin URL]... [--collect-user-data true|false] [--escalation true|false]
                       [--rate-limit N] [--daily-quota N] [--threshold 0..1] [--kb-base-url URL] [--active true|false]
  npm run widget -- list
  npm run kb -- ingest <widget id> <folder> [--base-url URL]
  npm run tickets -- list [<widget id>]`;

// DATA_DIR is relative to the repository, as for the server, wherever the command runs from.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

class UsageError extends Error {}

function number(value: string | undefined, name: string, { min = 0, max = Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${value}".`);
  return n;
}

function flag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError(`--${name} must be true or false, got "${value}".`);
  return value === 'true';
}

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value as T;
}

async function setWidget(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      greeting: { type: 'string' },
      placeholder: { type: 'string' },
      color: { type: 'string' },
      theme: { type: 'string' },
      position: { type: 'string' },
      language: { type: 'string' },
      'bot-name': { type: 'string' },
      'bot-avatar': { type: 'string' },
      question: { type: 'string', multiple: true },
      origin: { type: 'string', multiple: true },
      'collect-user-data': { type: 'string' },
      escalation: { type: 'string' },
      'rate-limit': { type: 'string' },
      'daily-quota': { type: 'string' },
      threshold: { type: 'string' },
      'kb-base-url': { type: 'string' },
      active: { type: 'string' },
    },
  });
  const [id] = positionals;
  if (!id || !/^[\w-]{1,200}$/.test(id))
    throw new UsageError('widget set needs a widget id (letters, digits, - and _).');
  for (const origin of values.origin ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      throw new UsageError(`--origin must be an origin like https://example.com, got "${origin}".`);
  }
  const settings: WidgetSettings = {
    id,
    name: values.name,
    greeting: values.greeting,
    placeholder: values.placeholder,
    primary_color: values.color,
    theme: choice(values.theme, 'theme', ['light', 'dark', 'auto'] as const),
    position: choice(values.position, 'position', ['bottom-right', 'bottom-left'] as const),
    language: values.language,
    bot_name: values['bot-name'],
    bot_avatar_url: values['bot-avatar'],
    initial_questions: values.question,
    allowed_origins: values.origin,
    collect_user_data: flag(values['collect-user-data'], 'collect-user-data'),
    escalation_enabled: flag(values.escalation, 'escalation'),
    rate_limit_per_minute: number(values['rate-limit'], 'rate-limit', { min: 1 }),
    daily_quota: number(values['daily-quota'], 'daily-quota', { min: 1 }),
    refusal_threshold: number(values.threshold, 'threshold', { max: 1 }),
    kb_base_url: values['kb-base-url'],
    active: flag(values.active, 'active'),
  };
  const widget = await upsertWidget(db, settings);
  console.log(`Widget "${widget.id}" saved.`);
}

async function listWidgets(db: Database): Promise<void> {
  const widgets = await db.query<WidgetRow & { sections: number }>(
    `select w.*, (select count(*)::int from kb_sections k where k.widget_id = w.id) as sections from widgets w order by id`,
  );
  for (const w of widgets) {
    const origins = w.allowed_origins.length ? w.allowed_origins.join(' ') : 'any origin';
    console.log(`${w.id}\t${w.active ? 'active' : 'inactive'}\t${w.sections} sections\t${origins}`);
  }
}

async function ingest(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'base-url': { type: 'string' } },
  });
  const [widgetId, folder] = positionals;
  if (!widgetId || !folder) throw new UsageError('kb ingest needs a widget id and a folder.');
  const [widget] = await db.query<WidgetRow>('select * from widgets where id = $1', [widgetId]);
  if (!widget)
    throw new UsageError(`There is no widget "${widgetId}": create it with npm run widget -- set ${widgetId}`);
  const baseUrl = values['base-url'] ?? widget.kb_base_url;
  const { pages, sections } = await ingestFolder(db, widgetId, resolve(folder), baseUrl);
  console.log(
    `Ingested ${pages} pages (${sections} sections) into "${widgetId}"${baseUrl ? `, linked from ${baseUrl}` : ''}.`,
  );
}

async function listTickets(db: Database, args: string[]): Promise<void> {
  const [widgetId] = args;
  const tickets = await db.query<{
    id: string;
    widget_id: string;
    conversation_id: string;
    email: string;
    message: string;
    created: string;
  }>(
    `select id, widget_id, conversation_id, email, message, to_char(created_at, 'YYYY-MM-DD HH24:MI') as created
     from tickets where $1::text is null or widget_id = $1 order by created_at`,
    [widgetId ?? null],
  );
  for (const t of tickets)
    console.log(
      `T-${t.id}\t${t.created}\t${t.widget_id}\t${t.email}\t${t.conversation_id}\t${t.message.replace(/\s+/g, ' ')}`,
    );
  if (tickets.length === 0) console.log('No tickets.');
}

async function main(): Promise<void> {
  const [group, command, ...rest] = process.argv.slice(2);
  const task =
    group === 'widget' && command === 'set'
      ? (db: Database) => setWidget(db, rest)
      : group === 'widget' && command === 'list'
        ? listWidgets
        : group === 'kb' && command === 'ingest'
          ? (db: Database) => ingest(db, rest)
          : group === 'tickets' && command === 'list'
            ? (db: Database) => listTickets(db, rest)
            : undefined;
  if (!task) throw new UsageError(`Unknown command "${[group, command].filter(Boolean).join(' ')}".`);
  const dataDir = process.env.DATA_DIR ?? '.data';
  const db = process.env.DATABASE_URL
    ? await openPostgres(process.env.DATABASE_URL)
    : await openEmbedded(dataDir === 'memory' ? 'memory' : resolve(ROOT, dataDir));
  try {
    await migrate(db);
    await task(db);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
  } else {
    console.error((error as Error).message);
  }
  process.exit(1);
});
