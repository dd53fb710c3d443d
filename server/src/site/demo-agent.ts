import { generatePassword, hashPassword } from '../agents/password.js';
import { addAgent, findAgentByEmail } from '../db/agents.js';
import type { Database } from '../db/database.js';

export const DEMO_AGENT = 'demo@opencx.local';

/**
 * The agent of the demo widget, so that `npm start` has someone to answer escalations. Made on
 * the first start with a random password, which only that start prints: a fixed password would
 * let anyone who can reach the demo read its conversations.
 */
export async function ensureDemoAgent(db: Database, widgetId: string): Promise<{ email: string; password?: string }> {
  if (await findAgentByEmail(db, DEMO_AGENT)) return { email: DEMO_AGENT };
  const password = generatePassword();
  await addAgent(db, { email: DEMO_AGENT, widgetId, name: 'Demo agent', passwordHash: await hashPassword(password) });
  return { email: DEMO_AGENT, password };
}
