import { createHmac, timingSafeEqual } from 'node:crypto';

// The webhook signature (docs/console.md, "Verifying a delivery"): HMAC-SHA256 with the endpoint's
// secret over `<unix seconds>.<body>`, sent as `OpenCX-Signature: t=<seconds>,v1=<hex>`.

export const SIGNATURE_HEADER = 'OpenCX-Signature';

export function sign(secret: string, body: string, seconds: number): string {
  const digest = createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex');
  return `t=${seconds},v1=${digest}`;
}

/**
 * What a receiver does (the snippet in the docs is this function): the signature matches the
 * body, and it is not older than `toleranceSeconds` (a replayed delivery is refused).
 */
export function verify(secret: string, body: string, header: string, now = Date.now(), toleranceSeconds = 300) {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const seconds = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(`${seconds}.${body}`).digest();
  if (!Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return false;
  return given.length === expected.length && timingSafeEqual(given, expected);
}
