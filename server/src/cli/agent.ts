import { parseArgs } from 'node:util';
import { generatePassword, hashPassword } from '../agents/password.js';
import { createToken } from '../db/agent-credentials.js';
import {
  addAgent as saveAgent,
  findAgentByEmail,
  listAgents as agentRows,
  removeAgent as dropAgent,
  setPassword,
} from '../db/agents.js';
import type { Database } from '../db/database.js';
import { findWidget } from '../db/widgets.js';
import { webUrl } from './setting-values.js';
import { forTerminal } from './terminal-text.js';
import { choice, UsageError } from './usage.js';

// `npm run agent -- ...`: the people who answer escalated conversations (docs/console.md).

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailArg(value: string | undefined, command: string): string {
  if (!value || !EMAIL.test(value)) throw new UsageError(`agent ${command} needs an email address.`);
  return value;
}

/** Checked as the sign-in form checks it: at least 10 characters. */
function passwordArg(value: string | undefined): string | undefined {
  if (value !== undefined && value.length < 10) throw new UsageError('--password must be at least 10 characters.');
  return value;
}

/** `agent add <email> --widget <id> [--role agent|admin] [--name N] [--avatar URL] [--password P]`. */
export async function addAgent(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      widget: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      avatar: { type: 'string' },
    },
  });
  const email = emailArg(positionals[0], 'add');
  if (!values.widget) throw new UsageError('agent add needs --widget <id>: the widget the agent answers for.');
  if (!(await findWidget(db, values.widget))) throw new UsageError(`There is no widget "${values.widget}".`);
  const given = passwordArg(values.password);
  const password = given ?? generatePassword();
  const { agent, created } = await saveAgent(db, {
    email,
    widgetId: values.widget,
    name: values.name,
    role: choice(values.role, 'role', ['agent', 'admin'] as const),
    avatarUrl: values.avatar === undefined ? undefined : webUrl(values.avatar, '--avatar'),
    passwordHash: await hashPassword(password),
  });
  const who = `${agent.name} <${agent.email}> (${agent.role})`;
  console.log(created ? `Agent ${forTerminal(who)} added.` : `Agent ${forTerminal(who)} updated.`);
  console.log(`Widgets: ${agent.widgets.join(', ')}`);
  if (created && !given) console.log(`Password (shown once): ${password}`);
  if (!created && given) console.log('The password of an existing agent is not changed: use reset-password.');
}

/** `agent list [<widget id>]`. */
export async function listAgents(db: Database, args: string[]): Promise<void> {
  const agents = await agentRows(db, args[0]);
  for (const a of agents) console.log([a.email, a.name, a.role, a.widgets.join(',')].map(forTerminal).join('\t'));
  if (agents.length === 0) console.log('No agents.');
}

/** `agent remove <email>`. */
export async function removeAgent(db: Database, args: string[]): Promise<void> {
  const email = emailArg(args[0], 'remove');
  if (!(await dropAgent(db, email))) throw new UsageError(`There is no agent ${email}.`);
  console.log(`Agent ${email} removed; their sessions and tokens no longer work.`);
}

/** `agent reset-password <email> [--password P]`: a new password, and every session signed out. */
export async function resetPassword(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { password: { type: 'string' } },
  });
  const email = emailArg(positionals[0], 'reset-password');
  const given = passwordArg(values.password);
  const password = given ?? generatePassword();
  if (!(await setPassword(db, email, await hashPassword(password))))
    throw new UsageError(`There is no agent ${email}.`);
  console.log(`New password for ${email}${given ? '' : ` (shown once): ${password}`}. Their sessions were signed out.`);
}

/** `agent token <email>`: a personal API token, shown once. */
export async function agentToken(db: Database, args: string[]): Promise<void> {
  const email = emailArg(args[0], 'token');
  const agent = await findAgentByEmail(db, email);
  if (!agent) throw new UsageError(`There is no agent ${email}.`);
  const token = await createToken(db, agent.id);
  console.log(`API token for ${email} (shown once; send it as "Authorization: Bearer <token>"):\n${token}`);
}
