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

/** Saves the visitor's details, replacing what was there. */
export async function saveContact(db: Database, widgetId: string, visitorId: string, contact: Contact) {
  await db.query(
    `insert into contacts (widget_id, visitor_id, name, email, custom_data) values ($1, $2, $3, $4, $5)
     on conflict (widget_id, visitor_id) do update set name = excluded.name, email = excluded.email,
       custom_data = excluded.custom_data, updated_at = now()`,
    [
      widgetId,
      visitorId,
      contact.name ?? null,
      contact.email ?? null,
      contact.customData ? JSON.stringify(contact.customData) : null,
    ],
  );
}
