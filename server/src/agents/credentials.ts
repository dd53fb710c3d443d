import { createHash, randomBytes } from 'node:crypto';

// What an agent holds to prove who they are — a session cookie's value, a personal API token —
// is 256 random bits; the database keeps only its SHA-256, so a copy of the database signs no one in.

/** A new secret for the agent to hold, with a recognisable prefix (`ocx_s_` session, `ocx_t_` token). */
export const newSecret = (kind: 'session' | 'token') => `ocx_${kind[0]}_${randomBytes(32).toString('base64url')}`;

/** What the database keeps of a secret. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** The per-session token a signed-in page sends back in X-CSRF-Token. */
export const newCsrfToken = () => randomBytes(24).toString('base64url');
