/**
 * Junk that decodes without an error is not an article: random GBK byte pairs (valid GB18030, invalid
 * UTF-8) and a one-line file of a million characters are skipped with a reason, while the five real
 * articles (the Traditional ones, the GBK-mojibake spans, and GBK/GB18030 re-encodings) are accepted,
 * and real questions are still answered when the junk sits in the corpus folder.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { createEngine } from '../../src/answer/engine.js';
import { buildIndex } from '../../src/ingest/build.js';
import { decodeArticle } from '../../src/ingest/read.js';
import { createLogger } from '../../src/logger.js';
import { CORPUS_DIR, testConfig } from '../helpers/temp-index.js';

const LIMIT = 5_000_000;

/** A deterministic generator, so that a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` bytes of GBK two-byte codes (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F): valid GB18030. */
function gbkJunk(n: number, seed = 1): Buffer {
  const rand = prng(seed);
  const bytes: number[] = [];
  while (bytes.length < n) {
    const trail = 0x40 + Math.floor(rand() * 0xbf);
    if (trail === 0x7f) continue;
    bytes.push(0x81 + Math.floor(rand() * 0x7e), trail);
  }
  return Buffer.from(bytes);
}

/** One line of a million characters drawn from a real article (its words and punctuation). */
async function junkLine(): Promise<string> {
  const files = (await readdir(CORPUS_DIR)).sort();
  const pool = [...(await readFile(path.join(CORPUS_DIR, files[1]!), 'utf8')).replace(/\s/g, '')];
  const rand = prng(7);
  return Array.from({ length: 1_000_000 }, () => pool[Math.floor(rand() * pool.length)]).join('');
}

describe('plausibility of a decoding', () => {
  test('5,000 bytes of GBK pairs: invalid UTF-8, no U+FFFD as GB18030, and skipped', () => {
    for (const seed of [1, 2, 3]) {
      const bytes = gbkJunk(5_000, seed);
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      assert.ok(!iconv.decode(bytes, 'gb18030').includes('\uFFFD'), 'decodes as GB18030 without an error');
      const result = decodeArticle(bytes, 'junk.txt', LIMIT);
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, /GB18030.*common/);
    }
  });

  test('a one-line file of a million characters is skipped', async () => {
    const result = decodeArticle(Buffer.from(await junkLine()), 'line.txt', LIMIT);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /line 1 is over/);
  });

  test('a long unpunctuated run is skipped even on short lines', () => {
    const text = `${'党建'.repeat(1_500)}\n`.repeat(2);
    assert.equal(decodeArticle(Buffer.from(text), 'run.txt', LIMIT).ok, false);
  });

  test('every real article is accepted, as UTF-8 and re-encoded as GB18030', async () => {
    for (const file of await readdir(CORPUS_DIR)) {
      const bytes = await readFile(path.join(CORPUS_DIR, file));
      const utf8 = decodeArticle(bytes, file, LIMIT);
      assert.ok(utf8.ok, `${file}: ${(utf8 as { reason?: string }).reason}`);
      const text = bytes.toString('utf8').replace(/\uFFFD/g, '?');
      const gb = decodeArticle(iconv.encode(text, 'gb18030'), file, LIMIT);
      assert.ok(gb.ok, `${file} as GB18030: ${(gb as { reason?: string }).reason}`);
    }
  });
});

test('with junk files in the corpus folder, the build skips them and real questions are answered', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-junk-'));
  try {
    const corpus = path.join(dir, 'corpus');
    await cp(CORPUS_DIR, corpus, { recursive: true });
    await writeFile(path.join(corpus, 'junk-gbk.txt'), gbkJunk(5_000));
    await writeFile(path.join(corpus, 'junk-line.txt'), await junkLine());
    const config = testConfig({ CORPUS_DIR: corpus }, dir);
    const report = await buildIndex(config, createLogger('silent'));
    assert.equal(report.articles, 5);
    const skipped = new Map(report.skipped.map((s) => [s.file, s.reason]));
    assert.match(skipped.get('junk-gbk.txt') ?? '', /common/);
    assert.match(skipped.get('junk-line.txt') ?? '', /line 1/);
    const engine = await createEngine({ config, logger: createLogger('silent') });
    try {
      const r = await engine.ask('凤庆县有多少党员');
      assert.equal(r.refused, false);
      assert.match(r.answer, /\d/);
      assert.ok(r.citations.length > 0 && r.citations.every((c) => !c.articleId.startsWith('junk')));
    } finally {
      await engine.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
