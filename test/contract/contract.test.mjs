// One contract, two backends: the same requests against the reference server and against the mock
// API the browser tests use, the same assertions on each, and the same observations from both, so
// the mock cannot drift from the server (cases.mjs, observe.mjs).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PAGE_ORIGIN, startBackends } from './backends.mjs';
import { CASES } from './cases.mjs';
import { differences } from './observe.mjs';

/** A client of one backend, sending what the widget sends from a page at PAGE_ORIGIN. */
function client(backend) {
  return {
    origin: PAGE_ORIGIN,
    async call(method, path, { body, raw, form, headers = {} } = {}) {
      const hasBody = body !== undefined || raw !== undefined;
      const response = await fetch(backend.base + path, {
        method,
        headers: { Origin: PAGE_ORIGIN, ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
        // A FormData body (an upload) brings its own multipart Content-Type.
        body: form ?? raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
    },
  };
}

describe('the widget API contract', () => {
  let backends;
  before(async () => (backends = await startBackends()));
  after(() => Promise.all(backends.map((b) => b.close())));

  for (const { name, run } of CASES) {
    test(name, async (t) => {
      const observed = new Map();
      for (const backend of backends) {
        await t.test(backend.name, async () => observed.set(backend, await run(client(backend))));
      }
      // A backend that failed its assertions has failed this test already; the others are compared.
      const [reference, mock] = backends.map((backend) => observed.get(backend));
      if (reference && mock) {
        const found = differences(reference, mock);
        assert.deepEqual(found, [], `the ${backends[1].name} answers differently from the ${backends[0].name}`);
      }
    });
  }
});
