// The headless core imports in Node with no DOM (SSR, scripts, tests of users' own UIs), by its
// package name, from the built files: what a user of `@opencx/widget` gets.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

const core = await import('@opencx/widget');

test('exposes every documented name', () => {
  for (const name of [
    'createConfig',
    'createChat',
    'ApiCaller',
    'createWebPlatform',
    'OpenCXError',
    'ConnectionError',
    'AuthenticationError',
    'SessionError',
    'SessionNotDefinedError',
    'TransportError',
    'FileUploadError',
    'ConfigurationError',
  ]) {
    assert.equal(typeof core[name], 'function', `${name} is exported`);
  }
});

test('the error classes form the reference hierarchy', () => {
  const { OpenCXError, SessionError } = core;
  const parents = {
    ConnectionError: OpenCXError,
    AuthenticationError: OpenCXError,
    SessionError: OpenCXError,
    SessionNotDefinedError: SessionError,
    TransportError: OpenCXError,
    FileUploadError: OpenCXError,
    ConfigurationError: OpenCXError,
  };
  assert.equal(Object.getPrototypeOf(OpenCXError), Error);
  for (const [name, parent] of Object.entries(parents)) {
    assert.equal(Object.getPrototypeOf(core[name]), parent, `${name} extends ${parent.name}`);
    const error = new core[name]('went wrong', { code: 'some_code' });
    assert.equal(error.message, 'went wrong');
    assert.equal(error.name, name);
    assert.ok(error instanceof Error);
  }
});

test('has no DOM to lean on here, and still configures and creates a chat', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  assert.throws(() => core.createConfig({ widgetId: 'w' }), {
    name: 'ConfigurationError',
    message: /"apiUrl" is required/,
  });
  const config = core.createConfig({
    widgetId: 'w',
    apiUrl: 'http://127.0.0.1:9',
    primaryColor: '#fff',
    settings: { persistSession: false },
  });
  const platform = core.createWebPlatform();
  assert.equal(platform.visibility.get(), true);
  assert.equal(platform.network.get(), true);
  // Port 9 (discard) refuses at once: the prelude fails as a ConnectionError, visible in the state.
  const chat = core.createChat({ api: new core.ApiCaller({ config }), config, platform });
  await chat.ready;
  assert.equal(chat.getState().error.cause, 'network_error');
  chat.destroy();
});

test('the elements entry imports in Node (SSR) without throwing, and defines nothing there', async () => {
  const elements = await import('@opencx/widget/elements');
  assert.equal(typeof elements.OpenCXChat, 'function');
  assert.equal(typeof elements.OpenCXTrigger, 'function');
  const event = new elements.OpenCXFeedbackEvent({ messageId: 'm', type: 'positive' });
  assert.equal(event.type, 'opencx-feedback');
  assert.deepEqual(event.detail, { messageId: 'm', type: 'positive' });
  assert.equal(event.bubbles && event.composed, true);
});

test('the React entry imports in Node (SSR) and renders on the server without starting a chat', async () => {
  const { WidgetRoot, useChat, useConfigData } = await import('@opencx/widget/react');
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  function Status() {
    const { messages, loading, ready } = useChat();
    const { config } = useConfigData();
    return createElement(
      'p',
      null,
      `${config.widgetId}: ${messages.length} messages, ${ready ? 'ready' : 'starting'}, ${loading.isLoading ? 'busy' : 'idle'}`,
    );
  }

  try {
    const apiUrl = `http://127.0.0.1:${server.address().port}`;
    const html = renderToString(
      createElement(WidgetRoot, { options: { widgetId: 'w', apiUrl } }, createElement(Status)),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    assert.equal(typeof globalThis.document, 'undefined');
    assert.equal(html, '<p>w: 0 messages, starting, idle</p>');
    assert.equal(requests, 0, 'no store is made on the server: effects do not run there');
    assert.throws(() => renderToString(createElement(Status)), {
      name: 'OpenCXError',
      message: /^useChat\(\) must be called inside <WidgetRoot>/,
    });
  } finally {
    server.close();
  }
});
