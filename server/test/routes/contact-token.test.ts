// Verified contacts over real HTTP (docs/console.md, "Verified contacts"): a contact token signed
// with the widget's identity secret makes the visitor that contact on any device; a forged,
// expired or malformed one is a 401 that says why; agents see the contact as verified.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { SignJWT } from 'jose';
import { hashPassword } from '../../src/agents/password.js';
import { createToken } from '../../src/db/agent-credentials.js';
import { addAgent } from '../../src/db/agents.js';
import type { Database } from '../../src/db/database.js';
import { ensureIdentitySecret } from '../../src/db/widget-secrets.js';
import { describeApi, expectProblem, type Api } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

async function seed(db: Database) {
  await docsWidget(db, { id: 'docs' });
  await docsWidget(db, { id: 'plain' });
  await ensureIdentitySecret(db, 'docs', false);
  await addAgent(db, {
    email: 'ana@team.example',
    widgetId: 'docs',
    name: 'Ana',
    passwordHash: await hashPassword('correct horse battery'),
  });
}

/** What the customer's backend does (the docs' snippet): sign the signed-in user with the widget's secret. */
const contactToken = (secret: string, claims: Record<string, unknown>, expires: string | number = '1h') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(new TextEncoder().encode(secret));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describeApi('verified contacts', { seed }, (api: Api) => {
  let secret: string;
  let agent: Record<string, string>;
  before(async () => {
    // What seed made: the identity secret (asking again returns it) and an agent's API token.
    secret = (await ensureIdentitySecret(api.db, 'docs', false)).secret;
    const [ana] = await api.db.query<{ id: string }>(`select id from agents where email = 'ana@team.example'`);
    agent = { Authorization: `Bearer ${await createToken(api.db, ana!.id)}` };
  });

  test('the contact continues a conversation from another device; agents see them verified', async () => {
    const token = await contactToken(secret, { sub: 'customer-42', name: 'Grace Hopper', email: 'grace@example.com' });
    // Device one: a visitor token of its own, and the contact token; the contact token decides who it is.
    const phone = await api.visitor('docs');
    const asked = await api.chat({ message: 'How do I install it?' }, { ...phone.headers, ...bearer(token) });
    assert.equal(asked.status, 200, JSON.stringify(asked.json));
    assert.equal(asked.json.visitorToken, undefined, 'no visitor token is made for a verified contact');
    const conversationId = asked.json.conversationId as string;
    // Device two: nothing but the contact token (a fresh one, as the backend signs per page).
    const laptop = bearer(await contactToken(secret, { sub: 'customer-42' }));
    const history = await api.call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=docs`, {
      headers: laptop,
    });
    assert.equal(history.status, 200, JSON.stringify(history.json));
    assert.equal(history.json.messages[0].content, 'How do I install it?');
    // The device that knows no conversation asks who it is: the contact's conversation comes with it.
    const me = await api.call('GET', '/api/widget/docs/me', { headers: laptop });
    assert.deepEqual([me.json.name, me.json.email, me.json.verified], ['Grace Hopper', 'grace@example.com', true]);
    assert.equal(me.json.conversation?.conversationId, conversationId);
    assert.equal(me.json.conversation.status, 'bot');
    // An anonymous visitor is not verified, and has no conversation yet.
    const stranger = await api.visitor('docs');
    const anonymous = await api.call('GET', '/api/widget/docs/me', { headers: stranger.headers });
    assert.deepEqual([anonymous.json.verified, anonymous.json.conversation], [false, null]);
    // The anonymous visitor token of device one alone does not reach the contact's conversation.
    const alone = await api.call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=docs`, {
      headers: phone.headers,
    });
    expectProblem(alone, 404, 'conversation_not_found');
    // Another contact does not either.
    const other = bearer(await contactToken(secret, { sub: 'customer-43' }));
    expectProblem(
      await api.call('GET', `/api/widget/conversations/${conversationId}/messages?widgetId=docs`, { headers: other }),
      404,
      'conversation_not_found',
    );
    // The agent sees the contact, verified.
    const read = await api.call('GET', `/api/agent/conversations/${conversationId}`, { headers: agent });
    assert.equal(read.status, 200, JSON.stringify(read.json));
    assert.deepEqual(read.json.visitor, {
      visitorId: read.json.visitor.visitorId,
      name: 'Grace Hopper',
      email: 'grace@example.com',
      verified: true,
    });
    // What the contact types over it is theirs, no longer verified.
    await api.call('POST', '/api/widget/contact', {
      body: { widgetId: 'docs', name: 'G. H.', email: 'grace@example.com' },
      headers: laptop,
    });
    const after = await api.call('GET', `/api/agent/conversations/${conversationId}`, { headers: agent });
    assert.equal(after.json.visitor.verified, false);
    // Once the agent closes it, a new device starts afresh.
    const closed = await api.call('POST', `/api/agent/conversations/${conversationId}/status`, {
      body: { status: 'closed' },
      headers: agent,
    });
    assert.equal(closed.status, 204, JSON.stringify(closed.json));
    assert.equal((await api.call('GET', '/api/widget/docs/me', { headers: laptop })).json.conversation, null);
  });

  test('a forged, expired, incomplete or malformed token is a 401 invalid_contact_token saying why', async () => {
    const chat = (headers: Record<string, string>) => api.chat({ message: 'Hello' }, headers);
    const cases: [string, Record<string, string>, RegExp][] = [
      ['another secret', bearer(await contactToken('not-the-secret', { sub: 'x' })), /signature/],
      ['expired', bearer(await contactToken(secret, { sub: 'x' }, Math.floor(Date.now() / 1000) - 60)), /expired/],
      [
        'no exp',
        bearer(
          await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret)),
        ),
        /"exp"/,
      ],
      ['no sub', bearer(await contactToken(secret, { name: 'x' })), /"sub"/],
      [
        'alg none',
        bearer(
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","exp":9999999999}').toString('base64url')}.`,
        ),
        /JWT|signature/,
      ],
      ['not a JWT', { Authorization: 'Bearer hello' }, /JWT/],
      ['not Bearer', { Authorization: 'Basic dXNlcjpwYXNz' }, /JWT/],
    ];
    for (const [name, headers, why] of cases) {
      const reply = await chat(headers);
      expectProblem(reply, 401, 'invalid_contact_token');
      assert.match(reply.json.error.message, why, name);
    }
    // A widget without an identity secret takes no contact token.
    const plain = await api.chat(
      { widgetId: 'plain', message: 'Hello' },
      bearer(await contactToken(secret, { sub: 'x' })),
    );
    expectProblem(plain, 401, 'invalid_contact_token');
    assert.match(plain.json.error.message, /no identity secret/);
  });

  test('after the secret is rotated, tokens signed with the old one are refused', async () => {
    const old = await contactToken(secret, { sub: 'customer-44' });
    assert.equal((await api.chat({ message: 'Hi' }, bearer(old))).status, 200);
    const rotated = await ensureIdentitySecret(api.db, 'docs', true);
    assert.notEqual(rotated.secret, secret);
    expectProblem(await api.chat({ message: 'Hi' }, bearer(old)), 401, 'invalid_contact_token');
    assert.equal(
      (await api.chat({ message: 'Hi' }, bearer(await contactToken(rotated.secret, { sub: 'customer-44' })))).status,
      200,
    );
    secret = rotated.secret;
  });
});
