/**
 * Reproduces (or rules out) the full-text index hang seen at ~131k rows: writes N synthetic rows of
 * space-joined tokens into a fresh table and times `createIndex('tokens', Index.fts(whitespace))`.
 * `tsx bench/fts-hang.ts [rows=131072] [timeoutSeconds=60] [tokensPerRow=120]`; exits 2 on a stall.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import * as lancedb from '@lancedb/lancedb';

const rows = Number(process.argv[2] ?? 131_072);
const timeoutS = Number(process.argv[3] ?? 60);
const perRow = Number(process.argv[4] ?? 120);
const version = (
  JSON.parse(
    readFileSync(new URL('../node_modules/@lancedb/lancedb/package.json', import.meta.url), 'utf8'),
  ) as {
    version: string;
  }
).version;

// A Zipf-ish vocabulary of two-character CJK words, like jieba output.
const vocab = Array.from({ length: 30_000 }, (_, i) =>
  String.fromCodePoint(0x4e00 + (i % 20_000), 0x4e00 + ((i * 7919) % 20_000)),
);
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const word = () => vocab[Math.floor(vocab.length * rand() ** 3)]!;

const dir = await mkdtemp(path.join(os.tmpdir(), 'fts-hang-'));
const db = await lancedb.connect(dir);
const t0 = performance.now();
const data = Array.from({ length: rows }, (_, i) => ({
  id: `a${Math.floor(i / 20)}#${i % 20}`,
  tokens: Array.from({ length: perRow }, word).join(' '),
}));
const table = await db.createTable('chunks', data);
const tWrite = performance.now();
const watchdog = setTimeout(() => {
  console.log(
    JSON.stringify({
      lancedb: version,
      node: process.version,
      rows,
      perRow,
      writeMs: Math.round(tWrite - t0),
      fts: `no result after ${timeoutS} s`,
    }),
  );
  void rm(dir, { recursive: true, force: true }).finally(() => process.exit(2));
}, timeoutS * 1000);
await table.createIndex('tokens', {
  config: lancedb.Index.fts({
    baseTokenizer: 'whitespace',
    lowercase: true,
    stem: false,
    removeStopWords: false,
    asciiFolding: false,
    withPosition: false,
  }),
});
clearTimeout(watchdog);
const hits = await table.search(`${vocab[0]} ${vocab[1]}`, 'fts').limit(5).toArray();
console.log(
  JSON.stringify({
    lancedb: version,
    node: process.version,
    rows,
    perRow,
    writeMs: Math.round(tWrite - t0),
    ftsMs: Math.round(performance.now() - tWrite),
    hits: hits.length,
  }),
);
await rm(dir, { recursive: true, force: true });
