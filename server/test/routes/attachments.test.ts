// Attachments over real HTTP (docs/server.md, "Attachments"): upload, send with a message, read
// by link; every bad input refused with its code and nothing left behind.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { FILES_ONLY } from '../../src/answering/answer-once.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { describeApi, expectProblem, type Api } from '../support/api.js';
import { docsWidget } from '../support/fixtures.js';

async function seed(db: Parameters<typeof docsWidget>[0]) {
  await docsWidget(db, { id: 'docs' });
  await upsertWidget(db, {
    id: 'small',
    attachment_max_bytes: 2048,
    attachment_types: ['image/png', 'text/plain'],
  });
  await upsertWidget(db, { id: 'off', attachments_enabled: false });
  // Uploads are counted per widget and address a minute: tests that upload many have their own.
  await upsertWidget(db, { id: 'types' });
  await upsertWidget(db, { id: 'burst', attachment_types: ['text/plain'], rate_limit_per_minute: 10 });
}

const png = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: '#0f766e' } })
    .png()
    .toBuffer();

/** A JPEG whose EXIF says where it was taken. */
const jpegWithExif = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: '#c2410c' } })
    .jpeg()
    .withExif({ IFD0: { ImageDescription: 'Taken at 51.5007N 0.1246W', Artist: 'Ana' } })
    .toBuffer();

/** A visitor with a conversation of `widgetId`: its headers and the conversation's id. */
async function conversation(api: Api, widgetId = 'docs') {
  const created = await api.call('POST', '/api/widget/conversations', { body: { widgetId } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  return {
    id: created.json.conversationId as string,
    headers: { 'X-Visitor-Token': created.json.visitorToken as string },
  };
}

/** Uploads `bytes` as the field `file` named `name`, declared as `type`. */
async function upload(
  api: Api,
  { id, headers }: { id: string; headers: Record<string, string> },
  bytes: Uint8Array,
  { name = 'file.png', type = 'image/png', widgetId = 'docs', field = 'file' } = {},
) {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type }), name);
  const response = await fetch(`${api.base}/api/widget/attachments?widgetId=${widgetId}&conversationId=${id}`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** What is in the files folder: committed files and the incoming ones. */
const held = (api: Api) => ({
  files: readdirSync(api.filesDir).filter((n) => n.startsWith('a_')),
  incoming: readdirSync(join(api.filesDir, '.incoming')),
});

describeApi('attachments', { seed, attachments: true }, (api) => {
  test('the prelude says what may be sent', async () => {
    const { json } = await api.call('GET', '/api/widget/docs/prelude');
    assert.deepEqual(json.attachments, {
      enabled: true,
      maxBytes: 10 * 1024 * 1024,
      maxFiles: 5,
      types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
    });
    assert.equal((await api.call('GET', '/api/widget/off/prelude')).json.attachments.enabled, false);
  });

  test('a screenshot: uploaded, sent with a message, in the history, served by its link without its metadata', async () => {
    const visitor = await conversation(api);
    const original = await jpegWithExif();
    assert.ok((await sharp(original).metadata()).exif, 'the original has EXIF');
    const uploaded = await upload(api, visitor, original, { name: 'screen shot.jpg', type: 'image/jpeg' });
    assert.equal(uploaded.status, 201, JSON.stringify(uploaded.json));
    const { attachmentId, name, size, contentType, url } = uploaded.json;
    assert.match(attachmentId, /^a_[\w-]{22}$/);
    assert.deepEqual([name, contentType], ['screen shot.jpg', 'image/jpeg']);
    assert.ok(url.startsWith(`${api.base}/files/${attachmentId}?expires=`), url);

    const served = await fetch(url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.equal(served.headers.get('x-content-type-options'), 'nosniff');
    assert.match(served.headers.get('content-security-policy')!, /default-src 'none'.*sandbox/);
    assert.match(served.headers.get('content-disposition')!, /^inline; filename\*=UTF-8''screen%20shot\.jpg$/);
    const bytes = Buffer.from(await served.arrayBuffer());
    assert.equal(bytes.length, size);
    const metadata = await sharp(bytes).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['jpeg', 80, 60]);
    assert.equal(metadata.exif, undefined, 'no EXIF is served');
    assert.ok(!bytes.includes('51.5007N'), 'nor the place it names');

    // Sent without a word: stored with the message; the bot says it cannot read files.
    const sent = await api.chat(
      { message: '', conversationId: visitor.id, attachmentIds: [attachmentId] },
      visitor.headers,
    );
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    assert.equal(sent.json.answer, FILES_ONLY);
    assert.equal(sent.json.wasRefused, true);
    const history = await api.call('GET', `/api/widget/conversations/${visitor.id}/messages?widgetId=docs`, {
      headers: visitor.headers,
    });
    const [question] = history.json.messages;
    assert.equal(question.content, '');
    assert.equal(question.attachments.length, 1);
    assert.deepEqual(
      { ...question.attachments[0], url: undefined },
      { attachmentId, name, size, contentType, url: undefined },
    );
    assert.equal((await fetch(question.attachments[0].url)).status, 200, 'the history’s link works');
    assert.equal(history.json.messages[1].attachments, undefined, 'the answer has none');

    // A file goes with one message only.
    const again = await api.chat(
      { message: 'and again', conversationId: visitor.id, attachmentIds: [attachmentId] },
      visitor.headers,
    );
    expectProblem(again, 400, 'bad_request');
    assert.deepEqual(again.json.error.details.fields, ['attachmentIds']);
  });

  test('the type is read from the bytes: HTML or SVG named .png is refused; a PNG hiding HTML is re-encoded', async () => {
    const visitor = await conversation(api, 'types');
    const send = (bytes: Uint8Array, options: Parameters<typeof upload>[3] = {}) =>
      upload(api, visitor, bytes, { widgetId: 'types', ...options });
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const lying = await send(html, { name: 'cat.png', type: 'image/png' });
    expectProblem(lying, 415, 'type_not_allowed');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>');
    expectProblem(await send(svg, { name: 'logo.png' }), 415, 'type_not_allowed');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    expectProblem(await send(exe, { name: 'setup.pdf', type: 'application/pdf' }), 415, 'type_not_allowed');
    // The first bytes of a PNG and then something else entirely.
    const fake = Buffer.concat([(await png()).subarray(0, 33), Buffer.from('<script>alert(1)</script>')]);
    expectProblem(await send(fake), 415, 'type_not_allowed');

    const polyglot = Buffer.concat([await png(), Buffer.from('<html><script>alert(1)</script></html>')]);
    const stored = await send(polyglot, { name: 'poly.html', type: 'text/html' });
    assert.equal(stored.status, 201, JSON.stringify(stored.json));
    assert.equal(stored.json.contentType, 'image/png');
    const bytes = Buffer.from(await (await fetch(stored.json.url)).arrayBuffer());
    assert.ok(!bytes.includes('<script'), 'what was hidden after the image is gone');
    assert.deepEqual(held(api).incoming, [], 'nothing refused is left behind');
  });

  test('text is served as a download, as text; names lose their folders and control characters', async () => {
    const visitor = await conversation(api, 'small');
    const log = Buffer.from('<b>error</b> at line 3\n');
    const stored = await upload(api, visitor, log, {
      widgetId: 'small',
      name: "../../etc/\u202egpj.exe\u200b(it's).txt",
      type: 'image/png',
    });
    assert.equal(stored.status, 201, JSON.stringify(stored.json));
    assert.deepEqual([stored.json.name, stored.json.contentType], ["gpj.exe(it's).txt", 'text/plain']);
    const served = await fetch(stored.json.url);
    assert.equal(served.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(served.headers.get('content-disposition'), "attachment; filename*=UTF-8''gpj.exe%28it%27s%29.txt");
    assert.equal(await served.text(), log.toString());
    // PDF is not on this widget's list.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const refused = await upload(api, visitor, pdf, { widgetId: 'small', name: 'a.pdf', type: 'application/pdf' });
    expectProblem(refused, 415, 'type_not_allowed');
    assert.deepEqual(refused.json.error.details, { types: ['image/png', 'text/plain'], detected: 'application/pdf' });
  });

  test('too large, empty, no file, two files, not multipart: each refused by its code, nothing kept', async () => {
    const visitor = await conversation(api, 'small');
    const before = held(api).files.length;
    const big = await upload(api, visitor, Buffer.alloc(4096, 'a'), { widgetId: 'small', name: 'big.txt' });
    expectProblem(big, 413, 'file_too_large');
    assert.equal(big.json.error.details.maxBytes, 2048);
    expectProblem(await upload(api, visitor, new Uint8Array(0), { widgetId: 'small' }), 400, 'bad_request');
    const misnamed = await upload(api, visitor, Buffer.from('hello'), { widgetId: 'small', field: 'upload' });
    expectProblem(misnamed, 400, 'bad_request');
    assert.deepEqual(misnamed.json.error.details.fields, ['file']);

    const url = `${api.base}/api/widget/attachments?widgetId=small&conversationId=${visitor.id}`;
    const two = new FormData();
    two.append('file', new Blob(['one']), 'one.txt');
    two.append('file', new Blob(['two']), 'two.txt');
    const both = await fetch(url, { method: 'POST', headers: visitor.headers, body: two });
    assert.equal(both.status, 400);
    const json = await fetch(url, {
      method: 'POST',
      headers: { ...visitor.headers, 'Content-Type': 'application/json' },
      body: '{"file":"x"}',
    });
    assert.equal(json.status, 400);
    assert.equal(((await json.json()) as { error: { code: string } }).error.code, 'bad_request');
    assert.deepEqual(held(api), { files: held(api).files, incoming: [] });
    assert.equal(held(api).files.length, before, 'no file was kept');
  });

  test('an upload cut in the middle leaves no file', async () => {
    const visitor = await conversation(api);
    const boundary = 'cut-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const { port } = new URL(api.base);
    const before = held(api).files.length;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /api/widget/attachments?widgetId=docs&conversationId=${visitor.id} HTTP/1.1\r\n` +
            `Host: 127.0.0.1\r\nX-Visitor-Token: ${visitor.headers['X-Visitor-Token']}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n`,
        );
        socket.write(head);
        socket.write(Buffer.alloc(20_000, 7));
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
      socket.on('error', reject);
    });
    // The server notices the cut when the socket closes.
    for (let i = 0; i < 50 && held(api).incoming.length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(held(api).incoming, []);
    assert.equal(held(api).files.length, before);
  });

  test('only the visitor of the conversation uploads to it, and only to a widget that takes files', async () => {
    const owner = await conversation(api);
    const stranger = await api.visitor('docs');
    const image = await png();
    expectProblem(await upload(api, { id: owner.id, headers: stranger.headers }, image), 404, 'conversation_not_found');
    expectProblem(await upload(api, { id: owner.id, headers: {} }, image), 401, 'unauthorized');
    const off = await conversation(api, 'off');
    expectProblem(await upload(api, off, image, { widgetId: 'off' }), 403, 'attachments_disabled');
    // A file one visitor uploaded is not another's to send.
    const mine = await upload(api, owner, image);
    const theirs = await conversation(api);
    const taken = await api.chat(
      { message: 'look', conversationId: theirs.id, attachmentIds: [mine.json.attachmentId] },
      theirs.headers,
    );
    expectProblem(taken, 400, 'bad_request');
    const noConversation = await api.chat({ message: 'look', attachmentIds: [mine.json.attachmentId] }, owner.headers);
    expectProblem(noConversation, 400, 'bad_request');
    assert.deepEqual(noConversation.json.error.details.fields, ['attachmentIds']);
  });

  test('a link works only as signed and until it expires', async () => {
    const visitor = await conversation(api);
    const { json } = await upload(api, visitor, await png());
    const url = new URL(json.url);
    const tampered = new URL(url);
    tampered.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    assert.equal((await fetch(tampered)).status, 403, 'a later expiry is not signed');
    const expired = new URL(url);
    expired.searchParams.set('expires', String(Math.floor(Date.now() / 1000) - 1));
    assert.equal((await fetch(expired)).status, 403);
    const other = new URL(url);
    other.pathname = other.pathname.replace(json.attachmentId, `a_${'A'.repeat(22)}`);
    assert.equal((await fetch(other)).status, 403, 'a signature is for one file');
    const bare = new URL(url);
    bare.search = '';
    assert.equal((await fetch(bare)).status, 403);
    assert.equal((await fetch(url)).status, 200);
  });

  test('many uploads at once from one address: the eleventh in a minute waits', async () => {
    const visitor = await conversation(api, 'burst');
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        upload(api, visitor, Buffer.from(`line ${i}\n`), { widgetId: 'burst', name: `${i}.txt` }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill(201), 429, 429]);
    const refused = replies.find((r) => r.status === 429)!;
    assert.equal(refused.json.error.code, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  });
});
