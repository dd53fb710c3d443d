import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import { ensureIdentitySecret } from '../db/widget-secrets.js';
import { findWidget, listWidgets as widgetsWithSections, upsertWidget, type WidgetSettings } from '../db/widgets.js';
import { attachmentType, baseUrl, colour, megabytes, origin, webUrl } from './setting-values.js';
import { forTerminal } from './terminal-text.js';
import { choice, flag, number, UsageError } from './usage.js';

/** `npm run widget -- set <id> ...`: creates the widget or changes the settings given. */
export async function setWidget(db: Database, args: string[]): Promise<void> {
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
      'client-share': { type: 'string' },
      threshold: { type: 'string' },
      'kb-base-url': { type: 'string' },
      active: { type: 'string' },
      attachments: { type: 'string' },
      'attachment-max-mb': { type: 'string' },
      'attachment-max-files': { type: 'string' },
      'attachment-type': { type: 'string', multiple: true },
      'attachment-daily-quota': { type: 'string' },
    },
  });
  const [id] = positionals;
  if (!id || !/^[\w-]{1,200}$/.test(id))
    throw new UsageError('widget set needs a widget id (letters, digits, - and _).');
  const settings: WidgetSettings = {
    id,
    name: values.name,
    greeting: values.greeting,
    placeholder: values.placeholder,
    primary_color: values.color === undefined ? undefined : colour(values.color),
    theme: choice(values.theme, 'theme', ['light', 'dark', 'auto'] as const),
    position: choice(values.position, 'position', ['bottom-right', 'bottom-left'] as const),
    language: values.language,
    bot_name: values['bot-name'],
    bot_avatar_url: values['bot-avatar'] ? webUrl(values['bot-avatar'], '--bot-avatar') : values['bot-avatar'],
    initial_questions: values.question,
    allowed_origins: values.origin?.map(origin),
    collect_user_data: flag(values['collect-user-data'], 'collect-user-data'),
    escalation_enabled: flag(values.escalation, 'escalation'),
    rate_limit_per_minute: number(values['rate-limit'], 'rate-limit', { min: 1 }),
    daily_quota: number(values['daily-quota'], 'daily-quota', { min: 1 }),
    client_quota_share: number(values['client-share'], 'client-share', { max: 1 }),
    refusal_threshold: number(values.threshold, 'threshold', { max: 1 }),
    kb_base_url: values['kb-base-url'] ? baseUrl(values['kb-base-url']) : values['kb-base-url'],
    active: flag(values.active, 'active'),
    attachments_enabled: flag(values.attachments, 'attachments'),
    attachment_max_bytes: megabytes(values['attachment-max-mb']),
    attachment_max_files: number(values['attachment-max-files'], 'attachment-max-files', { min: 1, max: 20 }),
    attachment_types: values['attachment-type']?.map(attachmentType),
    attachment_daily_quota: number(values['attachment-daily-quota'], 'attachment-daily-quota', { min: 0 }),
  };
  const widget = await upsertWidget(db, settings);
  console.log(`Widget "${widget.id}" saved.`);
}

/** `npm run widget -- list`. */
export async function listWidgets(db: Database): Promise<void> {
  for (const w of await widgetsWithSections(db)) {
    const origins = w.allowed_origins.length ? w.allowed_origins.join(' ') : 'any origin';
    console.log(
      [w.id, w.active ? 'active' : 'inactive', `${w.sections} sections`, origins].map(forTerminal).join('\t'),
    );
  }
}

/** `widget secret <id> [--rotate]`: the identity secret contact tokens are signed with (docs/console.md, "Verified contacts"). */
export async function widgetSecret(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { rotate: { type: 'boolean' } } });
  const [id] = positionals;
  if (!id) throw new UsageError('widget secret needs a widget id.');
  if (!(await findWidget(db, id))) throw new UsageError(`There is no widget "${id}".`);
  const { secret, made } = await ensureIdentitySecret(db, id, values.rotate ?? false);
  console.log(
    `Identity secret of widget ${id}${made ? (values.rotate ? ' (new: tokens signed with the old one no longer work)' : ' (new)') : ''}:`,
  );
  console.log(secret);
  console.log('Sign contact tokens with it on your server (HS256); keep it there, never in a page.');
}
