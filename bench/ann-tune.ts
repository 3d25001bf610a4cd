/**
 * Tunes the vector index: N stored synthetic vectors (character-bigram hashing of Zipf-distributed
 * word sequences, like chunk text), an IVF_HNSW_SQ index as the writer builds it, and recall@10
 * against an exact flat scan for a grid of query settings.
 * `tsx bench/ann-tune.ts [rows=120000]`
 */
import '../src/store/quiet.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Field, FixedSizeList, Float32, Schema, Utf8 } from 'apache-arrow';
import { ANN_QUERY } from '../src/store/store.js';
import { annIndexConfig } from '../src/store/writer.js';
import { percentile } from './lib.js';
import { hashEmbedder } from './scale-lib.js';

const rows = Number(process.argv[2] ?? 120_000);
const vocab = Array.from({ length: 20_000 }, (_, i) =>
  String.fromCodePoint(0x4e00 + (i % 20_000), 0x4e00 + ((i * 7919) % 20_000)),
);
let seed = 3;
const rand = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
const text = () => Array.from({ length: 60 }, () => vocab[Math.floor(vocab.length * rand() ** 3)]).join('');
const embedder = hashEmbedder();
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ann-tune-'));
try {
  const db = await lancedb.connect(dir);
  const schema = new Schema([
    new Field('id', new Utf8()),
    new Field('vector', new FixedSizeList(384, new Field('item', new Float32(), true))),
  ]);
  const data = await Promise.all(
    Array.from({ length: rows }, async (_, i) => ({
      id: String(i),
      vector: await embedder.embedQuery(text()),
    })),
  );
  const table = await db.createTable('v', lancedb.makeArrowTable(data, { schema }));
  const t0 = performance.now();
  await table.createIndex('vector', { config: annIndexConfig(rows) });
  const indexMs = performance.now() - t0;
  const queries = await Promise.all(Array.from({ length: 60 }, () => embedder.embedQuery(text())));
  const exact = await Promise.all(
    queries.map(
      async (q) =>
        new Set(
          (
            await table
              .query()
              .nearestTo(q)
              .distanceType('cosine')
              .bypassVectorIndex()
              .select(['id', '_distance'])
              .limit(10)
              .toArray()
          ).map((r) => String(r.id)),
        ),
    ),
  );
  const grid = [
    { nprobes: 10, ef: 64, refine: 1 },
    { nprobes: 20, ef: 100, refine: 1 },
    { nprobes: 20, ef: 100, refine: 5 },
    { nprobes: 40, ef: 150, refine: 5 },
    ANN_QUERY,
  ];
  for (const g of grid) {
    let found = 0;
    const times: number[] = [];
    for (const [i, q] of queries.entries()) {
      const t = performance.now();
      const got = await table
        .query()
        .nearestTo(q)
        .distanceType('cosine')
        .nprobes(g.nprobes)
        .ef(g.ef)
        .refineFactor(g.refine)
        .select(['id', '_distance'])
        .limit(10)
        .toArray();
      times.push(performance.now() - t);
      found += got.filter((r) => exact[i]!.has(String(r.id))).length;
    }
    console.log(
      JSON.stringify({
        rows,
        indexMs: Math.round(indexMs),
        ...g,
        recall: found / (queries.length * 10),
        p50: percentile(times, 50),
      }),
    );
  }
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
