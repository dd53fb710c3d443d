// How files become knowledge-base sections: what a citation points at and an answer quotes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sectionsOfHtml } from '../../src/ingest/html.js';
import { sectionsOfMarkdown } from '../../src/ingest/markdown.js';

const BASE = 'https://shop.example/help/';

test('an HTML page is split at h1-h3, titled by its h1, anchored by heading ids, without the site around it', () => {
  const html = readFileSync(new URL('../fixtures/kb/account/passwords.html', import.meta.url), 'utf8');
  const sections = sectionsOfHtml('account/passwords.html', html, BASE);
  assert.deepEqual(
    sections.map(({ pageTitle, heading, pageUrl }) => [pageTitle, heading, pageUrl]),
    [
      ['Passwords and signing in', 'Passwords and signing in', `${BASE}account/passwords.html`],
      ['Passwords and signing in', 'Resetting a forgotten password', `${BASE}account/passwords.html#reset`],
      ['Passwords and signing in', 'Two-factor codes', `${BASE}account/passwords.html#two-factor-codes`],
    ],
  );
  assert.equal(sections[0]!.body, 'Your account keeps your orders, addresses and saved cards.');
  assert.equal(
    sections[1]!.body,
    'Choose Forgot password on the sign-in page and enter your email address. We send a reset link that works for one hour.\n\n' +
      '- Open the link from the email.\n- Type a new password twice.',
  );
  assert.equal(
    sections[2]!.body,
    'Method | Where the code comes from\nSMS | a text message to your phone\nApp | an authenticator app\n\n' +
      '```\nCodes look like 123 456\n```',
  );
  const everything = sections.map((s) => s.body).join('\n');
  for (const absent of ['analytics', 'font-family', 'Orders and delivery', 'Internal note', 'gift cards', '© Shop']) {
    assert.ok(!everything.includes(absent), `"${absent}" is not content`);
  }
});

test('an HTML page without <main> or <h1> is read from its body and titled by <title>', () => {
  const sections = sectionsOfHtml(
    'faq.htm',
    '<html><head><title>FAQ</title></head><body><p>Shipping takes <em>two</em> days.<br>Returns are free.</p></body></html>',
    BASE,
  );
  assert.deepEqual(sections, [
    {
      pageId: 'faq.htm',
      pageTitle: 'FAQ',
      pageUrl: `${BASE}faq.htm`,
      heading: 'FAQ',
      headingPath: ['FAQ'],
      body: 'Shipping takes two days.\nReturns are free.',
    },
  ]);
});

test('a Markdown page is split at its headings, text before the first heading in the first section, wrapping undone', () => {
  const sections = sectionsOfMarkdown(
    'orders.md',
    'Intro line.\n\n# Orders\n\nAll about\norders, wrapped.\n\n## Tracking a `parcel`\n\n- Open **Orders**\n- Choose *Track*\n\n#### Deeper\n\nStill tracking.\n\n## Empty\n',
    BASE,
  );
  assert.deepEqual(
    sections.map(({ heading, headingPath, pageUrl, body }) => [heading, headingPath, pageUrl, body]),
    [
      ['Orders', ['Orders'], `${BASE}orders.md`, 'Intro line.\n\nAll about orders, wrapped.'],
      [
        'Tracking a parcel',
        ['Orders', 'Tracking a parcel'],
        `${BASE}orders.md#tracking-a-parcel`,
        // "Deeper" is too short to stand alone: it joins the section it sits under.
        '- Open Orders\n- Choose Track\n\nDeeper\n\nStill tracking.',
      ],
    ],
  );
});
