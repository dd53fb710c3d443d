import { Hono } from 'hono';
import * as v from 'valibot';
import { DECOY_HASH, verifyPassword } from '../agents/password.js';
import { createSession, endSession, findSession } from '../db/agent-credentials.js';
import { findAgent, findAgentByEmail, normalEmail, type Agent } from '../db/agents.js';
import type { Database } from '../db/database.js';
import { admitSignIn } from '../db/limits.js';
import { clearSessionCookie, requireAgent, sessionCookie, setSessionCookie } from '../http/agent.js';
import type { AgentEnv } from '../http/env.js';
import { email, text } from '../http/fields.js';
import { ApiProblem, limitProblem } from '../http/problem.js';
import { jsonBody } from '../http/validate.js';

const signIn = v.object({ email, password: text(1000) });

/** The agent as the API shows them. */
const shown = ({ id, email, name, role, widgets }: Agent) => ({ id, email, name, role, widgets });

/** Signing in and out of the agent API with a session cookie (docs/console.md, "Signing in"). */
export function agentSessionRoutes(db: Database) {
  return new Hono<AgentEnv>()
    .post('/session', jsonBody(signIn), async (c) => {
      const input = c.req.valid('json');
      const refusal = await admitSignIn(db, normalEmail(input.email), c.var.client);
      if (refusal) throw limitProblem(refusal.code, refusal.retryAfter, 'requests');
      const agent = await findAgentByEmail(db, input.email);
      // An unknown email costs the same as a wrong password: the timing tells nothing.
      const valid = await verifyPassword(input.password, agent?.passwordHash ?? DECOY_HASH);
      if (!agent || !valid) throw new ApiProblem(401, 'invalid_credentials', 'The email or password is not right.');
      const { cookie, csrfToken } = await createSession(db, agent.id);
      setSessionCookie(c, cookie);
      return c.json({ agent: shown(agent), csrfToken });
    })
    .get('/session', async (c) => {
      // A page signed in before (the console, reloaded) gets its agent and CSRF token again.
      const cookie = sessionCookie(c);
      const session = cookie && cookie.length <= 100 ? await findSession(db, cookie) : undefined;
      const agent = session && (await findAgent(db, session.agentId));
      if (!session || !agent) throw new ApiProblem(401, 'unauthorized', 'Not signed in.');
      return c.json({ agent: shown(agent), csrfToken: session.csrfToken });
    })
    .delete('/session', requireAgent(db), async (c) => {
      const cookie = sessionCookie(c);
      if (cookie) await endSession(db, cookie);
      clearSessionCookie(c);
      return c.body(null, 204);
    });
}
