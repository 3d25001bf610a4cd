/**
 * Questions about what an archive holds: a reply lists the first articles and counts the rest per
 * region, rather than one line per article of thousands (a real index of 15 articles here).
 */
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createEngine } from '../../src/answer/engine.js';
import { createLogger } from '../../src/logger.js';
import { CORPUS_DIR, withTempIndex } from '../helpers/temp-index.js';

test('a corpus question on an archive lists ten articles and counts the rest per region', async () => {
  const corpus = await mkdtemp(path.join(os.tmpdir(), 'bpb-archive-'));
  try {
    // Three folders of the five articles: fifteen articles, three per place.
    // (Each copy ends with its own line: the build keeps one of byte-identical files.)
    for (const year of ['2021', '2022', '2023']) {
      await cp(CORPUS_DIR, path.join(corpus, year), { recursive: true });
      for (const file of await readdir(path.join(corpus, year)))
        await appendFile(path.join(corpus, year, file), `\n${year}年转载。\n`);
    }
    await withTempIndex({ env: { CORPUS_DIR: corpus } }, async (index) => {
      const engine = await createEngine({ config: index.config, logger: createLogger('silent') });
      try {
        const zh = await engine.ask('语料中有几篇文章?');
        assert.equal(zh.intent, 'metadata');
        assert.match(zh.answer, /语料共有15篇文章/u);
        assert.equal(zh.answer.split('\n').filter((l) => /^\d+\.\s/u.test(l)).length, 10);
        assert.match(zh.answer, /另有5篇未列出/u);
        assert.match(zh.answer, /云南省临沧市凤庆县 3/u);
        assert.equal(new Set(zh.citations.map((c) => c.articleId)).size, 10);
        const en = await engine.ask('Which regions does the corpus cover?');
        assert.match(en.answer, /The corpus holds 15 articles/u);
        assert.match(en.answer, /and 5 more not listed/u);
      } finally {
        await engine.close();
      }
    });
  } finally {
    await rm(corpus, { recursive: true, force: true });
  }
});
