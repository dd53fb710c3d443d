// A suite of the widget API over real HTTP, on every backend (backends.ts): the app served on a
// free port over a fresh database that `seed` fills.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Answerer } from '../../src/answering/answerer.js';
import { createApp } from '../../src/app.js';
import { diskStore } from '../../src/attachments/storage.js';
import type { Database } from '../../src/db/database.js';
import type { Log } from '../../src/log.js';
import { describeOnEachBackend } from './backends.js';
import { call, listen, type CallOptions, type Reply } from './http.js';

export interface Api {
  db: Database;
  base: string;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** `POST /api/widget/chat` for the widget `docs` unless `body` names another. */
  chat(body: Record<string, unknown>, headers?: Record<string, string>): Promise<Reply>;
  /** A new visitor of `widgetId` (default `docs`): its id and the headers that present it. */
  visitor(
    widgetId?: string,
    headers?: Record<string, string>,
  ): Promise<{ id: string; token: string; headers: Record<string, string> }>;
  /** What the server logged for its operator. */
  logged: string[];
  /** With `attachments: true`: the folder the suite's files are kept in. */
  filesDir: string;
}

export interface ApiSuite {
  seed(db: Database): Promise<unknown>;
  answerer?: Answerer;
  /** How often quiet event streams get a comment line. */
  heartbeatMs?: number;
  /** Keep attachments, in a folder of the suite's own (deleted after it). */
  attachments?: boolean;
}

export function describeApi(
  suite: string,
  { seed, answerer, heartbeatMs, attachments }: ApiSuite,
  cases: (api: Api) => void,
): void {
  describeOnEachBackend(suite, seed, (context) => {
    const api = { logged: [] as string[] } as Api;
    let close: () => Promise<void>;
    before(async () => {
      const log: Log = {
        warn: (message) => api.logged.push(message),
        error: (message, error) => api.logged.push(`${message} ${String(error)}`),
      };
      const filesDir = attachments ? mkdtempSync(join(tmpdir(), 'opencx-files-')) : '';
      const files = attachments ? diskStore(filesDir) : undefined;
      const served = await listen(createApp({ db: context.db, answerer, log, heartbeatMs, files }));
      close = async () => {
        await served.close();
        if (filesDir) rmSync(filesDir, { recursive: true, force: true });
      };
      api.filesDir = filesDir;
      Object.assign(api, {
        db: context.db,
        base: served.base,
        call: (method: string, path: string, options?: CallOptions) => call(served.base, method, path, options),
        chat: (body: Record<string, unknown>, headers?: Record<string, string>) =>
          call(served.base, 'POST', '/api/widget/chat', { body: { widgetId: 'docs', ...body }, headers }),
        async visitor(widgetId = 'docs', headers: Record<string, string> = {}) {
          const minted = await call(served.base, 'POST', '/api/widget/visitors', { body: { widgetId }, headers });
          assert.equal(minted.status, 201, JSON.stringify(minted.json));
          const { visitorId: id, visitorToken: token } = minted.json as { visitorId: string; visitorToken: string };
          return { id, token, headers: { 'X-Visitor-Token': token } };
        },
      });
    });
    after(() => close?.());
    cases(api);
  });
}

/** A documented error: the status, the code, and a sentence for people. */
export function expectProblem(reply: Reply, status: number, code: string): void {
  assert.equal(reply.status, status, JSON.stringify(reply.json));
  assert.equal(reply.json.error.code, code);
  assert.equal(typeof reply.json.error.message, 'string');
}
