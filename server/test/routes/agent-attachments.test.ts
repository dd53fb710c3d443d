// Agents' attachments over real HTTP (docs/server.md, "Attachments"): an agent uploads to a
// conversation of their widgets and replies with the file; the visitor gets it live and in the
// history, by a link that works. Files nobody can reach any more are swept.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { diskStore } from '../../src/attachments/storage.js';
import { sweepAttachments } from '../../src/attachments/sweep.js';
import { describeApi, expectProblem, type Api } from '../support/api.js';
import { escalated, seed, signIn } from '../support/agents.js';
import { events, type Reply } from '../support/http.js';

const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: '#1d4ed8' } })
    .png()
    .toBuffer();

/** An agent's upload to `conversationId`, with the session's cookie and (unless left out) its CSRF token. */
async function agentUpload(
  api: Api,
  agent: Awaited<ReturnType<typeof signIn>>,
  conversationId: string,
  bytes: Uint8Array,
  { csrf = true } = {},
) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'image/png' }), 'how-to.png');
  const headers: Record<string, string> = { Cookie: agent.cookie };
  if (csrf) headers['X-CSRF-Token'] = agent.reply.json.csrfToken;
  const response = await fetch(`${api.base}/api/agent/conversations/${conversationId}/attachments`, {
    method: 'POST',
    headers,
    body: form,
  });
  const reply: Reply = { status: response.status, headers: response.headers, json: await response.json() };
  return reply;
}

describeApi('agent attachments', { seed, attachments: true }, (api) => {
  test('an agent replies with a picture: the visitor gets it live and in the history', async () => {
    const { conversationId, headers, history } = await escalated(api);
    const ana = await signIn(api, 'ana@team.example');
    const abort = new AbortController();
    const stream = await fetch(`${api.base}/api/widget/conversations/${conversationId}/events?widgetId=docs`, {
      headers,
      signal: abort.signal,
    });
    const uploaded = await agentUpload(api, ana, conversationId, await png());
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.json));
    const { attachmentId } = uploaded.json;
    const replied = await ana.post(`/conversations/${conversationId}/messages`, {
      content: '',
      attachmentIds: [attachmentId],
    });
    assert.equal(replied.status, 201, JSON.stringify(replied.json));

    let live: { attachments?: { attachmentId: string; url: string }[] } | undefined;
    for await (const event of events(stream)) {
      const message = event.data as { role?: string; attachments?: { attachmentId: string; url: string }[] };
      if (event.event === 'message' && message.role === 'agent') {
        live = message;
        break;
      }
    }
    abort.abort();
    assert.equal(live?.attachments?.[0]?.attachmentId, attachmentId);
    assert.equal((await fetch(live!.attachments![0]!.url)).status, 200, 'the live message’s link works');

    const reply = (await history()).find((m) => m.role === 'agent') as unknown as {
      content: string;
      attachments: { attachmentId: string; url: string; contentType: string }[];
    };
    assert.equal(reply.content, '');
    assert.equal(reply.attachments[0]!.attachmentId, attachmentId);
    const served = await fetch(reply.attachments[0]!.url);
    assert.equal(served.headers.get('content-type'), 'image/png');
    // The agent's view of the conversation has the same file.
    const read = (await ana.get(`/conversations/${conversationId}`)).json;
    const mine = read.messages.find((m: { role: string }) => m.role === 'agent');
    assert.equal(mine.attachments[0].attachmentId, attachmentId);
    assert.ok(mine.attachments[0].url);
  });

  test('only with the session’s CSRF token, only to a conversation of the agent’s widgets; a visitor’s file is not an agent’s', async () => {
    const { conversationId, headers } = await escalated(api);
    const ana = await signIn(api, 'ana@team.example');
    const olga = await signIn(api, 'olga@other.example');
    const image = await png();
    expectProblem(await agentUpload(api, ana, conversationId, image, { csrf: false }), 403, 'csrf');
    expectProblem(await agentUpload(api, olga, conversationId, image), 404, 'conversation_not_found');
    // What the visitor uploaded, an agent cannot send as theirs.
    const form = new FormData();
    form.append('file', new Blob([image]), 'mine.png');
    const visitors = await fetch(`${api.base}/api/widget/attachments?widgetId=docs&conversationId=${conversationId}`, {
      method: 'POST',
      headers,
      body: form,
    });
    const { attachmentId } = (await visitors.json()) as { attachmentId: string };
    const reply = await ana.post(`/conversations/${conversationId}/messages`, {
      content: 'here',
      attachmentIds: [attachmentId],
    });
    expectProblem(reply, 400, 'bad_request');
    assert.deepEqual(reply.json.error.details.fields, ['attachmentIds']);
  });

  test('the sweep deletes uploads never sent within a day and files without a record; sent ones stay', async () => {
    const { conversationId } = await escalated(api);
    const ana = await signIn(api, 'ana@team.example');
    const sent = (await agentUpload(api, ana, conversationId, await png())).json.attachmentId as string;
    await ana.post(`/conversations/${conversationId}/messages`, { content: 'see', attachmentIds: [sent] });
    const unsent = (await agentUpload(api, ana, conversationId, await png())).json.attachmentId as string;
    const fresh = (await agentUpload(api, ana, conversationId, await png())).json.attachmentId as string;
    await api.db.query(`update attachments set created_at = now() - interval '25 hours' where id = $1`, [unsent]);
    const orphan = `a_${'Z'.repeat(22)}`;
    writeFileSync(join(api.filesDir, orphan), 'left over');

    const deleted = await sweepAttachments(api.db, diskStore(api.filesDir));
    assert.ok(deleted >= 2, `deleted ${deleted}`);
    const on = (id: string) => existsSync(join(api.filesDir, id));
    assert.deepEqual([on(sent), on(fresh), on(unsent), on(orphan)], [true, true, false, false]);
    const rows = await api.db.query<{ id: string }>('select id from attachments where id = any($1::text[])', [
      [sent, unsent, fresh],
    ]);
    assert.deepEqual(rows.map((r) => r.id).sort(), [sent, fresh].sort());
  });
});
