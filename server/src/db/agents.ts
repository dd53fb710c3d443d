import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';

// Agents: the people on a support team who answer escalated conversations (docs/console.md).
// An agent belongs to one or more widgets and sees nothing of any other.

export type AgentRole = 'agent' | 'admin';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  /** An http(s) picture the visitor sees beside the agent's replies. */
  avatarUrl: string | null;
  /** The widgets the agent answers for. */
  widgets: string[];
}

const AGENT_COLUMNS = `a.id, a.email, a.name, a.role, a.avatar_url as "avatarUrl",
  coalesce((select array_agg(w.widget_id order by w.widget_id) from agent_widgets w where w.agent_id = a.id), '{}') as widgets`;

/** Emails are compared as the agent would: without case. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

export async function findAgentByEmail(
  db: Database,
  email: string,
): Promise<(Agent & { passwordHash: string }) | undefined> {
  const [row] = await db.query<Agent & { passwordHash: string }>(
    `select ${AGENT_COLUMNS}, a.password_hash as "passwordHash" from agents a where a.email = $1`,
    [normalEmail(email)],
  );
  return row;
}

export async function findAgent(db: Database, id: string): Promise<Agent | undefined> {
  const [row] = await db.query<Agent>(`select ${AGENT_COLUMNS} from agents a where a.id = $1`, [id]);
  return row;
}

export function listAgents(db: Database, widgetId?: string): Promise<Agent[]> {
  return db.query<Agent>(
    `select ${AGENT_COLUMNS} from agents a
     where $1::text is null or exists (select 1 from agent_widgets w where w.agent_id = a.id and w.widget_id = $1)
     order by a.email`,
    [widgetId ?? null],
  );
}

/**
 * Adds the agent, or adds `widgetId` to an agent of that email (and changes the name or role
 * given). Returns the agent and whether it is new. `passwordHash` is used only for a new agent.
 */
export function addAgent(
  db: Database,
  input: {
    email: string;
    widgetId: string;
    name?: string;
    role?: AgentRole;
    avatarUrl?: string;
    passwordHash: string;
  },
): Promise<{ agent: Agent; created: boolean }> {
  return db.transaction(async (tx) => {
    const email = normalEmail(input.email);
    const [made] = await tx.query<{ id: string; created: boolean }>(
      `insert into agents (id, email, name, role, password_hash, avatar_url) values ($1, $2, $3, $4, $5, $8)
       on conflict (email) do update set name = coalesce($6, agents.name), role = coalesce($7, agents.role),
         avatar_url = coalesce($8, agents.avatar_url)
       returning id, (xmax = 0) as created`,
      [
        randomUUID(),
        email,
        input.name ?? email.split('@')[0],
        input.role ?? 'agent',
        input.passwordHash,
        input.name ?? null,
        input.role ?? null,
        input.avatarUrl ?? null,
      ],
    );
    await tx.query('insert into agent_widgets (agent_id, widget_id) values ($1, $2) on conflict do nothing', [
      made!.id,
      input.widgetId,
    ]);
    return { agent: (await findAgent(tx, made!.id))!, created: made!.created };
  });
}

/** Removes the agent: their sessions and tokens go with them; their messages and notes stay, unsigned. */
export async function removeAgent(db: Database, email: string): Promise<boolean> {
  const rows = await db.query('delete from agents where email = $1 returning id', [normalEmail(email)]);
  return rows.length > 0;
}

/** A new password, which signs the agent out everywhere. */
export async function setPassword(db: Database, email: string, passwordHash: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>('update agents set password_hash = $2 where email = $1 returning id', [
      normalEmail(email),
      passwordHash,
    ]);
    if (rows.length === 0) return false;
    await tx.query('delete from agent_sessions where agent_id = $1', [rows[0]!.id]);
    return true;
  });
}
