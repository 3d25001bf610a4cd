import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeHits } from '../../src/retrieval/search.js';
import type { SearchHit } from '../../src/store/store.js';

const hit = (articleId: string, start: number, end: number, score: number): SearchHit => ({
  chunk: {
    id: `${articleId}#${start}`,
    articleId,
    ordinal: 0,
    heading: null,
    start,
    end,
    text: 'x',
    textHans: 'x',
    tokens: 'x',
    instructionLike: false,
  },
  score,
});

test('a chunk mostly inside better-ranked chunks is dropped; neighbours sharing one sentence stay', () => {
  const hits = [hit('a', 0, 100, 3), hit('a', 10, 90, 2.5), hit('a', 90, 200, 2), hit('b', 0, 100, 1)];
  const kept = dedupeHits(hits, 5).map((h) => h.chunk.id);
  assert.deepEqual(kept, ['a#0', 'a#90', 'b#0']);
  assert.equal(dedupeHits(hits, 2).length, 2);
});
