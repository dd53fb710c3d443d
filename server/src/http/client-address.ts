import { isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request comes from, for the limits (docs/server.md, "Limits"): the socket's peer,
 * unless that peer is one of `trustedProxies`; then the `X-Forwarded-For` entry nearest the server
 * that is not a trusted proxy. An entry a client wrote itself comes before those the proxies
 * added, so it is never read. Without a socket (a request made in process) it is `local`.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = normalise(incoming?.socket?.remoteAddress);
  if (!peer) return 'local';
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((entry) => normalise(entry.trim()))
    .filter((entry): entry is string => Boolean(entry));
  for (let i = forwarded.length - 1; i >= 0; i -= 1) {
    if (!trustedProxies.has(forwarded[i]!)) return forwarded[i]!;
  }
  return peer;
}

/** An IP address as one spelling: IPv4 in IPv6 (`::ffff:10.0.0.1`) as IPv4, IPv6 in lower case; else undefined. */
function normalise(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
  return isIP(plain) ? plain : undefined;
}

/** `TRUSTED_PROXIES`: a comma-separated list of proxy addresses whose `X-Forwarded-For` is read. */
export function trustedProxiesFromEnv(value: string | undefined): Set<string> {
  const list = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    if (!normalise(entry)) throw new Error(`TRUSTED_PROXIES must list IP addresses, got "${entry}".`);
  }
  return new Set(list.map((entry) => normalise(entry)!));
}
