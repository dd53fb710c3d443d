import { newCsrfToken, newSecret, secretHash } from '../agents/credentials.js';
import type { Database } from './database.js';

// Agents' sign-in sessions and personal API tokens, stored by the hash of what the agent holds
// (agents/credentials.ts). Sessions are server-side, so signing out or a new password ends them.

/** How long a session lasts without signing in again. */
export const SESSION_DAYS = 14;

/** A new session for `agentId`: the cookie's value and the CSRF token its pages send back. */
export async function createSession(db: Database, agentId: string): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = newSecret('session');
  const csrfToken = newCsrfToken();
  await db.query(
    `insert into agent_sessions (id_hash, agent_id, csrf_token, expires_at)
     values ($1, $2, $3, now() + interval '${SESSION_DAYS} days')`,
    [secretHash(cookie), agentId, csrfToken],
  );
  return { cookie, csrfToken };
}

/** The agent and CSRF token of a live session cookie. */
export async function findSession(db: Database, cookie: string) {
  const [row] = await db.query<{ agentId: string; csrfToken: string }>(
    `select agent_id as "agentId", csrf_token as "csrfToken" from agent_sessions
     where id_hash = $1 and expires_at > now()`,
    [secretHash(cookie)],
  );
  return row;
}

export async function endSession(db: Database, cookie: string): Promise<void> {
  await db.query('delete from agent_sessions where id_hash = $1', [secretHash(cookie)]);
}

/** A new personal API token for `agentId`, shown once: only its hash is kept. */
export async function createToken(db: Database, agentId: string): Promise<string> {
  const token = newSecret('token');
  await db.query('insert into agent_tokens (id_hash, agent_id) values ($1, $2)', [secretHash(token), agentId]);
  return token;
}

/** The agent a personal API token belongs to (and notes that it was used). */
export async function findTokenAgent(db: Database, token: string): Promise<string | undefined> {
  const [row] = await db.query<{ agentId: string }>(
    `update agent_tokens set last_used_at = now() where id_hash = $1 returning agent_id as "agentId"`,
    [secretHash(token)],
  );
  return row?.agentId;
}

/** Drops sessions long expired. */
export async function pruneSessions(db: Database): Promise<void> {
  await db.query(`delete from agent_sessions where expires_at < now()`);
}
