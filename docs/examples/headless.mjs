// A runnable tour of the headless core: `npm run build && node docs/examples/headless.mjs`.
// Until the reference server lands, it talks to the test suite's mock of the widget API (started
// below on a free port); point `apiUrl` at your own backend to use it for real.
import { ApiCaller, createChat, createConfig, createWebPlatform, OpenCXError } from '@opencx/widget';
import { startMockApi } from '../../test/support/mock-api.mjs';

const mock = await startMockApi();
try {
  const config = createConfig({ widgetId: 'docs-demo', apiUrl: `${mock.origin}/mock/docs` });
  const api = new ApiCaller({ config });
  const chat = createChat({ api, config, platform: createWebPlatform() });

  chat.select((s) => s.messages.length).subscribe((n) => console.log(`messages: ${n}`));
  await chat.ready;
  console.log('quick replies:', chat.getState().keyboard?.options.join(' | '));

  const answer = await chat.sendMessage({ content: 'How do I install it?' });
  console.log('answer:', answer.content);
  console.log('cited:', answer.citations.map((c) => `${c.pageTitle} <${c.pageUrl}>`).join(', '));

  await chat.sendFeedback({ messageId: answer.id, type: 'positive' });
  const { ticketId } = await chat.escalate({ email: 'ana@example.com', message: 'Can a person call me?' });
  console.log('escalated, ticket', ticketId, '- status', chat.getState().session.status);

  try {
    await chat.sendMessage({ content: '' });
  } catch (error) {
    console.log('refused:', error instanceof OpenCXError, error.code);
  }
  chat.destroy();
} finally {
  await mock.close();
}
