import { expect } from '@open-wc/testing';
import '../../src/elements.js';
import { createWidgetApi } from '../../src/launchchat/widget-api.js';
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  HttpError,
  OpenCXError,
  RateLimitError,
  SessionNotDefinedError,
  TransportError,
} from '../../src/index.js';
import { errorFromReport } from '../../src/state/errors.js';
import { rejection } from '../support/async.js';
import { MockApi } from '../support/mock.js';

// LaunchChatWidget.init() (src/launchchat/widget-api.ts) rejects with the error class of what went
// wrong, as the rest of the widget throws it: the same classes the headless core exports.

describe('LaunchChatWidget.init() rejections', () => {
  let mock: MockApi;
  let api: ReturnType<typeof createWidgetApi>;
  let silenced: typeof console.error;
  beforeEach(() => {
    mock = new MockApi();
    api = createWidgetApi();
    // The widget logs each of these failures too; that is tested elsewhere.
    silenced = console.error;
    console.error = () => {};
  });
  afterEach(() => {
    console.error = silenced;
    api.destroy();
    for (const key of Object.keys(localStorage)) if (key.includes(mock.ns)) localStorage.removeItem(key);
  });

  const init = (config: object = {}) =>
    rejection(api.init({ widgetId: `w-${mock.ns}`, apiUrl: mock.apiUrl, ...config }));

  it('a server it cannot reach: ConnectionError', async () => {
    // Several: a browser may itself retry a GET whose connection was cut.
    await mock.fault({ action: 'drop', path: '/prelude', times: 10 });

    const error = await init();

    expect(error).to.be.instanceOf(ConnectionError).and.instanceOf(OpenCXError);
    expect(error).to.include({
      name: 'ConnectionError',
      code: 'network_error',
      message: 'Could not reach the chat server.',
    });
  });

  it('an origin the server refuses: AuthenticationError', async () => {
    await mock.refuse(403, 'origin_not_allowed', { path: '/prelude', message: 'This origin is not allowed.' });

    const error = await init();

    expect(error).to.be.instanceOf(AuthenticationError).and.instanceOf(OpenCXError);
    expect(error).to.include({ code: 'origin_not_allowed', message: 'This origin is not allowed.' });
  });

  it('an unknown widget: HttpError with the server’s code', async () => {
    const error = await init({ widgetId: 'unknown-widget' });

    expect(error).to.be.instanceOf(HttpError).and.instanceOf(OpenCXError);
    expect(error).to.include({ code: 'widget_not_found', message: 'No active widget has this id.' });
  });

  it('a configuration the chat refuses once mounted: ConfigurationError', async () => {
    const error = await init({ primaryColor: 'not a colour' });

    expect(error).to.be.instanceOf(ConfigurationError).and.instanceOf(OpenCXError);
    expect(error).to.include({
      code: 'invalid_configuration',
      message: 'createConfig: "theme.primaryColor" must be a CSS color.',
    });
  });

  it('a configuration it cannot mount: ConfigurationError', async () => {
    const error = await rejection(api.init({ apiUrl: mock.apiUrl } as never));

    expect(error).to.be.instanceOf(ConfigurationError).and.instanceOf(OpenCXError);
    expect(error).to.include({
      code: 'invalid_configuration',
      message: 'LaunchChatWidget.init: "widgetId" is required.',
    });
  });

  it('every code the widget reports maps to the class that throws it', () => {
    const cases: [string, typeof OpenCXError][] = [
      ['invalid_configuration', ConfigurationError],
      ['network_error', ConnectionError],
      ['timeout', ConnectionError],
      ['origin_not_allowed', AuthenticationError],
      ['http_401', AuthenticationError],
      ['http_403', AuthenticationError],
      ['rate_limited', RateLimitError],
      ['quota_exceeded', RateLimitError],
      ['http_429', RateLimitError],
      ['conversation_not_found', SessionNotDefinedError],
      ['invalid_response', TransportError],
      ['incomplete_response', TransportError],
      ['http_502', TransportError],
      ['widget_not_found', HttpError],
      ['internal', HttpError],
    ];
    for (const [code, ErrorClass] of cases) {
      const error = errorFromReport({ code, message: `because ${code}` });
      expect(error, code).to.be.instanceOf(ErrorClass);
      expect(error, code).to.include({ code, message: `because ${code}` });
    }
    // A failure that was no OpenCXError (a bug): the base class, still with its code.
    const unknown = errorFromReport({ code: 'unknown_error', message: 'x' });
    expect(unknown.constructor).to.equal(OpenCXError);
    expect(unknown.code).to.equal('unknown_error');
  });
});
