import { parseArgs } from 'node:util';
import type { Database } from '../db/database.js';
import {
  addWebhook as saveWebhook,
  listWebhooks,
  recentDeliveries,
  removeWebhook,
  WEBHOOK_TYPES,
} from '../db/webhooks.js';
import { findWidget } from '../db/widgets.js';
import { forTerminal } from './terminal-text.js';
import { choice, UsageError } from './usage.js';

// `npm run webhook -- ...`: the endpoints a widget's events are sent to, signed (docs/console.md, "Webhooks").

/** HTTPS, or plain HTTP to this machine (a receiver being developed): a delivery carries visitors' words. */
function endpoint(value: string | undefined): string {
  let url: URL;
  try {
    url = new URL(value ?? '');
  } catch {
    throw new UsageError('webhook add needs the endpoint URL, like https://example.com/hooks/opencx.');
  }
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new UsageError(`The endpoint must be https:// (http:// only to localhost), got "${value}".`);
  }
  if (url.username || url.password) throw new UsageError('The endpoint URL must not hold a user name or password.');
  return url.href;
}

/** `webhook add <widget id> <url> [--event TYPE]...` (default: every type). */
export async function addWebhook(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { event: { type: 'string', multiple: true } },
  });
  const [widgetId, url] = positionals;
  if (!widgetId) throw new UsageError('webhook add needs a widget id and an endpoint URL.');
  if (!(await findWidget(db, widgetId))) throw new UsageError(`There is no widget "${widgetId}".`);
  const target = endpoint(url);
  const events = values.event?.map((e) => choice(e, 'event', WEBHOOK_TYPES)!) ?? [...WEBHOOK_TYPES];
  const { id, secret } = await saveWebhook(db, widgetId, target, [...new Set(events)]);
  console.log(`Webhook ${id} added: ${forTerminal(target)} gets ${events.join(', ')} of widget ${widgetId}.`);
  console.log(`Signing secret (shown once; verify OpenCX-Signature with it): ${secret}`);
}

/** `webhook list [<widget id>]`: each endpoint with its last delivery. */
export async function listWebhookRows(db: Database, args: string[]): Promise<void> {
  const hooks = await listWebhooks(db, args[0]);
  for (const h of hooks) {
    const last = h.last
      ? `last: ${h.last.type} ${h.last.delivered ? 'delivered' : `not delivered (${h.last.error ?? h.last.status})`} at ${h.last.at}`
      : 'nothing sent yet';
    console.log(
      [h.id, h.widgetId, h.url, h.events.join(','), `${h.pending} pending`, `${h.failed} given up`, last]
        .map(forTerminal)
        .join('\t'),
    );
  }
  if (hooks.length === 0) console.log('No webhooks.');
}

/** `webhook deliveries <webhook id>`: the latest deliveries, newest first. */
export async function listDeliveries(db: Database, args: string[]): Promise<void> {
  const [id] = args;
  if (!id || !/^[0-9a-f-]{36}$/i.test(id))
    throw new UsageError('webhook deliveries needs a webhook id (webhook list shows them).');
  const rows = await recentDeliveries(db, id);
  for (const d of rows) {
    const outcome = d.lastError ?? (d.lastStatus === null ? '' : String(d.lastStatus));
    console.log([d.eventId, d.type, d.createdAt, d.state, `${d.attempts} tries`, outcome].map(forTerminal).join('\t'));
  }
  if (rows.length === 0) console.log('No deliveries.');
}

/** `webhook remove <webhook id>`: it gets nothing more, and its queued deliveries are dropped. */
export async function deleteWebhook(db: Database, args: string[]): Promise<void> {
  if (!(await removeWebhook(db, args[0] ?? ''))) throw new UsageError(`There is no webhook "${args[0] ?? ''}".`);
  console.log(`Webhook ${args[0]} removed.`);
}
