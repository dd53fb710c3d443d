import type { Database } from './database.js';
import { announceWidgetChange } from './widget-changes.js';

/** A widget as stored. */
export interface WidgetRow {
  id: string;
  name: string;
  greeting: string | null;
  placeholder: string | null;
  primary_color: string | null;
  theme: string;
  position: string;
  language: string;
  bot_name: string | null;
  bot_avatar_url: string | null;
  initial_questions: string[];
  collect_user_data: boolean;
  escalation_enabled: boolean;
  allowed_origins: string[];
  rate_limit_per_minute: number;
  daily_quota: number;
  /** The share of `daily_quota` one client address may take, 0..1. */
  client_quota_share: number;
  refusal_threshold: number;
  kb_base_url: string;
  active: boolean;
  /** Attachments (docs/server.md, "Attachments"): on or off, the largest file, files per message, MIME types, uploads a day. */
  attachments_enabled: boolean;
  attachment_max_bytes: number;
  attachment_max_files: number;
  attachment_types: string[];
  attachment_daily_quota: number;
}

/** What can be set on a widget; everything but the id has a default. */
export type WidgetSettings = { id: string } & Partial<Omit<WidgetRow, 'id'>>;

const COLUMNS = [
  'name',
  'greeting',
  'placeholder',
  'primary_color',
  'theme',
  'position',
  'language',
  'bot_name',
  'bot_avatar_url',
  'initial_questions',
  'collect_user_data',
  'escalation_enabled',
  'allowed_origins',
  'rate_limit_per_minute',
  'daily_quota',
  'client_quota_share',
  'refusal_threshold',
  'kb_base_url',
  'active',
  'attachments_enabled',
  'attachment_max_bytes',
  'attachment_max_files',
  'attachment_types',
  'attachment_daily_quota',
] as const;
const JSON_COLUMNS = new Set(['initial_questions', 'allowed_origins', 'attachment_types']);

/** The widget `id` if it exists and is active. */
export async function findActiveWidget(db: Database, id: string): Promise<WidgetRow | undefined> {
  const [widget] = await db.query<WidgetRow>('select * from widgets where id = $1 and active', [id]);
  return widget;
}

/** Whether the page at `origin` may use this widget; an empty list allows any origin. */
export const allowsOrigin = (widget: WidgetRow, origin: string) =>
  widget.allowed_origins.length === 0 || widget.allowed_origins.includes(origin);

/** Whether some active widget allows `origin`: what a request that names no widget (a preflight) may know. */
export async function someWidgetAllows(db: Database, origin: string): Promise<boolean> {
  const [row] = await db.query(
    `select 1 from widgets where active and (jsonb_array_length(allowed_origins) = 0 or allowed_origins ? $1) limit 1`,
    [origin],
  );
  return Boolean(row);
}

/** Every widget, with the number of knowledge-base sections it answers from. */
export function listWidgets(db: Database): Promise<(WidgetRow & { sections: number })[]> {
  return db.query(
    `select w.*, (select count(*)::int from kb_sections k where k.widget_id = w.id) as sections from widgets w order by id`,
  );
}

/** The widget `id`, active or not. */
export async function findWidget(db: Database, id: string): Promise<WidgetRow | undefined> {
  const [widget] = await db.query<WidgetRow>('select * from widgets where id = $1', [id]);
  return widget;
}

/** Creates the widget, or changes the given settings of an existing one. */
export async function upsertWidget(db: Database, settings: WidgetSettings): Promise<WidgetRow> {
  const given = COLUMNS.filter((column) => settings[column] !== undefined);
  const values = given.map((column) =>
    JSON_COLUMNS.has(column) ? JSON.stringify(settings[column]) : settings[column],
  );
  const names = ['id', 'name', ...given.filter((c) => c !== 'name')];
  const params = [
    settings.id,
    settings.name ?? settings.id,
    ...given.filter((c) => c !== 'name').map((c) => values[given.indexOf(c)]),
  ];
  const [row] = await db.query<WidgetRow>(
    `insert into widgets (${names.join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})
     on conflict (id) do update set ${given.length ? given.map((c) => `${c} = excluded.${c}`).join(', ') : 'id = excluded.id'}
     returning *`,
    params,
  );
  await announceWidgetChange(db, settings.id);
  return row!;
}
