// `npm run widget -- ...`, `npm run kb -- ...`, `npm run tickets -- ...`, `npm run agent -- ...`, `npm run webhook -- ...`:
// manage widgets, their knowledge, the visitors' requests for a person and the agents who answer them and the webhooks, on the database the server uses
// (DATA_DIR, or DATABASE_URL). An embedded database (DATA_DIR) is opened by one process at a
// time (a command refuses while the server has it open): stop the server first, or use DATABASE_URL.
import { fileURLToPath } from 'node:url';
import { addAgent, agentToken, listAgents, removeAgent, resetPassword } from './cli/agent.js';
import { evaluate } from './cli/eval.js';
import { ingest } from './cli/kb.js';
import { listTickets } from './cli/tickets.js';
import { UsageError, USAGE } from './cli/usage.js';
import { addWebhook, deleteWebhook, listDeliveries, listWebhookRows } from './cli/webhook.js';
import { listWidgets, setWidget, widgetSecret } from './cli/widget.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openFromEnv } from './db/open.js';

// DATA_DIR is relative to the repository, as for the server, wherever the command runs from.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const COMMANDS: Record<string, (db: Database, args: string[]) => Promise<void>> = {
  'widget set': setWidget,
  'widget list': listWidgets,
  'widget secret': widgetSecret,
  'kb ingest': ingest,
  'kb eval': evaluate,
  'tickets list': listTickets,
  'agent add': addAgent,
  'agent list': listAgents,
  'agent remove': removeAgent,
  'agent reset-password': resetPassword,
  'agent token': agentToken,
  'webhook add': addWebhook,
  'webhook list': listWebhookRows,
  'webhook deliveries': listDeliveries,
  'webhook remove': deleteWebhook,
};

async function main(): Promise<void> {
  const [group, command, ...rest] = process.argv.slice(2);
  const name = [group, command].filter(Boolean).join(' ');
  const task = COMMANDS[name];
  if (!task) throw new UsageError(`Unknown command "${name}".`);
  const db = await openFromEnv(process.env, ROOT);
  try {
    await migrate(db);
    await task(db, rest);
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
