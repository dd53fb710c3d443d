import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
// @ts-expect-error -- served by the live server plugin at run time
import liveOrigin from '/__opencx/live-origin.js';
import type { OpenCXChat } from '../../src/elements.js';
import { waitUntil } from '../support/async.js';
import {
  composerOf,
  deepActiveElement,
  messagesOf,
  panelOf,
  panelReady,
  panelRoot,
  shadow,
  settled,
  textareaOf,
} from '../support/widget.js';

// Attaching files in the panel (docs/elements.md, "Attachments"), against the real server
// (test/support/live-server.mjs), which judges files by their bytes and keeps them.

const origin = liveOrigin as string;

async function liveChat(attributes = ''): Promise<OpenCXChat> {
  const el = await fixture<OpenCXChat>(
    html`<opencx-chat widget-id="live" api-url=${origin} persist-session="false"></opencx-chat>`,
  );
  if (attributes) el.setAttribute('attachments', attributes);
  await el.load();
  el.open = true;
  await panelReady(el);
  await waitUntil(() => Boolean(part(el, 'attach-button')) || attributes === 'false', 'the widget’s settings arrived');
  // The panel's opening animation: axe reads mid-fade colours, and an upload here can beat it.
  await settled(el);
  return el;
}

const composerRoot = (chat: OpenCXChat) => shadow(composerOf(chat));
const part = (chat: OpenCXChat, name: string) => composerRoot(chat).querySelector<HTMLElement>(`[part~="${name}"]`);
const chips = (chat: OpenCXChat) => [...composerRoot(chat).querySelectorAll<HTMLElement>('[part~="attachment-chip"]')];

/** A small PNG drawn here: the server re-encodes it, so it must be a real one. */
async function screenshot(name = 'error.png'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 40;
  canvas.height = 30;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#b91c1c';
  context.fillRect(0, 0, 40, 30);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], name, { type: 'image/png' });
}

const transfer = (...files: File[]) => {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
};

/**
 * An event carrying files, as a paste or a drop brings them. A script cannot make a browser's own
 * one: where its constructor leaves the files out (Firefox, WebKit), they are set on the event.
 */
function withData<E extends Event>(event: E, key: 'clipboardData' | 'dataTransfer', data: DataTransfer): E {
  const given = (event as unknown as Record<string, DataTransfer | null>)[key];
  if (!given?.files.length) Object.defineProperty(event, key, { value: data });
  return event;
}

const uploaded = (chat: OpenCXChat, count: number) =>
  waitUntil(
    () => chips(chat).filter((c) => c.dataset.state === 'done').length === count,
    `${count} file(s) uploaded`,
    10_000,
  );

describe('attachments in the panel', () => {
  it('picked with the attach button: uploaded, sent with the message, shown in the conversation', async () => {
    const chat = await liveChat();
    const button = part(chat, 'attach-button')!;
    expect(button.getAttribute('aria-label')).to.equal('Attach a file');
    const picker = composerRoot(chat).querySelector<HTMLInputElement>('input[type=file]')!;
    expect(picker.accept).to.contain('image/png');
    let opened = false;
    picker.click = () => void (opened = true);
    button.click();
    expect(opened, 'the button opens the file picker').to.be.true;

    picker.files = transfer(await screenshot()).files;
    picker.dispatchEvent(new Event('change'));
    await composerOf(chat).updateComplete;
    const [chip] = chips(chat);
    expect(chip!.textContent).to.contain('error.png');
    expect(chip!.textContent, 'its size').to.match(/\d+(\.\d)? (kB|byte)/);
    expect(chip!.textContent).to.contain('Uploading…');
    await uploaded(chat, 1);
    await expect(composerOf(chat)).to.be.accessible();

    textareaOf(chat).value = 'This is what I get';
    textareaOf(chat).dispatchEvent(new Event('input'));
    await composerOf(chat).updateComplete;
    part(chat, 'send-button')!.click();
    await waitUntil(
      () => panelRoot(chat).querySelector('[part~="attachment-image"] img') !== null,
      'the picture is shown',
    );
    const picture = panelRoot(chat).querySelector<HTMLImageElement>('[part~="attachment-image"] img')!;
    expect(picture.alt).to.equal('error.png');
    expect(picture.src.startsWith(`${origin}/files/`)).to.be.true;
    await waitUntil(() => picture.complete && picture.naturalWidth === 40, 'the server’s copy loads');
    expect(chips(chat), 'the tray is empty again').to.have.length(0);

    // Full size in a dialog; Escape closes the picture, not the chat, and focus goes back to it.
    const link = picture.closest('a')!;
    link.click();
    await panelOf(chat)!.updateComplete;
    const dialog = panelRoot(chat).querySelector<HTMLDialogElement>('[part~="picture-dialog"]')!;
    expect(dialog.open).to.be.true;
    expect(dialog.querySelector('img')!.alt).to.equal('error.png');
    await expect(panelRoot(chat).querySelector('section')!).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !panelRoot(chat).querySelector('[part~="picture-dialog"]'), 'the picture closed');
    expect(chat.open, 'the chat stays open').to.be.true;
    expect(deepActiveElement()).to.equal(link);
    const mine = messagesOf(chat).find((m) => m.dataset.role === 'user')!;
    expect(mine.textContent).to.contain('This is what I get');
  });

  it('a pasted screenshot and dropped files are attached; what the widget does not take says why, and the text stays', async () => {
    const chat = await liveChat();
    const box = textareaOf(chat);
    box.value = 'look';
    box.dispatchEvent(new Event('input'));
    const paste = withData(
      new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true }),
      'clipboardData',
      transfer(await screenshot('pasted.png')),
    );
    box.dispatchEvent(paste);
    expect(paste.defaultPrevented, 'a file is not pasted as text').to.be.true;

    const panel = panelRoot(chat).querySelector('section')!;
    const files = transfer(new File(['notes'], 'notes.txt', { type: 'text/plain' }), await screenshot('dropped.png'));
    const over = withData(new DragEvent('dragover', { bubbles: true, cancelable: true }), 'dataTransfer', files);
    panel.dispatchEvent(over);
    expect(over.defaultPrevented, 'the panel takes the drop').to.be.true;
    panel.dispatchEvent(withData(new DragEvent('drop', { bubbles: true, cancelable: true }), 'dataTransfer', files));
    await uploaded(chat, 2);
    const refused = chips(chat).find((c) => c.textContent!.includes('notes.txt'))!;
    expect(refused.dataset.state).to.equal('failed');
    expect(refused.textContent).to.contain('This kind of file cannot be sent.');
    expect(box.value, 'the text stays').to.equal('look');

    // A page named .png: the server reads its bytes and refuses it.
    const lying = new File(['<script>alert(1)</script>'], 'cat.png', { type: 'image/png' });
    composerOf(chat).addFiles([lying]);
    await waitUntil(
      () => chips(chat).some((c) => c.textContent!.includes('cat.png') && c.dataset.state === 'failed'),
      'the server refused it',
      10_000,
    );
    await expect(composerOf(chat)).to.be.accessible();

    // Removing a file takes it off the message; focus goes back to the message box.
    refused.querySelector<HTMLButtonElement>('[part~="attachment-remove-button"]')!.click();
    await composerOf(chat).updateComplete;
    expect(chips(chat).some((c) => c.textContent!.includes('notes.txt'))).to.be.false;
    expect(deepActiveElement()).to.equal(box);
  });

  it('attachments="false" shows no attach button, and a drop does nothing', async () => {
    const chat = await liveChat('false');
    await waitUntil(() => Boolean(part(chat, 'send-button')), 'the composer is there');
    expect(part(chat, 'attach-button')).to.equal(null);
    const panel = panelRoot(chat).querySelector('section')!;
    const drop = withData(
      new DragEvent('drop', { bubbles: true, cancelable: true }),
      'dataTransfer',
      transfer(await screenshot()),
    );
    panel.dispatchEvent(drop);
    expect(drop.defaultPrevented).to.be.false;
    expect(chips(chat)).to.have.length(0);
  });
});
