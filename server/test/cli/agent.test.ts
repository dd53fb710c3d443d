// `npm run agent -- ...`: adding agents (a password made and shown once, or given), listing,
// tokens, a new password that signs the agent out, and removing them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyPassword } from '../../src/agents/password.js';
import { addAgent, agentToken, listAgents, removeAgent, resetPassword } from '../../src/cli/agent.js';
import { UsageError } from '../../src/cli/usage.js';
import { createSession, findSession, findTokenAgent } from '../../src/db/agent-credentials.js';
import { findAgentByEmail } from '../../src/db/agents.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';
import { printed } from '../support/printed.js';

describeOnEachBackend(
  'cli agent',
  async (db) => {
    await upsertWidget(db, { id: 'shop' });
    await upsertWidget(db, { id: 'blog' });
  },
  (suite) => {
    test('add makes a password and shows it once, hashed in the database; adding again adds a widget', async () => {
      const lines = await printed(() => addAgent(suite.db, ['Ana@Shop.example', '--widget', 'shop', '--name', 'Ana']));
      assert.equal(lines[0], 'Agent Ana <ana@shop.example> (agent) added.');
      const password = /^Password \(shown once\): (\S{20})$/.exec(lines.at(-1)!)?.[1];
      assert.ok(password, lines.join('\n'));
      const stored = (await findAgentByEmail(suite.db, 'ana@shop.example'))!;
      assert.match(stored.passwordHash, /^scrypt\$32768\$8\$1\$/);
      assert.ok(!stored.passwordHash.includes(password));
      assert.ok(await verifyPassword(password, stored.passwordHash));
      assert.ok(!(await verifyPassword(`${password}x`, stored.passwordHash)));

      const again = await printed(() =>
        addAgent(suite.db, ['ana@shop.example', '--widget', 'blog', '--role', 'admin']),
      );
      assert.deepEqual(again, ['Agent Ana <ana@shop.example> (admin) updated.', 'Widgets: blog, shop']);
      assert.ok(await verifyPassword(password, (await findAgentByEmail(suite.db, 'ana@shop.example'))!.passwordHash));
      assert.deepEqual(await printed(() => listAgents(suite.db, ['blog'])), [
        'ana@shop.example\tAna\tadmin\tblog,shop',
      ]);
    });

    test('bad input is a usage error that changes nothing', async () => {
      await assert.rejects(addAgent(suite.db, ['not-an-email', '--widget', 'shop']), UsageError);
      await assert.rejects(addAgent(suite.db, ['ben@shop.example']), /--widget/);
      await assert.rejects(addAgent(suite.db, ['ben@shop.example', '--widget', 'nope']), /no widget "nope"/);
      await assert.rejects(addAgent(suite.db, ['ben@shop.example', '--widget', 'shop', '--role', 'owner']), UsageError);
      await assert.rejects(
        addAgent(suite.db, ['ben@shop.example', '--widget', 'shop', '--password', 'short']),
        /10 characters/,
      );
      for (const avatar of ['javascript:alert(1)', 'data:image/png;base64,AA==', 'ben.png']) {
        await assert.rejects(
          addAgent(suite.db, ['ben@shop.example', '--widget', 'shop', '--avatar', avatar]),
          /--avatar must be an http\(s\) URL/,
        );
      }
      assert.equal(await findAgentByEmail(suite.db, 'ben@shop.example'), undefined);
      await printed(() =>
        addAgent(suite.db, ['cy@shop.example', '--widget', 'shop', '--avatar', 'https://cdn.example/cy.png']),
      );
      assert.equal((await findAgentByEmail(suite.db, 'cy@shop.example'))?.avatarUrl, 'https://cdn.example/cy.png');
      await assert.rejects(resetPassword(suite.db, ['nobody@shop.example']), /no agent/);
      await assert.rejects(agentToken(suite.db, ['nobody@shop.example']), /no agent/);
    });

    test('reset-password signs the agent out everywhere; token is shown once and works; remove ends both', async () => {
      await printed(() =>
        addAgent(suite.db, ['cleo@shop.example', '--widget', 'shop', '--password', 'first password']),
      );
      const cleo = (await findAgentByEmail(suite.db, 'cleo@shop.example'))!;
      const { cookie } = await createSession(suite.db, cleo.id);
      assert.ok(await findSession(suite.db, cookie));
      const reset = await printed(() =>
        resetPassword(suite.db, ['cleo@shop.example', '--password', 'second password']),
      );
      assert.match(reset[0]!, /Their sessions were signed out/);
      assert.equal(await findSession(suite.db, cookie), undefined);
      assert.ok(
        await verifyPassword('second password', (await findAgentByEmail(suite.db, 'cleo@shop.example'))!.passwordHash),
      );

      const lines = await printed(() => agentToken(suite.db, ['cleo@shop.example']));
      const token = lines[0]!.split('\n')[1]!;
      assert.equal(await findTokenAgent(suite.db, token), cleo.id);
      const session = await createSession(suite.db, cleo.id);
      await printed(() => removeAgent(suite.db, ['cleo@shop.example']));
      assert.equal(await findTokenAgent(suite.db, token), undefined);
      assert.equal(await findSession(suite.db, session.cookie), undefined);
      await assert.rejects(removeAgent(suite.db, ['cleo@shop.example']), /no agent/);
    });
  },
);
