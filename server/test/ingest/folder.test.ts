// Re-ingesting a folder: what changed is indexed again, what is unchanged is left, what is gone goes.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { search } from '../../src/answering/retrieval.js';
import { upsertWidget } from '../../src/db/widgets.js';
import { ingestFolder } from '../../src/ingest/folder.js';
import { describeOnEachBackend } from '../support/backends.js';
import { KB, KB_URL } from '../support/fixtures.js';

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A copy of the fixture knowledge base for one backend's suite to change. */
async function seed(db: Parameters<typeof upsertWidget>[0]) {
  await upsertWidget(db, { id: 'shop' });
  const folder = mkdtempSync(join(tmpdir(), 'opencx-kb-'));
  cpSync(KB, folder, { recursive: true });
  folders.push(folder);
  return folder;
}

describeOnEachBackend('ingest folder', seed, (suite) => {
  const ids = async () =>
    (
      await suite.db.query<{ id: string }>(`select id::text from kb_sections where page_id = 'install.md' order by id`)
    ).map((r) => r.id);

  test('a first ingest indexes every page', async () => {
    assert.deepEqual(await ingestFolder(suite.db, 'shop', suite.seeded, KB_URL), {
      pages: 4,
      sections: (await suite.db.query('select 1 from kb_sections')).length,
      changed: 4,
      unchanged: 0,
      removed: 0,
    });
  });

  test('unchanged pages are left as they are; a changed one is indexed again; a removed one disappears', async () => {
    const untouched = await ids();
    writeFileSync(
      join(suite.seeded, 'billing.txt'),
      'Invoices are emailed as PDF files on the last day of each month.\n',
    );
    rmSync(join(suite.seeded, 'guides'), { recursive: true });
    const result = await ingestFolder(suite.db, 'shop', suite.seeded, KB_URL);
    assert.deepEqual([result.pages, result.changed, result.unchanged, result.removed], [3, 1, 2, 1]);
    assert.deepEqual(await ids(), untouched, 'install.md was not rewritten');
    const hits = await search(suite.db, 'shop', 'How does dark mode work?');
    assert.ok(!hits.some((h) => h.pageId === 'guides/styling.md'), 'the styling guide is gone');
    const [hit] = await search(suite.db, 'shop', 'when are invoices emailed as PDF files?');
    assert.match(hit!.body, /last day of each month/);
  });

  test('the same folder linked from another base URL is indexed again, with its new links', async () => {
    const result = await ingestFolder(suite.db, 'shop', suite.seeded, 'https://help.example/');
    assert.equal(result.changed, 3);
    const [hit] = await search(suite.db, 'shop', 'How do I add the chat to WordPress?');
    assert.equal(hit!.pageUrl, 'https://help.example/install.md#wordpress');
  });
});
