/**
 * Ingest throughput with the generated e5-small-shaped model: chunks per second through the whole
 * ingest pipeline (`buildIndex`) and through `embedder.embedPassages`, against a bare onnxruntime-node
 * loop over the same chunk texts (same tokenizer, same batch size, mean pooling, L2 norm).
 * The goal: pipeline ≥ 0.8 × bare loop.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AutoTokenizer, type PreTrainedTokenizer, type Tensor as HfTensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import fs from 'node:fs/promises';
import { createLogger } from '../src/logger.js';
import { loadEmbedder, type Embedder, type EmbeddingDtype } from '../src/retrieval/embedder.js';
import { toSimplified } from '../src/text/script.js';
import { splitSentences } from '../src/text/sentences.js';
import {
  CORPUS_DIR,
  benchConfig,
  ensureBenchModel,
  machineNote,
  percentile,
  printTable,
  tempDir,
  timed,
  type Cell,
} from './lib.js';

const BATCH_SIZE = 16;
const ROUNDS = 3;
const DTYPES: EmbeddingDtype[] = ['q8', 'fp32'];
const FILE: Record<string, string> = { q8: 'model_quantized.onnx', fp32: 'model.onnx' };

/** Mean of token vectors where the mask is 1, then L2-normalised: what the pipeline computes. */
function meanPool(
  hidden: Float32Array,
  mask: BigInt64Array,
  rows: number,
  seq: number,
  dim: number,
): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const v = new Float64Array(dim);
    let n = 0;
    for (let t = 0; t < seq; t++) {
      if (mask[r * seq + t] === 0n) continue;
      n++;
      const base = (r * seq + t) * dim;
      for (let d = 0; d < dim; d++) v[d]! += hidden[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += (v[d]! / n) ** 2;
    norm = Math.sqrt(norm) || 1;
    out.push(Array.from(v, (x) => x / n / norm));
  }
  return out;
}

/** The baseline: tokenizer → InferenceSession.run → mean pool, batch after batch, in the given order. */
async function bareLoop(
  session: ort.InferenceSession,
  tokenizer: PreTrainedTokenizer,
  texts: string[],
): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += BATCH_SIZE) {
    const batch = texts.slice(i, i + BATCH_SIZE).map((t) => `passage: ${t}`);
    const encoded = tokenizer(batch, { padding: true, truncation: true }) as {
      input_ids: HfTensor;
      attention_mask: HfTensor;
    };
    const [rows, seq] = encoded.input_ids.dims as [number, number];
    const feeds = {
      input_ids: new ort.Tensor('int64', encoded.input_ids.data as BigInt64Array, [rows, seq]),
      attention_mask: new ort.Tensor('int64', encoded.attention_mask.data as BigInt64Array, [rows, seq]),
    };
    const output = (await session.run(feeds)).last_hidden_state!;
    const dim = output.dims[2]!;
    vectors.push(
      ...meanPool(output.data as Float32Array, encoded.attention_mask.data as BigInt64Array, rows, seq, dim),
    );
  }
  return vectors;
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** ~200-character pieces of whole sentences of the (Simplified) corpus: chunk-like texts without the ingest code. */
async function corpusPieces(): Promise<string[]> {
  const pieces: string[] = [];
  for (const file of (await fs.readdir(CORPUS_DIR)).filter((f) => f.endsWith('.txt')).sort()) {
    let piece = '';
    for (const s of splitSentences(toSimplified(await fs.readFile(path.join(CORPUS_DIR, file), 'utf8')))) {
      if (piece && piece.length + s.text.length > 200) {
        pieces.push(piece);
        piece = '';
      }
      piece += s.text;
    }
    if (piece) pieces.push(piece);
  }
  return pieces;
}

type BuildReport = import('../src/ingest/build.js').BuildReport;

/**
 * Runs the real ingest (`buildIndex`) with the given embedder and returns the texts it embedded.
 * While the ingest modules are incomplete (parallel work), falls back to corpus pieces and says so.
 */
async function ingestPipeline(
  config: ReturnType<typeof benchConfig>,
  embedder: Embedder,
): Promise<{ texts: string[]; report: BuildReport | null; note: string }> {
  let ingest: typeof import('../src/ingest/build.js');
  let chunking: typeof import('../src/ingest/chunk.js');
  let store: typeof import('../src/store/store.js');
  try {
    [ingest, chunking, store] = await Promise.all([
      import('../src/ingest/build.js'),
      import('../src/ingest/chunk.js'),
      import('../src/store/store.js'),
    ]);
  } catch (err) {
    const note = `buildIndex could not be loaded (${(err as Error).message.split('\n')[0]}); measured embedPassages over ~200-character corpus pieces instead`;
    return { texts: await corpusPieces(), report: null, note };
  }
  const report = await ingest.buildIndex(config, createLogger('silent'), { embedder });
  const reader = await store.openIndex(config.indexUri);
  const articles = new Map((await reader.articles()).map((a) => [a.id, a]));
  const texts = (await reader.allChunks()).map((c) => chunking.embeddingText(articles.get(c.articleId)!, c));
  if (report.chunks !== texts.length)
    throw new Error(`buildIndex reported ${report.chunks} chunks, the index has ${texts.length}`);
  return { texts, report, note: '' };
}

/** Chunks per second of a list of timings, median and best. */
function rates(count: number, ms: number[]): { median: number; best: number } {
  const perSecond = ms.map((m) => (count / m) * 1000);
  return { median: percentile(perSecond, 50), best: Math.max(...perSecond) };
}

/**
 * Measures one dtype: the ingest once; then, for ROUNDS rounds, the embedder and the bare loop on the
 * same length-sorted batches (the embedder's own order), alternating batch by batch so that other
 * processes on the shared cores slow both alike; and the bare loop in input order, to show what
 * sorting by length saves.
 */
async function measure(
  modelDir: string,
  tokenizer: PreTrainedTokenizer,
  dtype: EmbeddingDtype,
  rows: Record<string, Cell>[],
  notes: Set<string>,
) {
  const { dir, cleanup } = await tempDir('bench-ingest-');
  const config = benchConfig(path.join(dir, 'index'), {
    EMBEDDING_MODEL: modelDir,
    EMBEDDING_DTYPE: dtype,
    EMBED_BATCH_SIZE: String(BATCH_SIZE),
  });
  const embedder = await loadEmbedder({ ...config.embedding, modelsDir: config.modelsDir });
  const session = await ort.InferenceSession.create(path.join(modelDir, 'onnx', FILE[dtype]!));
  try {
    const pipeline = await ingestPipeline(config, embedder);
    if (pipeline.note) notes.add(pipeline.note);
    const texts = pipeline.texts;
    const sorted = [...texts].sort((x, y) => x.length - y.length);
    const batches: string[][] = [];
    for (let i = 0; i < sorted.length; i += BATCH_SIZE) batches.push(sorted.slice(i, i + BATCH_SIZE));
    await bareLoop(session, tokenizer, batches[0]!); // warm-up, as the embedder's load does

    const ms = { embed: [] as number[], bare: [] as number[], unsorted: [] as number[] };
    let agreement = 1;
    for (let round = 0; round < ROUNDS; round++) {
      let embedMs = 0;
      let bareMs = 0;
      for (const [i, batch] of batches.entries()) {
        const runEmbed = async () => {
          const t = await timed(() => embedder.embedPassages(batch));
          embedMs += t.ms;
          return t.value;
        };
        const runBare = async () => {
          const t = await timed(() => bareLoop(session, tokenizer, batch));
          bareMs += t.ms;
          return t.value;
        };
        let a: number[][];
        let b: number[][];
        if (i % 2 === 0) {
          a = await runEmbed();
          b = await runBare();
        } else {
          b = await runBare();
          a = await runEmbed();
        }
        // Same numbers, not just the same speed: the embedder must compute what the bare loop computes.
        agreement = Math.min(agreement, ...a.map((v, k) => cosine(v, b[k]!)));
      }
      ms.embed.push(embedMs);
      ms.bare.push(bareMs);
      ms.unsorted.push((await timed(() => bareLoop(session, tokenizer, texts))).ms);
    }

    const bare = rates(texts.length, ms.bare);
    const row = (what: string, r: { median: number; best: number }, note: string) =>
      rows.push({
        dtype,
        path: what,
        chunks: texts.length,
        'chunks/s median': r.median,
        'chunks/s best': r.best,
        '× bare': r.median / bare.median,
        note,
      });
    if (pipeline.report) {
      const t = pipeline.report.timings;
      const once = (m: number) => ({ median: (texts.length / m) * 1000, best: (texts.length / m) * 1000 });
      row(
        'buildIndex, whole ingest',
        once(t.totalMs),
        `1 run; read ${Math.round(t.readMs)} ms, write ${Math.round(t.writeMs)} ms`,
      );
      row('buildIndex, embed stage', once(t.embedMs), '1 run, not paired with the bare loop');
    }
    const ratios = ms.embed.map((m, i) => ms.bare[i]! / m);
    row(
      'embedder.embedPassages',
      rates(texts.length, ms.embed),
      `${ROUNDS} rounds; paired ratio per round ${ratios.map((r) => r.toFixed(2)).join('/')}; min cosine vs bare ${agreement.toFixed(4)}`,
    );
    row(
      'bare onnxruntime, same batches',
      bare,
      `${ROUNDS} rounds, alternating with the embedder batch by batch`,
    );
    row(
      'bare onnxruntime, input order',
      rates(texts.length, ms.unsorted),
      `${ROUNDS} rounds; unsorted batches carry more padding`,
    );
  } finally {
    await embedder.dispose();
    await session.release();
    await cleanup();
  }
}

export async function run(): Promise<void> {
  const note = machineNote();
  const modelDir = await ensureBenchModel('e5-small');
  const tokenizer = await AutoTokenizer.from_pretrained(modelDir);
  const rows: Record<string, Cell>[] = [];
  const notes = new Set<string>();
  for (const dtype of DTYPES) await measure(modelDir, tokenizer, dtype, rows, notes);
  printTable(
    `Ingest throughput, e5-small-shaped model (12×384, random weights), batch ${BATCH_SIZE} — ${note}`,
    rows,
  );
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await run();
