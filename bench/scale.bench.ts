/**
 * `npm run bench -- scale` (or `tsx bench/scale.bench.ts 1000 10000`): the index at archive scale.
 * Per size of a synthetic corpus (bench/synthetic.ts): full keyword-only build, no-op and one-article
 * rebuilds, index size, engine open time and RSS, query p50/p95 keyword-only and hybrid (stored
 * synthetic vectors), ANN recall@10 against flat search, and LangChain's in-memory BM25Retriever on
 * the same chunks. The embedding stage is measured on a sample with the e5-small-shaped model.
 */
import '../src/store/quiet.js';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lancedb from '@lancedb/lancedb';
import { createConfig } from '../src/config.js';
import { buildIndex } from '../src/ingest/build.js';
import { createLogger } from '../src/logger.js';
import { loadEmbedder } from '../src/retrieval/embedder.js';
import { SETTLE_MS } from '../src/store/file-stamps.js';
import { ANN_QUERY, openIndex } from '../src/store/store.js';
import { ANN_MIN_ROWS, beginBuild, commitBuild } from '../src/store/writer.js';
import { keywords } from '../src/text/segment.js';
import {
  CORPUS_DIR,
  ensureBenchModel,
  machineNote,
  percentile,
  printTable,
  REPO_ROOT,
  tempDir,
  timed,
  type Cell,
} from './lib.js';
import { HASH_MODEL, hashEmbedder, scaleQuestions } from './scale-lib.js';
import { writeSyntheticCorpus } from './synthetic.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
const SIZES = sizes.length > 0 ? sizes : [1000, 10_000];
/** `--builds-only`: full, no-op and one-article builds and the index size; no probes, queries or baselines. */
const BUILDS_ONLY = process.argv.includes('--builds-only');
const LANGCHAIN_DIR = path.join(REPO_ROOT, 'bench', '.langchain');
const logger = createLogger('silent');

const configFor = (corpus: string, index: string) =>
  createConfig(
    {
      CORPUS_DIR: corpus,
      INDEX_URI: index,
      EMBEDDINGS: 'off',
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'silent',
    },
    REPO_ROOT,
  );

interface Probe {
  openMs: number;
  rssMB: number;
  rssBaseMB: number;
  p50: number;
  p95: number;
  searchP50: number;
}

function probe(indexUri: string, mode: 'keyword' | 'hybrid'): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'scale-probe.ts'), indexUri, mode],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Probe)
        : reject(new Error(`probe exit ${code}`)),
    );
  });
}

const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]) / 1e6;

/** The keyword index rewritten with stored synthetic vectors (no re-cleaning): the hybrid index. */
async function vectorCopy(from: string, to: string): Promise<number> {
  const source = await beginBuild(from);
  const reader = await openIndex(from);
  const embedder = hashEmbedder();
  const chunks = await reader.allChunks();
  const byArticle = new Map<string, typeof chunks>();
  for (const c of chunks) byArticle.set(c.articleId, [...(byArticle.get(c.articleId) ?? []), c]);
  const vectors = await embedder.embedPassages(chunks.map((c) => c.textHans));
  chunks.forEach((c, i) => Object.assign(c, { vector: vectors[i] }));
  const started = performance.now();
  await commitBuild(await beginBuild(to), {
    full: true,
    upserts: (await reader.articles()).map((article) => ({
      article,
      facts: source.articles.get(article.id)!.facts,
      chunks: byArticle.get(article.id) ?? [],
    })),
    removed: [],
    replacedChunks: [],
    embedding: { model: HASH_MODEL, dim: embedder.dim, dtype: 'fp32' },
    pipeline: reader.manifest.pipeline,
  });
  return performance.now() - started;
}

/** recall@10 of the ANN index against an exact flat scan, for question and chunk vectors. */
async function annRecall(
  indexUri: string,
): Promise<{ recall: number; recallTies: number; annMs: number; flatMs: number } | null> {
  const reader = await openIndex(indexUri);
  const db = await lancedb.connect(indexUri);
  const table = await db.openTable('chunks');
  await table.checkout(reader.manifest.tables.chunks);
  if (!(await table.listIndices()).some((i) => i.columns.includes('vector'))) return null;
  const embedder = hashEmbedder();
  const queries = [
    ...(await Promise.all(scaleQuestions().map((q) => embedder.embedQuery(q)))),
    ...(await table.query().select(['vector']).limit(50).toArray()).map((r) =>
      Array.from(r.vector as number[]),
    ),
  ];
  let found = 0;
  let foundTies = 0;
  const ann: number[] = [];
  const flat: number[] = [];
  for (const q of queries) {
    const a = await timed(() =>
      table
        .query()
        .nearestTo(q)
        .distanceType('cosine')
        .nprobes(ANN_QUERY.nprobes)
        .ef(ANN_QUERY.ef)
        .refineFactor(ANN_QUERY.refine)
        .select(['id', '_distance'])
        .limit(10)
        .toArray(),
    );
    const f = await timed(() =>
      table
        .query()
        .nearestTo(q)
        .distanceType('cosine')
        .bypassVectorIndex()
        .select(['id'])
        .limit(10)
        .toArray(),
    );
    ann.push(a.ms);
    flat.push(f.ms);
    const exact = new Set(f.value.map((r) => String(r.id)));
    found += a.value.filter((r) => exact.has(String(r.id))).length;
    // Near-copies of a chunk tie with it: a hit as close as the exact 10th counts as found.
    const tenth = Number(f.value.at(-1)?._distance ?? 0);
    foundTies += a.value.filter((r) => Number(r._distance) <= tenth + 1e-6).length;
  }
  return {
    recall: found / (queries.length * 10),
    recallTies: foundTies / (queries.length * 10),
    annMs: percentile(ann, 50),
    flatMs: percentile(flat, 50),
  };
}

/** LangChain's in-memory BM25Retriever over the same chunks (jieba tokens), if installed for the bench. */
async function langchainBm25(
  indexUri: string,
): Promise<{ buildMs: number; p50: number; p95: number } | null> {
  const entry = path.join(LANGCHAIN_DIR, 'node_modules/@langchain/community/dist/retrievers/bm25.js');
  const docs = path.join(LANGCHAIN_DIR, 'node_modules/@langchain/core/dist/documents/index.js');
  if (!existsSync(entry)) return null;
  const { BM25Retriever } = (await import(pathToFileURL(entry).href)) as {
    BM25Retriever: {
      fromDocuments(d: unknown[], o: { k: number }): { invoke(q: string): Promise<unknown[]> };
    };
  };
  const { Document } = (await import(pathToFileURL(docs).href)) as {
    Document: new (o: { pageContent: string; metadata: Record<string, unknown> }) => unknown;
  };
  const chunks = await (await openIndex(indexUri)).allChunks();
  const built = await timed(async () =>
    BM25Retriever.fromDocuments(
      chunks.map((c) => new Document({ pageContent: c.tokens, metadata: { id: c.id } })),
      { k: 5 },
    ),
  );
  const times: number[] = [];
  for (const q of scaleQuestions()) {
    const query = keywords(q).join(' ');
    times.push((await timed(() => built.value.invoke(query))).ms);
  }
  return { buildMs: built.ms, p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** Chunks/s of the e5-small-shaped q8 model on a sample of real chunk texts. */
async function embedSample(indexUri: string): Promise<{ perSecond: number; sample: number }> {
  const modelDir = await ensureBenchModel('e5-small');
  const embedder = await loadEmbedder({
    model: modelDir,
    dtype: 'q8',
    modelsDir: path.dirname(modelDir),
    allowRemote: false,
    batchSize: 16,
  });
  try {
    const texts = (await (await openIndex(indexUri)).allChunks()).slice(0, 128).map((c) => c.textHans);
    const { ms } = await timed(() => embedder.embedPassages(texts));
    return { perSecond: (texts.length / ms) * 1000, sample: texts.length };
  } finally {
    await embedder.dispose();
  }
}

async function main(): Promise<void> {
  const note = machineNote();
  const rows: Record<string, Cell>[] = [];
  const queryRows: Record<string, Cell>[] = [];
  // The five real articles, for open cost at ~100 chunks.
  if (!BUILDS_ONLY) {
    const { dir: small, cleanup: cleanSmall } = await tempDir('bpb-scale-5-');
    try {
      await buildIndex(configFor(CORPUS_DIR, path.join(small, 'index')), logger);
      const p = await probe(path.join(small, 'index'), 'keyword');
      rows.push({
        articles: 5,
        chunks: (await openIndex(path.join(small, 'index'))).manifest.chunks,
        'open ms': p.openMs,
        'RSS MB': p.rssMB,
      });
    } finally {
      await cleanSmall();
    }
  }
  let embedRate: { perSecond: number; sample: number } | undefined;
  // Printed after every size, so a long run that is stopped still leaves its finished rows.
  const report = () => {
    printTable(`Scale: builds, size, open (keyword-only) — ${note}`, rows);
    if (queryRows.length > 0)
      printTable(
        'Scale: per-question cost (engine.ask, extractive) vs LangChain BM25Retriever on the same chunks',
        queryRows,
      );
    if (embedRate)
      process.stdout.write(
        `\nEmbedding stage: e5-small-shaped q8 model, ${embedRate.perSecond.toFixed(1)} chunks/s on a sample of ${embedRate.sample}.\n` +
          'Hybrid rows use stored synthetic vectors (character-bigram hashing, 384-d) for every chunk; a real query adds one e5 query embedding.\n',
      );
  };

  for (const size of SIZES) {
    const { dir, cleanup } = await tempDir(`bpb-scale-${size}-`);
    try {
      const corpus = path.join(dir, 'corpus');
      const index = path.join(dir, 'index');
      process.stderr.write(`scale ${size}: generating the corpus…\n`);
      await writeSyntheticCorpus(CORPUS_DIR, corpus, size);
      // Files changed in the last 2 s are not stamped; an archive's files are older than that.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 500));
      const config = configFor(corpus, index);
      process.stderr.write(`scale ${size}: full build…\n`);
      const full = await timed(() => buildIndex(config, logger));
      const noop = await timed(() => buildIndex(config, logger));
      const victim = (await fs.readdir(corpus)).sort()[Math.floor(size / 2)]!;
      await fs.appendFile(path.join(corpus, victim), '\n当地还开展了新的党建活动,取得了明显成效。\n');
      const one = await timed(() => buildIndex(config, logger));
      if (one.value.changes.changed !== 1) throw new Error('the one-article rebuild did not see one change');
      // Steady state: the first no-op also stamped the files the full build found too fresh to stamp.
      const noopAgain = await timed(() => buildIndex(config, logger));
      const sizeMB = du(index);
      if (BUILDS_ONLY) {
        rows.push({
          articles: size,
          chunks: full.value.chunks,
          'full build s': full.ms / 1000,
          'articles/s': size / (full.ms / 1000),
          'no-op s': noop.ms / 1000,
          'one-article s': one.ms / 1000,
          'no-op again s': noopAgain.ms / 1000,
          'index MB': sizeMB,
        });
        report();
        continue;
      }
      const keyword = await probe(index, 'keyword');
      embedRate ??= await embedSample(index);
      process.stderr.write(`scale ${size}: hybrid index (stored synthetic vectors)…\n`);
      const hybridIndex = path.join(dir, 'hybrid');
      const vectorWriteMs = await vectorCopy(index, hybridIndex);
      const hybrid = await probe(hybridIndex, 'hybrid');
      const recall = await annRecall(hybridIndex);
      process.stderr.write(`scale ${size}: LangChain BM25…\n`);
      const bm25 = await langchainBm25(index);
      const chunks = full.value.chunks;
      rows.push({
        articles: size,
        chunks,
        'full build s': full.ms / 1000,
        'articles/s': size / (full.ms / 1000),
        'chunks/s': chunks / (full.ms / 1000),
        'no-op s': noop.ms / 1000,
        'one-article s': one.ms / 1000,
        'no-op again s': noopAgain.ms / 1000,
        'index MB': sizeMB,
        'open ms': keyword.openMs,
        'RSS MB': keyword.rssMB,
        'embed all (e5-small q8, projected) min': chunks / embedRate.perSecond / 60,
        'vector write s': vectorWriteMs / 1000,
      });
      queryRows.push({
        articles: size,
        chunks,
        'keyword p50 ms': keyword.p50,
        'keyword p95 ms': keyword.p95,
        'hybrid p50 ms': hybrid.p50,
        'hybrid p95 ms': hybrid.p95,
        'hybrid open ms': hybrid.openMs,
        vectors: chunks >= ANN_MIN_ROWS ? 'IVF_HNSW_SQ' : 'flat',
        'recall@10': recall ? recall.recall : '(flat: exact)',
        'recall@10 ties': recall ? recall.recallTies : '–',
        'ANN p50 ms': recall ? recall.annMs : '–',
        'flat p50 ms': recall ? recall.flatMs : '–',
        'LangChain BM25 build s': bm25 ? bm25.buildMs / 1000 : 'not installed',
        'LangChain BM25 p50 ms': bm25 ? bm25.p50 : '–',
        'LangChain BM25 p95 ms': bm25 ? bm25.p95 : '–',
      });
    } finally {
      await cleanup();
    }
    report();
  }
}

await main();
