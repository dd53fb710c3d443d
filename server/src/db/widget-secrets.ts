import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';

// Each widget's identity secret (docs/console.md, "Verified contacts"): the customer's backend
// signs contact tokens with it (HS256). Made or rotated with `npm run widget -- secret <id>`.

/** The widget's identity secret, if it has one. */
export async function identitySecret(db: Database, widgetId: string): Promise<string | undefined> {
  const [row] = await db.query<{ secret: string }>(
    'select identity_secret as secret from widget_secrets where widget_id = $1',
    [widgetId],
  );
  return row?.secret;
}

/** The secret, made when the widget has none (or `rotate`: a new one; tokens signed with the old one stop working). */
export async function ensureIdentitySecret(db: Database, widgetId: string, rotate: boolean) {
  const fresh = `ocx_id_${randomBytes(32).toString('base64url')}`;
  const [row] = await db.query<{ secret: string; made: boolean }>(
    `insert into widget_secrets (widget_id, identity_secret) values ($1, $2)
     on conflict (widget_id) do update set identity_secret = case when $3 then excluded.identity_secret
       else widget_secrets.identity_secret end, created_at = case when $3 then now() else widget_secrets.created_at end
     returning identity_secret as secret, (xmax = 0 or $3) as made`,
    [widgetId, fresh, rotate],
  );
  return row!;
}
