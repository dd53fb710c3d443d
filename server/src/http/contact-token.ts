import { createHash } from 'node:crypto';
import { jwtVerify } from 'jose';
import { saveVerifiedContact } from '../db/contacts.js';
import type { Database } from '../db/database.js';
import { identitySecret } from '../db/widget-secrets.js';
import { ApiProblem } from './problem.js';

// Verified contacts (docs/console.md, "Verified contacts"): the customer's backend signs who its
// signed-in user is — `{ sub, name?, email?, exp }`, HS256 with the widget's identity secret — and
// the widget sends it as `Authorization: Bearer <contactToken>`. A valid token makes the visitor
// that contact, on every device: their visitor id comes from `sub`, not from the browser.

const refused = (why: string) =>
  new ApiProblem(401, 'invalid_contact_token', `This contact token is not valid: ${why}`);

export interface VerifiedContact {
  visitorId: string;
  name?: string;
  email?: string;
}

/** The contact's visitor id: the same for a `sub` of a widget everywhere; never one a visitor token can name (`v_`). */
export const contactVisitorId = (widgetId: string, sub: string) =>
  `c_${createHash('sha256').update(`contact\0${widgetId}\0${sub}`).digest('base64url').slice(0, 22)}`;

const claim = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;

/** The contact `authorization` (a `Bearer` header) proves for `widgetId`, or a 401 `invalid_contact_token` saying why. */
export async function verifyContact(db: Database, widgetId: string, authorization: string): Promise<VerifiedContact> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization)?.[1];
  if (!token || token.length > 4000) throw refused('send it as "Authorization: Bearer <a JWT>".');
  const secret = await identitySecret(db, widgetId);
  if (!secret) throw refused('this widget has no identity secret (npm run widget -- secret <id>).');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw refused(
      code === 'ERR_JWT_EXPIRED'
        ? 'it has expired.'
        : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
          ? 'it needs "sub" and "exp".'
          : 'its signature does not match this widget’s identity secret.',
    );
  }
  const sub = claim(payload.sub, 200);
  if (!sub) throw refused('"sub" must be a string of 1 to 200 characters.');
  const contact = {
    visitorId: contactVisitorId(widgetId, sub),
    name: claim(payload.name, 200),
    email: claim(payload.email, 320),
  };
  await saveVerifiedContact(db, widgetId, contact.visitorId, contact);
  return contact;
}
