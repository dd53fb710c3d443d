// docs/core.md promises a runnable example; run it, as a reader would, and check what it prints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

test('docs/examples/headless.mjs runs and chats end to end', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['docs/examples/headless.mjs'], { timeout: 20_000 });
  assert.match(stdout, /quick replies: How do I install it\? \| Can I change the colours\?/);
  assert.match(stdout, /answer: You asked: How do I install it\?/);
  assert.match(stdout, /cited: Getting started <https:\/\/docs\.example\/start#install>/);
  assert.match(stdout, /escalated, ticket T-1 - status escalated/);
  assert.match(stdout, /refused: true invalid_message/);
});
