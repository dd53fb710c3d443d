import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { findSession, findTokenAgent, SESSION_DAYS } from '../db/agent-credentials.js';
import { findAgent } from '../db/agents.js';
import type { Database } from '../db/database.js';
import type { AgentEnv } from './env.js';
import { ApiProblem } from './problem.js';

// Who is calling the agent API (docs/console.md, "Signing in"): a session cookie set by
// `POST /api/agent/session`, or a personal token in `Authorization: Bearer`. With the cookie,
// every request that changes something carries the session's CSRF token in X-CSRF-Token: the
// cookie is SameSite=Strict already, and the token holds even where that is not honoured.
// Nothing here answers CORS, so no other site's page can read an agent's data.

export const SESSION_COOKIE = 'opencx_agent';
const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

const unauthorized = () =>
  new ApiProblem(401, 'unauthorized', 'Sign in first (POST /api/agent/session), or send a personal API token.');

const sameSecret = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The session cookie: HttpOnly, SameSite=Strict, for the whole site, Secure when served over HTTPS. */
export function setSessionCookie(c: Context, value: string): void {
  setCookie(c, SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: '/' });

/** The session cookie's value, if the request has one. */
export const sessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE);

/** Sets `c.var.agent`, or refuses with 401 (no valid credential) or 403 `csrf` (a cookie without its token). */
export const requireAgent = (db: Database) =>
  createMiddleware<AgentEnv>(async (c, next) => {
    const authorization = c.req.header('Authorization');
    let agentId: string | undefined;
    if (authorization !== undefined) {
      const token = /^Bearer (ocx_t_[\w-]{43})$/.exec(authorization)?.[1];
      agentId = token && (await findTokenAgent(db, token));
      if (!agentId) throw new ApiProblem(401, 'unauthorized', 'This API token is not valid.');
    } else {
      const cookie = sessionCookie(c);
      const session = cookie && cookie.length <= 100 ? await findSession(db, cookie) : undefined;
      if (!session) throw unauthorized();
      if (!SAFE_METHODS.has(c.req.method)) {
        const sent = c.req.header(CSRF_HEADER);
        if (!sent || !sameSecret(sent, session.csrfToken)) {
          throw new ApiProblem(403, 'csrf', `This request needs the session's CSRF token in ${CSRF_HEADER}.`);
        }
      }
      agentId = session.agentId;
    }
    const agent = await findAgent(db, agentId);
    if (!agent) throw unauthorized();
    c.set('agent', agent);
    await next();
  });
