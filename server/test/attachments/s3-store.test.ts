// Attachments in an S3-compatible bucket (docs/server.md, "Attachments"): the whole upload over
// real HTTP with the bucket store, against a fake S3 (test/support/fake-s3.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { createApp } from '../../src/app.js';
import { s3SettingsFromEnv, s3Store } from '../../src/attachments/s3-store.js';
import { sweepAttachments } from '../../src/attachments/sweep.js';
import type { Database } from '../../src/db/database.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { startFakeS3, type FakeS3 } from '../support/fake-s3.js';
import { docsWidget } from '../support/fixtures.js';
import { call, listen, type Served } from '../support/http.js';

let db: Database;
let s3: FakeS3;
let served: Served;
const store = () => s3Store({ ...settings(), prefix: 'files/' });
const settings = () =>
  s3SettingsFromEnv({
    S3_BUCKET: 'chat',
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: 'test-key',
    S3_SECRET_ACCESS_KEY: 'test-secret',
  })!;

before(async () => {
  db = await openEmbedded('memory');
  await migrate(db);
  await docsWidget(db, { id: 'docs' });
  s3 = await startFakeS3('chat', 'test-key');
  served = await listen(createApp({ db, files: store() }));
});
after(async () => {
  await served.close();
  await s3.close();
  await db.close();
});

test('settings from the environment: none without S3_BUCKET; a bucket without keys is an error', () => {
  assert.equal(s3SettingsFromEnv({}), undefined);
  assert.throws(() => s3SettingsFromEnv({ S3_BUCKET: 'chat' }), /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  const aws = s3SettingsFromEnv({
    S3_BUCKET: 'chat',
    S3_ACCESS_KEY_ID: 'k',
    S3_SECRET_ACCESS_KEY: 's',
    S3_REGION: 'eu-west-1',
  })!;
  assert.equal(aws.endpoint, 'https://s3.eu-west-1.amazonaws.com');
});

test('an upload goes to the bucket, signed and with its length, and is served from it; the sweep deletes what has no record', async () => {
  const created = await call(served.base, 'POST', '/api/widget/conversations', { body: { widgetId: 'docs' } });
  const { conversationId, visitorToken } = created.json;
  const picture = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([picture], { type: 'image/png' }), 'shot.png');
  const response = await fetch(`${served.base}/api/widget/attachments?widgetId=docs&conversationId=${conversationId}`, {
    method: 'POST',
    headers: { 'X-Visitor-Token': visitorToken },
    body: form,
  });
  const uploaded = (await response.json()) as { attachmentId: string; size: number; url: string };
  assert.equal(response.status, 201, JSON.stringify(uploaded));
  const key = `files/${uploaded.attachmentId}`;
  assert.equal(s3.objects.get(key)?.length, uploaded.size, 'the re-encoded picture is in the bucket');
  const put = s3.requests.find((r) => r.method === 'PUT')!;
  assert.equal(put.url, `/chat/${key}`);
  assert.equal(put.length, String(uploaded.size), 'sent with its Content-Length');

  const servedFile = await fetch(uploaded.url);
  assert.equal(servedFile.status, 200);
  assert.equal(servedFile.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await servedFile.arrayBuffer()), s3.objects.get(key));

  // Left over in the bucket: three files nobody knows (the listing is read page by page).
  for (const n of [1, 2, 3]) s3.objects.set(`files/a_${String(n).repeat(22)}`, Buffer.from('x'));
  s3.objects.set('elsewhere/a_0000000000000000000000', Buffer.from('not ours'));
  const deleted = await sweepAttachments(db, store());
  assert.equal(deleted, 3);
  assert.deepEqual([...s3.objects.keys()].sort(), ['elsewhere/a_0000000000000000000000', key]);
});

test('a bucket that refuses says so, and the upload leaves no record', async () => {
  const wrong = s3Store({ ...settings(), accessKeyId: 'someone-else' });
  await assert.rejects(
    wrong.open('a_1111111111111111111111'),
    /The bucket refused to read a file: 403 SignatureDoesNotMatch/,
  );
  const app = await listen(createApp({ db, files: wrong, log: { warn() {}, error() {} } }));
  try {
    const created = await call(app.base, 'POST', '/api/widget/conversations', { body: { widgetId: 'docs' } });
    const form = new FormData();
    form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'a.pdf');
    const response = await fetch(
      `${app.base}/api/widget/attachments?widgetId=docs&conversationId=${created.json.conversationId}`,
      { method: 'POST', headers: { 'X-Visitor-Token': created.json.visitorToken }, body: form },
    );
    assert.equal(response.status, 500);
    const rows = await db.query('select 1 from attachments where conversation_id = $1', [created.json.conversationId]);
    assert.equal(rows.length, 0);
  } finally {
    await app.close();
  }
});
