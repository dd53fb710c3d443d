import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { aMessage, messageFixture } from '../support/harness/message.js';

/** The answer the mock API gives, with the citation and related article every answer carries. */
const cited = aMessage('assistant', {
  id: 'answer-1',
  content: 'Paste **one tag** in your page.',
  citations: [
    {
      pageId: 'p1',
      pageTitle: 'Getting started',
      pageUrl: 'https://docs.example/start#install',
      excerpt: 'Paste one tag.',
    },
    // Never a link: citations are data from the server, and only http(s) and mailto are followed.
    { pageId: 'p3', pageTitle: 'Evil', pageUrl: 'javascript:alert(1)', excerpt: 'x' },
  ],
  relatedArticles: [{ pageId: 'p2', pageTitle: 'Styling', pageUrl: 'https://docs.example/styling' }],
  confidenceScore: 0.82,
  wasRefused: false,
});

const shownTime = (iso: string, language: string) =>
  new Date(iso).toLocaleTimeString(language, { hour: 'numeric', minute: '2-digit' });

describe('<opencx-message>', () => {
  it('renders nothing until it has a message', async () => {
    const message = await messageFixture(undefined);

    expect(message.part('message')).to.equal(null);
  });

  it('the visitor’s message: their text as typed (never markdown), labelled as theirs, with its time', async () => {
    const message = await messageFixture(aMessage('user', { content: '**not bold** <b>nor this</b>', status: 'sent' }));

    expect(message.part('bubble')!.textContent!.trim()).to.equal('**not bold** <b>nor this</b>');
    expect(message.part('bubble')!.querySelector('strong, b')).to.equal(null);
    expect(message.part('bubble')!.part.contains('bubble-user')).to.be.true;
    expect(message.element.dataset.role).to.equal('user');
    expect(message.part('message')!.getAttribute('aria-label')).to.equal('You');
    expect(message.part('meta')!.querySelector('.author')!.textContent).to.equal('You');
    expect(message.part('meta')!.querySelector('time')!.getAttribute('datetime')).to.equal('2026-01-01T10:30:00Z');
    expect(message.part('status'), 'a sent message says nothing more').to.equal(null);
    await expect(message.element).to.be.accessible();
  });

  it('a message being sent says so', async () => {
    const message = await messageFixture(aMessage('user', { status: 'pending' }));

    expect(message.part('status')!.textContent).to.equal('Sending…');
    expect(message.part('retry-button')).to.equal(null);
    await expect(message.element).to.be.accessible();
  });

  it('a waiting message says why, in words: offline, asked to wait, or trying again', async () => {
    const said: Record<string, string> = {
      offline: 'Waiting for a connection. It will be sent when you’re back online.',
      rate_limited: 'Too many messages at once. It will be sent in a moment.',
      retrying: 'Not sent yet. Trying again…',
    };
    for (const [waiting, words] of Object.entries(said)) {
      const message = await messageFixture(aMessage('user', { status: 'pending', waiting: waiting as 'offline' }));
      expect(message.part('status')!.textContent, waiting).to.equal(words);
      expect(message.part('retry-button'), 'it goes by itself').to.equal(null);
      await expect(message.element).to.be.accessible();
    }
  });

  it('a message this website may not send says why, and offers no retry that could never work', async () => {
    for (const [code, why] of [
      ['origin_not_allowed', 'This chat isn’t available on this website.'],
      ['widget_not_found', 'This chat isn’t available.'],
    ]) {
      const message = await messageFixture(
        aMessage('user', { status: 'failed', error: { code: code!, message: 'No.' } }),
      );
      expect(message.part('status')!.textContent).to.equal(`Not sent. ${why}`);
      expect(message.part('retry-button'), code).to.equal(null);
      await expect(message.element).to.be.accessible();
    }
  });

  it('a failed message says it was not sent and offers a retry, by click or keyboard', async () => {
    const message = await messageFixture(
      aMessage('user', { id: 'u-1', status: 'failed', error: { code: 'bad_request', message: 'No.' } }),
    );
    expect(message.part('status')!.textContent).to.contain('Not sent.');
    expect(message.part('retry-button')!.textContent).to.equal('Retry');
    await expect(message.element).to.be.accessible();

    message.part<HTMLButtonElement>('retry-button')!.click();
    message.part<HTMLButtonElement>('retry-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await sendKeys({ press: ' ' });

    expect(message.asked).to.deep.equal([
      { action: 'retry', messageId: 'u-1', feedback: undefined },
      { action: 'retry', messageId: 'u-1', feedback: undefined },
      { action: 'retry', messageId: 'u-1', feedback: undefined },
    ]);
    // It bubbles to the panel but stays inside the panel's shadow root.
    expect(message.actions.every((e) => e.type === 'opencx-message-action' && e.bubbles && !e.composed)).to.be.true;
  });

  it('renders citations and related articles as safe links that open in a new tab', async () => {
    const message = await messageFixture(cited);

    const citation = message.part<HTMLAnchorElement>('citation')!.querySelector('a')!;
    expect(citation.href).to.equal('https://docs.example/start#install');
    expect(citation.target).to.equal('_blank');
    expect(citation.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(citation.textContent).to.contain('Getting started');
    expect(citation.textContent).to.contain('(opens in a new tab)');
    expect(message.part('citation')!.querySelector('.excerpt')!.textContent).to.equal('Paste one tag.');
    expect(message.parts('citation'), 'the javascript: citation is left out').to.have.length(1);
    expect(message.part('citations')!.getAttribute('aria-label')).to.equal('Sources');
    const related = message.part<HTMLAnchorElement>('related-article')!;
    expect(related.href).to.equal('https://docs.example/styling');
    expect(related.target).to.equal('_blank');
    expect(related.rel).to.equal('noopener noreferrer nofollow ugc');
  });

  it('an answer: markdown, under the bot’s name, axe-clean with its sources', async () => {
    const message = await messageFixture(cited, { botName: 'Ada' });

    expect(message.part('bubble')!.querySelector('strong')!.textContent).to.equal('one tag');
    expect(message.part('bubble')!.part.contains('bubble-assistant')).to.be.true;
    expect(message.part('message')!.getAttribute('aria-label')).to.equal('Ada');
    expect(message.part('feedback'), 'not rateable unless asked').to.equal(null);
    await expect(message.element).to.be.accessible();
  });

  it('an answer without a bot name is the assistant’s', async () => {
    const message = await messageFixture(cited);

    expect(message.part('meta')!.querySelector('.author')!.textContent).to.equal('Assistant');
  });

  it('a rateable answer asks for feedback by click or keyboard, and shows the choice as pressed', async () => {
    const message = await messageFixture(cited, { rateable: true });
    const [up, down] = message.parts<HTMLButtonElement>('feedback-button');
    expect(message.part('feedback')!.getAttribute('role')).to.equal('group');
    expect([up!.getAttribute('aria-label'), down!.getAttribute('aria-label')]).to.deep.equal([
      'Helpful',
      'Not helpful',
    ]);
    expect([up!.getAttribute('aria-pressed'), down!.getAttribute('aria-pressed')]).to.deep.equal(['false', 'false']);
    await expect(message.element).to.be.accessible();

    up!.click();
    down!.focus();
    await sendKeys({ press: 'Enter' });
    await message.show({ ...cited, feedback: 'negative' });

    expect(message.asked).to.deep.equal([
      { action: 'feedback', messageId: 'answer-1', feedback: 'positive' },
      { action: 'feedback', messageId: 'answer-1', feedback: 'negative' },
    ]);
    const [upNow, downNow] = message.parts('feedback-button');
    expect([upNow!.getAttribute('aria-pressed'), downNow!.getAttribute('aria-pressed')]).to.deep.equal([
      'false',
      'true',
    ]);
    expect(message.part('feedback')!.querySelector('[role="status"]')!.textContent).to.equal(
      'Thanks for your feedback!',
    );
    await expect(message.element).to.be.accessible();
  });

  it('an answer the bot refused offers a person when escalation is on', async () => {
    const refused = aMessage('assistant', { id: 'refused-1', content: 'I’m not sure about that.', wasRefused: true });
    const message = await messageFixture(refused, { escalation: true });
    expect(message.part('escalation-offer')!.textContent).to.contain(
      'I’m not sure about this one. Would you like to talk to a person?',
    );
    expect(message.part('escalation-offer-button')!.textContent!.trim()).to.equal('Talk to a person');
    await expect(message.element).to.be.accessible();

    message.part<HTMLButtonElement>('escalation-offer-button')!.focus();
    await sendKeys({ press: 'Enter' });

    expect(message.asked).to.deep.equal([{ action: 'escalate', messageId: 'refused-1', feedback: undefined }]);
  });

  it('offers no person when escalation is off, or when the bot answered', async () => {
    const refused = aMessage('assistant', { wasRefused: true });
    const message = await messageFixture(refused, { escalation: false });
    expect(message.part('escalation-offer')).to.equal(null);

    message.element.escalation = true;
    await message.show(cited);

    expect(message.part('escalation-offer')).to.equal(null);
  });

  it('a human agent’s message: markdown, labelled as the agent’s', async () => {
    const message = await messageFixture(aMessage('agent', { content: 'Hi, I am *Sam*.' }), { botName: 'Ada' });

    expect(message.part('bubble')!.querySelector('em')!.textContent).to.equal('Sam');
    expect(message.part('bubble')!.part.contains('bubble-agent')).to.be.true;
    expect(message.element.dataset.role).to.equal('agent');
    expect(message.part('message')!.getAttribute('aria-label')).to.equal('Support agent');
    await expect(message.element).to.be.accessible();
  });

  it('a human agent’s message is labelled with their name when the server gives it', async () => {
    const message = await messageFixture(aMessage('agent', { content: 'Hi!', author: { name: 'Sam Lee' } }));
    expect(message.part('message')!.getAttribute('aria-label')).to.equal('Sam Lee');
    expect(message.part('meta')!.querySelector('.author')!.textContent).to.equal('Sam Lee');
  });

  it('a human agent’s picture is shown beside their name, decorative; only an http(s) one', async () => {
    const picture = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    const withPicture = aMessage('agent', { author: { name: 'Sam Lee', avatarUrl: 'https://cdn.example/sam.png' } });
    const message = await messageFixture(withPicture);
    const avatar = message.part<HTMLImageElement>('agent-avatar')!;
    expect(avatar.getAttribute('src')).to.equal('https://cdn.example/sam.png');
    expect(avatar.getAttribute('alt')).to.equal('', 'the name beside it says who');
    expect(message.part('meta')!.contains(avatar)).to.be.true;
    await expect(message.element).to.be.accessible();

    for (const avatarUrl of ['javascript:alert(1)', picture, null]) {
      await message.show(aMessage('agent', { author: { name: 'Sam Lee', avatarUrl } }));
      expect(message.part('agent-avatar'), String(avatarUrl)).to.equal(null);
    }
    await message.show(aMessage('user', { author: { name: 'Sam Lee', avatarUrl: 'https://cdn.example/sam.png' } }));
    expect(message.part('agent-avatar'), 'only an agent’s').to.equal(null);
  });

  it('files sent with a message: pictures by their name, other files as links with their size; only http(s) links', async () => {
    const message = await messageFixture(
      aMessage('agent', {
        content: '',
        attachments: [
          {
            attachmentId: 'a_1',
            name: 'screen shot.png',
            size: 48_213,
            contentType: 'image/png',
            url: '/docs/images/readme-demo.png',
          },
          {
            attachmentId: 'a_2',
            name: 'invoice.pdf',
            size: 1_572_864,
            contentType: 'application/pdf',
            url: 'https://files.example/a_2',
          },
          {
            attachmentId: 'a_3',
            name: 'evil.pdf',
            size: 10,
            contentType: 'application/pdf',
            url: 'javascript:alert(1)',
          },
        ],
      }),
    );
    expect(message.part('bubble'), 'files without a word have no empty bubble').to.equal(null);
    const list = message.part('attachments')!;
    expect(list.getAttribute('aria-label')).to.equal('Attachments');
    const picture = message.part('attachment-image')!.querySelector('img')!;
    expect(picture.getAttribute('alt')).to.equal('screen shot.png');
    expect(picture.closest('a')!.getAttribute('target')).to.equal('_blank');
    expect(picture.closest('a')!.getAttribute('rel')).to.contain('noopener');
    const file = message.part('attachment-file')!.querySelector('a')!;
    expect(file.getAttribute('href')).to.equal('https://files.example/a_2');
    expect(file.textContent!.replace(/\s+/g, ' ')).to.contain('invoice.pdf · 1.5 MB');
    const [, , unsafe] = list.querySelectorAll('li');
    expect(unsafe!.querySelector('a'), 'a javascript: link is not followed').to.equal(null);
    expect(unsafe!.textContent).to.contain('evil.pdf');
    await expect(message.element).to.be.accessible();

    await message.show(aMessage('user', { content: 'This is what I get', attachments: [] }));
    expect(message.part('attachments')).to.equal(null);
    expect(message.part('bubble')!.textContent!.trim()).to.equal('This is what I get');
  });

  it('a notice is labelled as one', async () => {
    const message = await messageFixture(aMessage('system', { content: 'The conversation was closed.' }));

    expect(message.part('bubble')!.part.contains('bubble-system')).to.be.true;
    expect(message.part('message')!.getAttribute('aria-label')).to.equal('Notice');
    await expect(message.element).to.be.accessible();
  });

  it('shows the time in the widget’s language, and no time when it has none', async () => {
    const message = await messageFixture(aMessage('agent'), { language: 'de' });
    expect(message.part('meta')!.querySelector('time')!.textContent).to.equal(shownTime('2026-01-01T10:30:00Z', 'de'));

    await message.show(aMessage('assistant', { id: 'greeting', createdAt: '' }));

    expect(message.part('meta')!.querySelector('time')).to.equal(null);
    expect(message.part('meta')!.textContent!.trim()).to.equal('Assistant');
  });

  it('lets the browser pick the direction of each bubble from its text', async () => {
    const message = await messageFixture(aMessage('user', { content: 'مرحبا' }));

    expect(message.part('bubble')!.getAttribute('dir')).to.equal('auto');
  });
});
