import type { Database } from './db.js';

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
  refusal_threshold: number;
  kb_base_url: string;
  active: boolean;
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
  'refusal_threshold',
  'kb_base_url',
  'active',
] as const;
const JSON_COLUMNS = new Set(['initial_questions', 'allowed_origins']);

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
  return row!;
}
