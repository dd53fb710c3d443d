import type { Database } from '../db/database.js';
import { listTickets as ticketRows } from '../db/tickets.js';
import { forTerminal } from './terminal-text.js';

/** `npm run tickets -- list [<widget id>]`: the visitors' requests for a person. */
export async function listTickets(db: Database, args: string[]): Promise<void> {
  const [widgetId] = args;
  const tickets = await ticketRows(db, widgetId);
  // Email and message are the visitor's text: escaped, so they cannot act on the terminal.
  for (const t of tickets)
    console.log(
      [`T-${t.id}`, t.created, t.widget_id, t.email, t.conversation_id, t.message.replace(/\s+/g, ' ')]
        .map(forTerminal)
        .join('\t'),
    );
  if (tickets.length === 0) console.log('No tickets.');
}
