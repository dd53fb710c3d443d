// One process at a time opens an embedded database folder: a second one is told, not hung.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { claimDataDir } from '../../src/db/data-dir-claim.js';

const folder = () => mkdtempSync(join(tmpdir(), 'opencx-claim-'));

test('a folder is claimed by this process and given up again', () => {
  const dir = folder();
  try {
    const release = claimDataDir(dir);
    assert.equal(readFileSync(join(dir, 'opencx.pid'), 'utf8'), String(process.pid));
    release();
    assert.equal(existsSync(join(dir, 'opencx.pid')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder another live process holds is refused with a sentence saying what to do', async () => {
  const dir = folder();
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(join(dir, 'opencx.pid'), String(other.pid));
    assert.throws(() => claimDataDir(dir), /open in another process \(pid \d+\).*Stop it first, or use DATABASE_URL/);
  } finally {
    other.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a claim whose process is gone is taken over', async () => {
  const dir = folder();
  const gone = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => gone.once('exit', resolve));
  try {
    writeFileSync(join(dir, 'opencx.pid'), String(gone.pid));
    const release = claimDataDir(dir);
    assert.equal(readFileSync(join(dir, 'opencx.pid'), 'utf8'), String(process.pid));
    release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
