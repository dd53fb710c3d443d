import type { Database } from '../db/database.js';
import { listTickets as ticketRows } from '../db/tickets.js';

/** `npm run tickets -- list [<widget id>]`: the visitors' requests for a person. */
export async function listTickets(db: Database, args: string[]): Promise<void> {
  const [widgetId] = args;
  const tickets = await ticketRows(db, widgetId);
  for (const t of tickets)
    console.log(
      `T-${t.id}\t${t.created}\t${t.widget_id}\t${t.email}\t${t.conversation_id}\t${t.message.replace(/\s+/g, ' ')}`,
    );
  if (tickets.length === 0) console.log('No tickets.');
}
