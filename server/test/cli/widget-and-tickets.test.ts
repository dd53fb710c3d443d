// The operator's commands: `widget set` takes only settings that can match and are safe on a
// page, and what visitors wrote is printed so that it cannot act on the terminal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colour, origin, webUrl } from '../../src/cli/setting-values.js';
import { forTerminal } from '../../src/cli/terminal-text.js';
import { listTickets } from '../../src/cli/tickets.js';
import { listWidgets, setWidget, widgetSecret } from '../../src/cli/widget.js';
import { UsageError } from '../../src/cli/usage.js';
import { createConversation } from '../../src/db/conversations.js';
import { escalate } from '../../src/db/tickets.js';
import { findWidget } from '../../src/db/widgets.js';
import { describeOnEachBackend } from '../support/backends.js';
import { printed } from '../support/printed.js';

test('origins are kept as browsers send them; what can never match is refused', () => {
  assert.equal(origin('https://A.Example'), 'https://a.example');
  assert.equal(origin('https://a.example:443'), 'https://a.example');
  assert.equal(origin('http://localhost:8080/'), 'http://localhost:8080');
  assert.equal(origin('https://xn--bcher-kva.example'), 'https://xn--bcher-kva.example');
  assert.equal(origin('https://bücher.example'), 'https://xn--bcher-kva.example');
  for (const never of [
    'https://a.example?x',
    'https://a.example#',
    'https://a.example/shop',
    'https://user@a.example',
    'a.example',
    'ftp://a.example',
    'javascript:alert(1)',
    '*',
  ]) {
    assert.throws(() => origin(never), UsageError, never);
  }
});

test('avatars and base URLs are http(s); a colour is only a colour', () => {
  assert.equal(webUrl('https://cdn.example/bot.png', '--bot-avatar'), 'https://cdn.example/bot.png');
  for (const bad of ['javascript:alert(1)', 'data:image/svg+xml,<svg/>', '//cdn.example/x.png', 'bot.png']) {
    assert.throws(() => webUrl(bad, '--bot-avatar'), /--bot-avatar must be an http\(s\) URL/, bad);
  }
  for (const ok of [
    '#0f766e',
    '#FFF',
    '#0f766e80',
    'rgb(15 118 110)',
    'rgba(15, 118, 110, 0.5)',
    'oklch(60% 0.1 180deg)',
    'teal',
  ]) {
    assert.equal(colour(ok), ok);
  }
  for (const bad of [
    'url(https://tracker.example/x)',
    'red; background: url(https://tracker.example/x)',
    'var(--x)',
    'rgb(0 0 0) url(x)',
    'red}body{display:none',
    '#12345',
    'expression(alert(1))',
    '',
  ]) {
    assert.throws(() => colour(bad), /--color must be a colour/, bad);
  }
});

test('control and bidi characters are shown as their codes, not acted on', () => {
  assert.equal(forTerminal('plain text, ünïcödé, 中文 ✓'), 'plain text, ünïcödé, 中文 ✓');
  assert.equal(forTerminal('\u001b[2J\u001b[H'), '\\u{1b}[2J\\u{1b}[H');
  assert.equal(
    forTerminal('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007'),
    '\\u{1b}]8;;https://evil.example\\u{7}click\\u{1b}]8;;\\u{7}',
  );
  assert.equal(forTerminal('\u001b]52;c;aGVsbG8=\u0007'), '\\u{1b}]52;c;aGVsbG8=\\u{7}');
  assert.equal(forTerminal('abc\u202edcba\u2066x\u2069'), 'abc\\u{202e}dcba\\u{2066}x\\u{2069}');
  assert.equal(forTerminal('\u009b31m\u007f'), '\\u{9b}31m\\u{7f}');
  assert.equal(forTerminal('two\nlines\tand\r\ntabs'), 'two lines and tabs');
});

describeOnEachBackend(
  'cli',
  async () => undefined,
  (suite) => {
    test('widget set stores origins as browsers send them and refuses unsafe settings, changing nothing', async () => {
      await setWidget(suite.db, ['shop', '--origin', 'https://Shop.Example:443', '--color', '#0f766e']);
      assert.deepEqual((await findWidget(suite.db, 'shop'))!.allowed_origins, ['https://shop.example']);
      await assert.rejects(setWidget(suite.db, ['shop', '--color', 'url(https://tracker.example/x)']), UsageError);
      await assert.rejects(setWidget(suite.db, ['shop', '--bot-avatar', 'javascript:alert(1)']), UsageError);
      await assert.rejects(setWidget(suite.db, ['shop', '--kb-base-url', 'javascript:alert(1)//']), UsageError);
      await assert.rejects(setWidget(suite.db, ['shop', '--origin', 'https://shop.example/#']), UsageError);
      const widget = (await findWidget(suite.db, 'shop'))!;
      assert.equal(widget.primary_color, '#0f766e');
      assert.equal(widget.bot_avatar_url, null);
      await setWidget(suite.db, ['shop', '--kb-base-url', '/help/']);
      assert.equal((await findWidget(suite.db, 'shop'))!.kb_base_url, '/help/');
      const lines = await printed(() => listWidgets(suite.db));
      assert.deepEqual(lines, ['shop\tactive\t0 sections\thttps://shop.example']);
    });

    test('tickets list prints what the visitor wrote with its escape sequences escaped, one ticket a line', async () => {
      const { id } = await createConversation(suite.db, 'shop', 'v');
      const message =
        'Help!\u001b[2J\u001b]52;c;cm0gLXJm\u0007 see \u001b]8;;https://evil.example\u0007here\u001b]8;;\u0007\nnext \u202egnp.exe';
      await escalate(suite.db, 'shop', id, { email: 'a@b.example', message });
      const lines = await printed(() => listTickets(suite.db, ['shop']));
      assert.equal(lines.length, 1);
      const [, , widget, email, conversation, text] = lines[0]!.split('\t');
      assert.deepEqual([widget, email, conversation], ['shop', 'a@b.example', id]);
      assert.equal(
        text,
        'Help!\\u{1b}[2J\\u{1b}]52;c;cm0gLXJm\\u{7} see \\u{1b}]8;;https://evil.example\\u{7}here\\u{1b}]8;;\\u{7} next \\u{202e}gnp.exe',
      );
      for (const acting of ['\u001b', '\u0007', '\u202e']) assert.ok(!lines[0]!.includes(acting));
    });

    test('widget secret shows the identity secret, the same each time, and --rotate makes a new one', async () => {
      const secretOf = async (args: string[]) => (await printed(() => widgetSecret(suite.db, args)))[1]!;
      const first = await secretOf(['shop']);
      assert.match(first, /^ocx_id_[\w-]{43}$/);
      assert.equal(await secretOf(['shop']), first);
      const rotated = await secretOf(['shop', '--rotate']);
      assert.notEqual(rotated, first);
      assert.equal(await secretOf(['shop']), rotated);
      await assert.rejects(widgetSecret(suite.db, ['nope']), UsageError);
    });
  },
);
