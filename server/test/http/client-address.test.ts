// Which address a request is counted against: the socket's peer, or behind a trusted proxy the
// nearest X-Forwarded-For entry that is not one of the proxies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Context } from 'hono';
import { clientAddress, trustedProxiesFromEnv } from '../../src/http/client-address.js';

const request = (peer: string | undefined, forwarded?: string) =>
  ({
    env: { incoming: { socket: { remoteAddress: peer } } },
    req: { header: (name: string) => (name === 'X-Forwarded-For' ? forwarded : undefined) },
  }) as unknown as Context;

test('without trusted proxies the peer is the client, whatever X-Forwarded-For says', () => {
  const none = new Set<string>();
  assert.equal(clientAddress(request('203.0.113.7', '1.2.3.4'), none), '203.0.113.7');
  assert.equal(clientAddress(request('::ffff:203.0.113.7'), none), '203.0.113.7', 'IPv4 in IPv6 is IPv4');
  assert.equal(clientAddress(request('2001:DB8::1'), none), '2001:db8::1');
  assert.equal(clientAddress(request(undefined), none), 'local', 'in process, no socket');
});

test('behind trusted proxies, the nearest forwarded address that is not a proxy', () => {
  const proxies = trustedProxiesFromEnv(' 10.0.0.1, 10.0.0.2 ,::1');
  assert.deepEqual([...proxies], ['10.0.0.1', '10.0.0.2', '::1']);
  // The client wrote "6.6.6.6" itself; the proxies appended what they saw.
  assert.equal(clientAddress(request('10.0.0.1', '6.6.6.6, 198.51.100.4, 10.0.0.2'), proxies), '198.51.100.4');
  assert.equal(clientAddress(request('10.0.0.1', 'garbage, 198.51.100.5'), proxies), '198.51.100.5');
  assert.equal(clientAddress(request('10.0.0.1'), proxies), '10.0.0.1', 'no header: the proxy itself');
  assert.equal(clientAddress(request('198.51.100.9', '10.0.0.1'), proxies), '198.51.100.9', 'not from a proxy');
});

test('TRUSTED_PROXIES must list addresses', () => {
  assert.deepEqual([...trustedProxiesFromEnv(undefined)], []);
  assert.throws(
    () => trustedProxiesFromEnv('10.0.0.1, proxy.internal'),
    /TRUSTED_PROXIES must list IP addresses, got "proxy.internal"/,
  );
});
