/**
 * The corpus listing: subfolders read recursively with ids that stay unique and stable, symlinks
 * followed only to regular files inside the corpus, and every other entry reported with its reason,
 * in the listing and in the build report.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildIndex } from '../../src/ingest/build.js';
import { listCorpusFiles } from '../../src/ingest/corpus-files.js';
import { createLogger } from '../../src/logger.js';
import { openIndex } from '../../src/store/store.js';
import { CORPUS_DIR, testConfig } from '../helpers/temp-index.js';

const A0 = '000_54312ab2d7695010';
const A1 = '001_4cc44543ceff4a89';
const A2 = '002_b9f22687d977613e';

let dir: string;
let corpus: string;
let socket: net.Server;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-corpus-files-'));
  corpus = path.join(dir, 'corpus');
  await cp(CORPUS_DIR, corpus, { recursive: true });
  // An archive by year; a file of the same name as a top-level one (an updated copy) in another year.
  await mkdir(path.join(corpus, '2023', 'q1'), { recursive: true });
  await rename(path.join(corpus, `${A2}.txt`), path.join(corpus, '2023', 'q1', `${A2}.txt`));
  await mkdir(path.join(corpus, '2024'));
  const a0 = await readFile(path.join(corpus, `${A0}.txt`), 'utf8');
  await writeFile(path.join(corpus, '2024', `${A0}.txt`), `${a0}\n(2024年更新)本文已更新。`);
  // Symlinks: to a real article inside (followed), outside, dangling, to a folder (a loop).
  await symlink(path.join(corpus, `${A1}.txt`), path.join(corpus, 'link-inside.txt'));
  await writeFile(path.join(dir, 'outside.txt'), a0);
  await symlink(path.join(dir, 'outside.txt'), path.join(corpus, 'link-outside.txt'));
  await symlink(path.join(corpus, 'gone.txt'), path.join(corpus, 'link-dangling.txt'));
  await symlink('..', path.join(corpus, '2023', 'loop'));
  // Entries that are not files, hidden files and other formats.
  execFileSync('mkfifo', [path.join(corpus, 'pipe.txt')]);
  socket = net.createServer();
  await new Promise<void>((resolve) => socket.listen(path.join(corpus, 'sock.txt'), resolve));
  await writeFile(path.join(corpus, '.hidden.txt'), a0);
  await writeFile(path.join(corpus, 'notes.pdf'), 'x');
});
after(async () => {
  await new Promise((resolve) => socket?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const EXPECTED_SKIPS: [string, RegExp][] = [
  ['.hidden.txt', /hidden/],
  ['2023/loop', /symlink to a folder/],
  ['link-dangling.txt', /dangling/],
  ['link-outside.txt', /outside the corpus folder/],
  ['notes.pdf', /not an article file/],
  ['pipe.txt', /FIFO/],
  ['sock.txt', /socket/],
];

describe('listCorpusFiles', () => {
  test('lists subfolders recursively and the symlink to an article inside', async () => {
    const { files } = await listCorpusFiles(corpus);
    assert.deepEqual(
      files,
      [
        `${A0}.txt`,
        `${A1}.txt`,
        `2023/q1/${A2}.txt`,
        `2024/${A0}.txt`,
        '003_19b20a0851b45d31.txt',
        '004_867fbc00785c8e64.txt',
        'link-inside.txt',
      ].sort(),
    );
  });

  test('reports every other entry with its reason', async () => {
    const skipped = new Map((await listCorpusFiles(corpus)).skipped.map((s) => [s.file, s.reason]));
    for (const [file, reason] of EXPECTED_SKIPS)
      assert.match(skipped.get(file) ?? '(not reported)', reason, file);
    assert.equal(skipped.size, EXPECTED_SKIPS.length);
  });

  test(
    'an unreadable file is reported',
    { skip: process.getuid?.() === 0 && 'root reads every file' },
    async () => {
      const locked = path.join(corpus, 'locked.txt');
      await writeFile(locked, 'x');
      await chmod(locked, 0);
      try {
        const { skipped } = await listCorpusFiles(corpus);
        assert.match(skipped.find((s) => s.file === 'locked.txt')?.reason ?? '', /unreadable/);
      } finally {
        await rm(locked);
      }
    },
  );
});

test('the build reads the archive folders, keeps ids unique and reports every entry it does not read', async () => {
  const config = testConfig({ CORPUS_DIR: corpus }, dir);
  const report = await buildIndex(config, createLogger('silent'));
  const skipped = new Map(report.skipped.map((s) => [s.file, s.reason]));
  for (const [file, reason] of EXPECTED_SKIPS)
    assert.match(skipped.get(file) ?? '(not reported)', reason, file);
  assert.match(skipped.get('link-inside.txt') ?? '(not reported)', new RegExp(`same content as ${A1}`));
  const ids = (await (await openIndex(config.indexUri)).articles()).map((a) => a.id).sort();
  assert.deepEqual(
    ids,
    [A0, A1, `2023/q1/${A2}`, `2024/${A0}`, '003_19b20a0851b45d31', '004_867fbc00785c8e64'].sort(),
  );
  assert.equal(report.articles, 6);
});
