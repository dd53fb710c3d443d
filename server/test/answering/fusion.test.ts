// Reciprocal rank fusion of BM25's hits and the sections nearest in meaning, as a pure function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuse, RRF_K } from '../../src/answering/fusion.js';
import type { Hit } from '../../src/answering/retrieval.js';

const hit = (sectionId: string, confidence = 0): Hit => ({
  sectionId,
  pageId: `${sectionId}.md`,
  pageTitle: sectionId,
  pageUrl: `https://docs.example/${sectionId}.md`,
  heading: sectionId,
  headingPath: [sectionId],
  body: `About ${sectionId}.`,
  sectionBody: `About ${sectionId}.`,
  score: confidence * 10,
  coverage: confidence,
  confidence,
  matched: confidence ? [sectionId] : [],
});

const loadedBy = (asked: string[][]) => async (ids: string[]) => {
  asked.push(ids);
  return ids.map((id) => hit(id));
};

test('without sections by meaning, BM25’s hits stand as they are', async () => {
  const lexical = [hit('a', 0.9), hit('b', 0.4)];
  assert.equal(await fuse(lexical, [], loadedBy([])), lexical);
});

test('a section both lists rank high goes first; only the sections BM25 did not find are read', async () => {
  const asked: string[][] = [];
  const fused = await fuse([hit('a', 0.8), hit('b', 0.7), hit('c', 0.2)], ['c', 'd', 'b'], loadedBy(asked));
  assert.deepEqual(
    fused.map((h) => h.sectionId),
    ['c', 'b', 'a', 'd'],
  );
  assert.deepEqual(asked, [['d']]);
  const expected = (1 / (RRF_K + 3) + 1 / (RRF_K + 1)) * 1000;
  assert.ok(Math.abs(fused[0]!.score - expected) < 1e-9, 'the score is the fused one');
});

test('the confidence stays BM25’s: the first reports the best BM25 one, a section found by meaning alone too', async () => {
  const fused = await fuse([hit('a', 0.8), hit('b', 0.3)], ['b', 'x'], loadedBy([]));
  assert.deepEqual(
    fused.map((h) => [h.sectionId, h.confidence]),
    [
      ['b', 0.8],
      ['a', 0.8],
      ['x', 0.8],
    ],
  );
  const nothingInWords = await fuse([], ['x', 'y'], loadedBy([]));
  assert.deepEqual(
    nothingInWords.map((h) => h.confidence),
    [0, 0],
    'no words in common: nothing to answer from, whatever the vectors say',
  );
});

test('a section gone since it was embedded is left out', async () => {
  const fused = await fuse([hit('a', 0.6)], ['gone', 'a'], async () => []);
  assert.deepEqual(
    fused.map((h) => h.sectionId),
    ['a'],
  );
});
