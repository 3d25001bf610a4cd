import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildIndex } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { BuildStalledError, stallGuard } from '../../src/store/stall.js';
import { openIndex } from '../../src/store/store.js';
import { beginBuild, commitBuild } from '../../src/store/writer.js';
import type { ArticleRecord } from '../../src/types.js';
import { withTempIndex } from '../helpers/temp-index.js';

const silent = createLogger('silent');

describe('builds never hang silently', () => {
  test('a stage without progress fails clearly, releases the lock and leaves the index as it was', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      const victim = (await readdir(config.corpusDir)).find((f) => f.startsWith('002'))!;
      await rm(path.join(config.corpusDir, victim));
      await assert.rejects(
        buildIndex(config, silent, { stallMs: 300, beforeCommit: () => new Promise(() => undefined) }),
        (err: Error) =>
          err instanceof BuildStalledError && /no progress for 0 s in the stage "commit"/.test(err.message),
      );
      const reader = await openIndex(config.indexUri);
      assert.equal(reader.manifest.version, first.version);
      assert.equal((await reader.articles()).length, 5);
      // The lock was released: the next build runs.
      const next = await buildIndex(config, silent);
      assert.equal(next.articles, 4);
    });
  });

  test('the full-text index over 10,000 chunks completes (LanceDB 0.31.0 deadlocked on 2 cores)', async () => {
    await withTempIndex({}, async ({ config }) => {
      // Synthetic chunks written through the store's own full build; 0.31.0 never finished this.
      const vocab = Array.from({ length: 5000 }, (_, i) =>
        String.fromCodePoint(0x4e00 + i, 0x4e00 + ((i * 31) % 5000)),
      );
      let seed = 7;
      const word = () => vocab[(seed = (seed * 48_271) % 2_147_483_647) % vocab.length]!;
      const upserts = Array.from({ length: 500 }, (_, a) => {
        const article: ArticleRecord = {
          id: `syn${a}`,
          file: `syn${a}.txt`,
          title: `t${a}`,
          date: null,
          source: null,
          author: null,
          script: 'zh-Hans',
          region: ['云南省'],
          subRegions: [],
          headings: [],
          text: 'x'.repeat(20),
          contentHash: `h${a}`,
          structure: { sections: [], lists: [] },
        };
        const chunks = Array.from({ length: 20 }, (_, o) => ({
          id: `syn${a}#${o}`,
          articleId: article.id,
          ordinal: o,
          heading: null,
          start: 0,
          end: 1,
          text: 'x',
          textHans: 'x',
          tokens: Array.from({ length: 120 }, word).join(' '),
          instructionLike: false,
        }));
        const facts = {
          encoding: 'utf-8',
          chunkCount: 20,
          chromeLinesRemoved: 0,
          pinyinRemoved: 0,
          countyListRemoved: 0,
          mojibake: [],
        };
        return { article, facts, chunks };
      });
      const base = await beginBuild(config.indexUri);
      const manifest = await commitBuild(
        base,
        { full: true, upserts, removed: [], replacedChunks: [], embedding: null, pipeline: 'synthetic' },
        { guard: stallGuard(120_000) },
      );
      assert.equal(manifest.chunks, 10_000);
      const reader = await openIndex(config.indexUri);
      assert.equal((await reader.fullText(vocab[1]!, 5)).length, 5);
    });
  });
});
