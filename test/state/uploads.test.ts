import { expect } from '@open-wc/testing';
import {
  ApiCaller,
  createChat,
  createConfig,
  createMemoryStorage,
  FileUploadError,
  type Chat,
  type Platform,
} from '../../src/index.js';
import { rejection, waitUntil } from '../support/async.js';
import { MockApi } from '../support/mock.js';

// Attachments in the headless core (docs/core.md, "Attachments"), against the mock API over real
// HTTP: the mock judges files by their first bytes, as the server does.

/** A 1×1 PNG. */
const PIXEL = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const png = (name = 'shot.png') => new File([PIXEL], name, { type: 'image/png' });

describe('attachments in the core', () => {
  let mock: MockApi;
  let chats: Chat[];

  function start(storage = createMemoryStorage()): Chat {
    const config = createConfig({ widgetId: 'w1', apiUrl: mock.apiUrl });
    const platform: Platform = { env: { platform: 'web' }, storage, logger: { enabled: false } };
    // Short waits between tries: these tests run on real time.
    const retry = { baseDelayMs: 10, maxDelayMs: 20 };
    const chat = createChat({ api: new ApiCaller({ config }), config, platform, retry });
    chats.push(chat);
    return chat;
  }

  beforeEach(() => {
    mock = new MockApi();
    chats = [];
  });
  afterEach(() => chats.forEach((chat) => chat.destroy()));

  it('uploads to a conversation it makes, then sends the files with the message (which may be empty)', async () => {
    const chat = start();
    await chat.ready;
    const progress: number[][] = [];
    const attachment = await chat.uploadAttachment(png(), {
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    expect(attachment).to.include({ name: 'shot.png', size: PIXEL.length, contentType: 'image/png' });
    const [went, total] = progress.at(-1)!;
    expect(went, 'the whole body went').to.equal(total);
    expect(attachment.url).to.match(/^http/);
    const conversationId = chat.getState().session!.id;
    const [upload] = await mock.log('/api/widget/attachments');
    expect(upload!.query).to.deep.equal({ widgetId: 'w1', conversationId });

    await chat.sendMessage({ content: '', attachments: [attachment] });
    const [sent] = await mock.log('/api/widget/chat');
    expect(sent!.body).to.include({ message: '', conversationId });
    expect(sent!.body!.attachmentIds).to.deep.equal([attachment.attachmentId]);
    const mine = chat.getState().messages.find((m) => m.role === 'user')!;
    expect(mine.attachments).to.deep.equal([attachment]);
    const stored = (await mock.state()).conversations[0]!.messages[0] as { attachments?: unknown[] };
    expect(stored.attachments).to.have.length(1);
  });

  it('a conversation restored after its links expired reads them again from the history', async () => {
    const storage = createMemoryStorage();
    const first = start(storage);
    await first.ready;
    const attachment = await first.uploadAttachment(png());
    await first.sendMessage({ content: 'see', attachments: [attachment] });
    first.destroy();
    // A day later: the kept link has expired.
    const key = 'opencx:w1:chat';
    const kept = JSON.parse((await storage.getItem(key))!);
    const mine = kept.messages.find((m: { role: string }) => m.role === 'user');
    mine.attachments[0].url = `${attachment.url}?expires=1`;
    await storage.setItem(key, JSON.stringify(kept));

    const later = start(storage);
    await later.ready;
    await waitUntil(
      () => later.getState().messages.find((m) => m.role === 'user')?.attachments?.[0]?.url === attachment.url,
      'the link was read again',
    );
    expect(await mock.log('/messages')).to.have.length(1);
  });

  it('refuses at once what the widget does not take, by the prelude’s limits, without a request', async () => {
    const chat = start();
    await chat.ready;
    const page = new File(['<b>hi</b>'], 'page.html', { type: 'text/html' });
    const wrongType = await rejection(chat.uploadAttachment(page));
    expect(wrongType).to.be.instanceOf(FileUploadError);
    expect((wrongType as FileUploadError).code).to.equal('type_not_allowed');
    const huge = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.png', { type: 'image/png' });
    expect(((await rejection(chat.uploadAttachment(huge))) as FileUploadError).code).to.equal('file_too_large');
    const empty = new File([], 'empty.png', { type: 'image/png' });
    expect(((await rejection(chat.uploadAttachment(empty))) as FileUploadError).code).to.equal('bad_request');
    expect(await mock.log('/api/widget/attachments')).to.have.length(0);
    const blank = await rejection(chat.sendMessage({ content: ' ', attachments: [] }));
    expect(blank.code, 'no text and no files is no message').to.equal('invalid_message');
  });

  it('the server decides by content: a page named .png is a FileUploadError type_not_allowed, not retried', async () => {
    const chat = start();
    await chat.ready;
    const lying = new File(['<script>alert(1)</script>'], 'cat.png', { type: 'image/png' });
    const error = (await rejection(chat.uploadAttachment(lying))) as FileUploadError;
    expect(error).to.be.instanceOf(FileUploadError);
    expect([error.code, error.status]).to.deep.equal(['type_not_allowed', 415]);
    expect(await mock.log('/api/widget/attachments')).to.have.length(1);
  });

  it('a lost connection is retried; the limits of a day are FileUploadError quota_exceeded', async () => {
    const chat = start();
    await chat.ready;
    await mock.fault({ action: 'drop', path: '/api/widget/attachments' });
    const attachment = await chat.uploadAttachment(png());
    expect(attachment.attachmentId).to.match(/^a_/);
    expect(await mock.log('/api/widget/attachments')).to.have.length(2);

    await mock.refuse(429, 'quota_exceeded', { path: '/api/widget/attachments', headers: { 'Retry-After': '86400' } });
    const error = (await rejection(chat.uploadAttachment(png()))) as FileUploadError;
    expect([error.code, error.status, error.retryAfterMs]).to.deep.equal(['quota_exceeded', 429, 86_400_000]);
  });

  it('with no connection at all, it fails as network after its retries', async () => {
    const chat = start();
    await chat.ready;
    await chat.createSession();
    await mock.fault({ action: 'drop', path: '/api/widget/attachments', times: 10 });
    const error = (await rejection(chat.uploadAttachment(png()))) as FileUploadError;
    expect(error.code).to.equal('network');
    await waitUntil(async () => (await mock.log('/api/widget/attachments')).length === 6, 'six attempts');
  });
});
