// What the browser benchmarks (streaming, tabs, long) serve alike: a widget's settings as the
// server's prelude gives them, and the repository's files (dist/, node_modules/) as they are.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ROOT } from '../test/support/server.mjs';

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };

/** `GET /api/widget/{widgetId}/prelude`: plain settings, English, no quick replies, no escalation. */
export function prelude(widgetId, overrides = {}) {
  return {
    widgetId,
    name: widgetId,
    greeting: 'Hi!',
    placeholder: 'Ask',
    primaryColor: '#4f46e5',
    theme: 'light',
    position: 'bottom-right',
    language: 'en',
    bot: { name: 'Ada', avatarUrl: null },
    initialQuestions: [],
    collectUserData: false,
    escalation: { enabled: false },
    aiEnabled: true,
    ...overrides,
  };
}

/** Answers with the repository's file at the request's path, or 404. */
export function sendFile(pathname, res) {
  try {
    const body = readFileSync(join(ROOT, pathname));
    res.writeHead(200, { 'Content-Type': TYPES[extname(pathname)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}
