import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildIndex, formatReport, indexExists } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { connectIndex, openIndex } from '../../src/store/store.js';
import { readFileStamps, stampOf, writeFileStamps } from '../../src/store/file-stamps.js';
import {
  CORPUS_DIR,
  REPO_ROOT,
  buildTempIndex,
  testConfig,
  withTempIndex,
  type TempIndex,
} from '../helpers/temp-index.js';

const silent = createLogger('silent');

describe('buildIndex on the real corpus (keyword-only)', () => {
  let built: TempIndex;
  before(async () => {
    built = await buildTempIndex();
  });
  after(() => built.cleanup());

  test('indexes the five articles with the expected metadata', async () => {
    const reader = await openIndex(built.config.indexUri);
    const articles = await reader.articles();
    assert.equal(articles.length, 5);
    const byPrefix = (p: string) => articles.find((a) => a.id.startsWith(p))!;
    assert.deepEqual(byPrefix('000').region, ['云南省', '西双版纳傣族自治州', '勐腊县']);
    assert.equal(byPrefix('000').date, '2017-04-05');
    assert.deepEqual(byPrefix('001').region, ['云南省', '临沧市', '凤庆县']);
    assert.equal(byPrefix('001').author, '鲁天才');
    assert.deepEqual(byPrefix('002').region, ['西藏自治区', '昌都市']);
    assert.equal(byPrefix('002').source, '西藏日报');
    assert.deepEqual(byPrefix('003').region, ['内蒙古自治区', '呼伦贝尔市']);
    assert.equal(byPrefix('003').date, '2022-02-23');
    assert.equal(byPrefix('003').author, '呼组轩');
    assert.deepEqual(byPrefix('004').region, ['云南省', '迪庆藏族自治州', '香格里拉市', '小中甸镇']);
    assert.equal(byPrefix('004').title, '小中甸镇党建工作综述');
    assert.equal(byPrefix('004').date, null);
    assert.equal(reader.manifest.embedding, null);
    assert.equal(built.report.keywordOnly, true);
  });

  test('every chunk is a verbatim slice of its cleaned article, free of annotations, chrome and spam', async () => {
    const reader = await openIndex(built.config.indexUri);
    const articles = new Map((await reader.articles()).map((a) => [a.id, a]));
    const chunks = await reader.allChunks();
    assert.ok(chunks.length >= 20, `expected a few dozen chunks, got ${chunks.length}`);
    for (const c of chunks) {
      assert.equal(articles.get(c.articleId)!.text.slice(c.start, c.end), c.text, c.id);
      assert.doesNotMatch(c.text, /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/i, `pinyin annotation in ${c.id}`);
      assert.doesNotMatch(
        c.text,
        /点击[率:：]|微信公[众眾]号|官方微博|您当前的位置|[责責]编/,
        `page chrome in ${c.id}`,
      );
      assert.doesNotMatch(c.text, /定远县|灵丘县|兰州市|驻马店市/, `county spam in ${c.id}`);
      assert.ok(c.tokens.length > 0);
    }
  });

  test('the full-text column finds Traditional articles from Simplified terms', async () => {
    const reader = await openIndex(built.config.indexUri);
    const hits = await reader.fullText('冬训 牧民', 5);
    assert.ok(hits.length > 0);
    assert.ok(hits[0]!.chunk.articleId.startsWith('003'));
    assert.match(hits.map((h) => h.chunk.text).join(''), /冬訓/);
  });

  test('the report describes the cleaning', () => {
    const r = built.report;
    assert.ok(r.pinyinRemoved > 50, `pinyin removed: ${r.pinyinRemoved}`);
    assert.ok(r.chromeLinesRemoved > 3);
    assert.ok(r.countyNamesRemoved >= 30);
    assert.ok(r.mojibake.length >= 1);
    const text = formatReport(r);
    assert.match(text, /5 articles/);
    assert.match(text, /mojibake/);
  });
});

describe('buildIndex robustness', () => {
  test('skips bad files with a reason and still builds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-bad-'));
    try {
      const corpus = path.join(dir, 'corpus');
      await cp(CORPUS_DIR, corpus, { recursive: true });
      await writeFile(path.join(corpus, 'empty.txt'), '');
      await writeFile(path.join(corpus, 'binary.txt'), Buffer.from([0, 1, 2, 0, 0, 255, 0, 3]));
      await writeFile(path.join(corpus, 'zeros.txt'), Buffer.alloc(4096));
      await writeFile(path.join(corpus, 'huge.txt'), Buffer.alloc(30_000, 0x41));
      const config = testConfig({ CORPUS_DIR: corpus, MAX_FILE_BYTES: '20000' }, dir);
      const report = await buildIndex(config, silent);
      assert.equal(report.articles, 5);
      const skipped = new Map(report.skipped.map((s) => [s.file, s.reason]));
      assert.ok(
        skipped.has('empty.txt') &&
          skipped.has('binary.txt') &&
          skipped.has('zeros.txt') &&
          skipped.has('huge.txt'),
      );
      assert.match(skipped.get('huge.txt')!, /limit/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('an empty corpus fails clearly and leaves no index', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-empty-'));
    try {
      const corpus = path.join(dir, 'corpus');
      await cp(CORPUS_DIR, corpus, { recursive: true, filter: (src) => !src.endsWith('.txt') });
      const config = testConfig({ CORPUS_DIR: corpus }, dir);
      await assert.rejects(buildIndex(config, silent), /No usable articles/);
      assert.equal(await indexExists(config), false);
      const missing = testConfig({ CORPUS_DIR: path.join(dir, 'nope') }, dir);
      await assert.rejects(buildIndex(missing, silent), /Cannot read the corpus folder/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('removed articles leave the index on rebuild', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config }) => {
      const victim = (await readdir(config.corpusDir)).find((f) => f.startsWith('002'))!;
      await rm(path.join(config.corpusDir, victim));
      await buildIndex(config, silent);
      const reader = await openIndex(config.indexUri);
      assert.equal((await reader.articles()).length, 4);
      assert.ok((await reader.allChunks()).every((c) => !c.articleId.startsWith('002')));
      assert.equal((await reader.fullText('昌都', 5)).length, 0);
    });
  });
});

/** Runs the ingest CLI in a child process and SIGKILLs it after `ms`; resolves when it has exited. */
function killIngestAfter(ms: number, env: Record<string, string>): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/ingest.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('atomic builds', () => {
  test('a build that fails after writing its tables, before the swap, changes nothing readers see', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      const corpus = config.corpusDir;
      // The next build would drop an article; it dies right before the manifest swap.
      await rm(
        path.join(
          corpus,
          (await readdir(corpus)).find((f) => f.startsWith('002'))!,
        ),
      );
      await assert.rejects(
        buildIndex(config, silent, { beforeCommit: async () => Promise.reject(new Error('power cut')) }),
        /power cut/,
      );
      const reader = await openIndex(config.indexUri);
      assert.equal(reader.manifest.version, first.version);
      assert.equal((await reader.articles()).length, 5);
      assert.ok((await reader.fullText('昌都', 3)).length > 0);
      // The next successful build starts from the committed versions, not from the failed one's rows.
      const next = await buildIndex(config, silent);
      assert.equal(next.changes.removed, 1);
      const after = await openIndex(config.indexUri);
      assert.equal(after.manifest.version, next.version);
      assert.equal((await after.articles()).length, 4);
      assert.equal((await after.allChunks()).length, after.manifest.chunks);
      // (file_stamps: a build's hint beside the snapshot, written once files are a few seconds old.)
      const tables = (await readdir(config.indexUri))
        .filter((f) => f.endsWith('.lance') && f !== 'file_stamps.lance')
        .sort();
      assert.deepEqual(tables, ['articles.lance', 'chunks.lance', 'manifest.lance', 'terms.lance']);
    });
  });

  test('a second build while one is running is refused; a damaged manifest is repaired by the next build', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-lock-'));
    try {
      const config = testConfig({}, dir);
      let refused = false;
      await buildIndex(config, silent, {
        beforeCommit: async () => {
          await assert.rejects(buildIndex(config, silent), /Another build/);
          refused = true;
        },
      });
      assert.ok(refused);
      // Damage the manifest table's data: the index reads as broken, and a build repairs it.
      const data = path.join(config.indexUri, 'manifest.lance', 'data');
      for (const f of await readdir(data)) await rm(path.join(data, f));
      await assert.rejects(openIndex(config.indexUri));
      const report = await buildIndex(config, silent);
      assert.equal((await openIndex(config.indexUri)).manifest.version, report.version);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a build killed at any point leaves the previous index whole and queryable', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      const corpus = config.corpusDir;
      const env = {
        CORPUS_DIR: config.corpusDir,
        INDEX_URI: config.indexUri,
        EMBEDDINGS: 'off',
        LOG_LEVEL: 'silent',
        ALLOW_REMOTE_MODELS: 'false',
      };
      const victim = (await readdir(corpus)).find((f) => f.startsWith('002'))!;
      const victimText = await readFile(path.join(corpus, victim));
      const states = new Map([[first.version, 5]]);
      let before = first.version;
      let landedMidBuild = 0;
      for (const [i, ms] of [300, 900, 1500, 2100, 2700, 3300, 1800, 2400].entries()) {
        // Every killed build has something to write: article 002 leaves and comes back in turn.
        if (i % 2 === 0) await rm(path.join(corpus, victim));
        else await writeFile(path.join(corpus, victim), victimText);
        await killIngestAfter(ms, env);
        const reader = await openIndex(config.indexUri);
        const articles = await reader.articles();
        // Either the build before (whole) or the completed new one, never a mix.
        if (reader.manifest.version === before) landedMidBuild++;
        else states.set(reader.manifest.version, articles.length);
        assert.equal(articles.length, reader.manifest.articles, `after a kill at ${ms} ms`);
        assert.equal((await reader.allChunks()).length, reader.manifest.chunks, `after a kill at ${ms} ms`);
        assert.equal(
          articles.some((a) => a.id.startsWith('002')),
          (await reader.fullText('昌都', 3)).length > 0,
          `articles and chunks agree after a kill at ${ms} ms`,
        );
        assert.ok((await reader.fullText('补助', 3)).length > 0, `search works after a kill at ${ms} ms`);
        before = reader.manifest.version;
      }
      assert.ok(landedMidBuild > 0, 'at least one kill interrupted a build');
      // The next build completes from whatever the kills left.
      const last = await buildIndex(config, silent);
      const reader = await openIndex(config.indexUri);
      assert.equal(reader.manifest.version, last.version);
      assert.equal((await reader.allChunks()).length, reader.manifest.chunks);
    });
  });
});

describe('file stamps: untouched files are not even read', () => {
  const stampsOf = async (indexUri: string) => readFileStamps(await connectIndex(indexUri));
  const stampOfFile = (file: string) => stampOf(statSync(file, { bigint: true }));
  /** Settled at once (the default waits until a file is 2 s old, which a test should not). */
  const now = { stampSettleMs: 0 };

  test('a build records a stamp and the stored hash of every settled file, none of a fresh one', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      // Files changed within the settle window are not stamped (a write in the same clock tick
      // would leave their times as they are): here every file is younger than a minute.
      await buildIndex(config, silent, { stampSettleMs: 60_000 });
      assert.equal((await stampsOf(config.indexUri)).size, 0);
      const again = await buildIndex(config, silent, now);
      assert.equal(again.version, first.version, 'recording stamps is not a new build');
      const stamps = await stampsOf(config.indexUri);
      const articles = await (await openIndex(config.indexUri)).articles();
      assert.equal(stamps.size, 5);
      for (const a of articles) {
        assert.equal(stamps.get(a.file)?.contentHash, a.contentHash, a.file);
        assert.equal(stamps.get(a.file)?.stamp, stampOfFile(path.join(config.corpusDir, a.file)), a.file);
      }
    });
  });

  test('a touched file with the same bytes is skipped; its new stamp is recorded', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      await buildIndex(config, silent, now);
      const file = (await readdir(config.corpusDir)).find((f) => f.startsWith('001'))!;
      const full = path.join(config.corpusDir, file);
      const stamped = stampOfFile(full);
      // (A time in the past: a file dated in the future is never taken as settled.)
      const earlier = new Date(Date.now() - 3_600_000);
      await utimes(full, earlier, earlier);
      assert.notEqual(stampOfFile(full), stamped);
      const touched = await buildIndex(config, silent, now);
      assert.deepEqual(touched.changes, {
        mode: 'incremental',
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: 5,
      });
      assert.equal(touched.version, first.version);
      assert.equal((await stampsOf(config.indexUri)).get(file)?.stamp, stampOfFile(full));
    });
  });

  test('a changed file of the same size, its old times put back, is rebuilt', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config }) => {
      const file = (await readdir(config.corpusDir)).find((f) => f.startsWith('000'))!;
      const full = path.join(config.corpusDir, file);
      // Whole seconds, so the same times can be put back exactly (as `touch -r` or a sync tool would).
      const time = Math.floor(Date.now() / 1000) - 3600;
      await utimes(full, time, time);
      await buildIndex(config, silent, now);
      const before = await stat(full, { bigint: true });
      assert.equal((await stampsOf(config.indexUri)).get(file)?.stamp, stampOf(before));
      const text = await readFile(full, 'utf8');
      assert.match(text, /1400/);
      const edited = text.replace('1400', '1900');
      assert.equal(BigInt(Buffer.byteLength(edited)), before.size);
      await writeFile(full, edited);
      await utimes(full, time, time);
      const after = await stat(full, { bigint: true });
      assert.equal(after.mtimeNs, before.mtimeNs);
      assert.equal(after.size, before.size);
      const rebuilt = await buildIndex(config, silent, now);
      assert.equal(rebuilt.changes.changed, 1);
      const article = (await (await openIndex(config.indexUri)).articles()).find((a) => a.file === file)!;
      assert.match(article.text, /1900/);
      assert.doesNotMatch(article.text, /不低于1400/);
    });
  });

  test('a damaged stamps table costs a re-read, not the build', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      await buildIndex(config, silent, now);
      const data = path.join(config.indexUri, 'file_stamps.lance', 'data');
      for (const f of await readdir(data)) await rm(path.join(data, f));
      const again = await buildIndex(config, silent, now);
      assert.equal(again.version, first.version);
      assert.equal(again.changes.unchanged, 5);
      assert.deepEqual(again.warnings, []);
      assert.equal((await stampsOf(config.indexUri)).size, 5, 'the stamps are recorded anew');
    });
  });

  test('a stamp whose hash the index does not hold is not trusted', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config }) => {
      const db = await connectIndex(config.indexUri);
      const file = (await readdir(config.corpusDir)).find((f) => f.startsWith('003'))!;
      const full = path.join(config.corpusDir, file);
      await writeFile(full, `${await readFile(full, 'utf8')}\n牧民冬训还增加了新的课程内容。\n`);
      // A stale hint (as a build stopped after its own stamps would leave): the file's current stamp
      // with the hash of its new bytes, which the committed articles do not hold.
      const stamps = await readFileStamps(db);
      stamps.set(file, { stamp: stampOfFile(full), contentHash: 'f'.repeat(64) });
      await writeFileStamps(db, stamps);
      const rebuilt = await buildIndex(config, silent, now);
      assert.equal(rebuilt.changes.changed, 1);
      const article = (await (await openIndex(config.indexUri)).articles()).find((a) => a.file === file)!;
      assert.match(article.text, /新的课程内容/);
    });
  });
});

test('an index written before the newer article columns (namedPlaces, listSummaries) is rebuilt whole by the next ingest', async () => {
  await withTempIndex({}, async ({ config }) => {
    // Make the stored index what an older version wrote: no newer columns, an older pipeline.
    const db = await connectIndex(config.indexUri);
    const articles = await db.openTable('articles');
    await articles.dropColumns(['namedPlaces', 'listSummaries']);
    const manifestTable = await db.openTable('manifest');
    const [row] = await manifestTable.query().toArray();
    const old = {
      ...(row as Record<string, unknown>),
      pipeline: 'p1',
      articlesVersion: await articles.version(),
    };
    await manifestTable.add([old], { mode: 'overwrite' });
    const report = await buildIndex(config, silent);
    assert.equal(report.changes.mode, 'full');
    assert.equal(report.articles, 5);
    const fields = (await (await db.openTable('articles')).schema()).fields.map((f) => f.name);
    assert.ok(fields.includes('namedPlaces') && fields.includes('listSummaries'));
    assert.equal((await openIndex(config.indexUri)).manifest.version, report.version);
  });
});
