import type { Database } from './database.js';

export interface Contact {
  name?: string;
  email?: string;
  customData?: Record<string, string>;
}

/** What the visitor told the widget about themselves (the collect-user-data form). */
export async function findContact(db: Database, widgetId: string, visitorId: string) {
  const [row] = await db.query<{ name: string | null; email: string | null }>(
    'select name, email from contacts where widget_id = $1 and visitor_id = $2',
    [widgetId, visitorId],
  );
  return row;
}

/**
 * Saves the visitor's details, replacing what was there. A verified name or email that the visitor
 * changes is theirs now, no longer verified.
 */
export async function saveContact(db: Database, widgetId: string, visitorId: string, contact: Contact) {
  await db.query(
    `insert into contacts (widget_id, visitor_id, name, email, custom_data) values ($1, $2, $3, $4, $5)
     on conflict (widget_id, visitor_id) do update set name = excluded.name, email = excluded.email,
       custom_data = excluded.custom_data, updated_at = now(),
       verified = contacts.verified and excluded.name is not distinct from contacts.name
                  and excluded.email is not distinct from contacts.email`,
    [
      widgetId,
      visitorId,
      contact.name ?? null,
      contact.email ?? null,
      contact.customData ? JSON.stringify(contact.customData) : null,
    ],
  );
}

/**
 * A verified contact's name and email, as their contact token states them: written when they
 * differ from what is stored (not on every request), and marked verified.
 */
export async function saveVerifiedContact(
  db: Database,
  widgetId: string,
  visitorId: string,
  contact: { name?: string; email?: string },
) {
  await db.query(
    `insert into contacts (widget_id, visitor_id, name, email, verified) values ($1, $2, $3, $4, true)
     on conflict (widget_id, visitor_id) do update set name = coalesce(excluded.name, contacts.name),
       email = coalesce(excluded.email, contacts.email), verified = true, updated_at = now()
     where not contacts.verified or contacts.name is distinct from coalesce(excluded.name, contacts.name)
        or contacts.email is distinct from coalesce(excluded.email, contacts.email)`,
    [widgetId, visitorId, contact.name ?? null, contact.email ?? null],
  );
}
