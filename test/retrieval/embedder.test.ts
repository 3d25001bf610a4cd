import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { env } from '@huggingface/transformers';
import { createConfig } from '../../src/config.js';
import { EmbedderUnavailableError, loadEmbedder, type Embedder } from '../../src/retrieval/embedder.js';
import { splitSentences } from '../../src/text/sentences.js';
import { MODEL_SHAPES } from '../fixtures/make-model.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const CORPUS_DIR = new URL('../../corpus/', import.meta.url);
const DIM = MODEL_SHAPES.tiny.hidden;

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b));
const maxAbsDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

/** Sentences of the real corpus, of varied lengths, so batches carry padding. */
async function corpusSentences(count: number): Promise<string[]> {
  const files = (await fs.readdir(CORPUS_DIR)).filter((f) => f.endsWith('.txt')).sort();
  const sentences: string[] = [];
  for (const f of files) {
    const text = await fs.readFile(new URL(f, CORPUS_DIR), 'utf8');
    for (const s of splitSentences(text)) if (s.text.trim().length > 5) sentences.push(s.text.trim());
  }
  // Every k-th sentence spreads the sample over all five articles (both scripts).
  const step = Math.max(1, Math.floor(sentences.length / count));
  return sentences.filter((_, i) => i % step === 0).slice(0, count);
}

describe('loadEmbedder with the generated tiny model (fp32, hub not allowed)', () => {
  let modelDir: string;
  let modelsDir: string;
  let embedder: Embedder;

  before(async () => {
    modelDir = await tinyModelDir();
    modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'embedder-models-'));
    embedder = await loadEmbedder({
      model: modelDir,
      dtype: 'fp32',
      modelsDir,
      allowRemote: false,
      batchSize: 4,
    });
  });
  after(async () => {
    await embedder?.dispose();
    if (modelsDir) await fs.rm(modelsDir, { recursive: true, force: true });
  });

  test('reports the model, its dimension and dtype', () => {
    assert.equal(embedder.modelId, modelDir);
    assert.equal(embedder.dim, DIM);
    assert.equal(embedder.dtype, 'fp32');
    // 512-token window minus [CLS], [SEP] and the tokens of 'passage: ' (7 letters + ':').
    assert.equal(embedder.maxTokens, 512 - 2 - 8);
  });

  test('passage vectors have the model dimension, unit length, and differ between texts', async () => {
    const texts = await corpusSentences(10);
    const vectors = await embedder.embedPassages(texts);
    assert.equal(vectors.length, texts.length);
    for (const v of vectors) {
      assert.equal(v.length, DIM);
      assert.ok(v.every(Number.isFinite));
      assert.ok(Math.abs(norm(v) - 1) < 1e-5, `norm ${norm(v)}`);
    }
    assert.ok(cosine(vectors[0]!, vectors[1]!) < 0.999, 'different sentences give different vectors');
  });

  test('batched results equal one-by-one results (fp32 padding invariance), in input order', async () => {
    const texts = await corpusSentences(9);
    const progress: [number, number][] = [];
    const batched = await embedder.embedPassages(texts, (done, total) => progress.push([done, total]));
    assert.deepEqual(progress, [
      [4, 9],
      [8, 9],
      [9, 9],
    ]);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await embedder.embedPassages([texts[i]!]);
      assert.ok(
        maxAbsDiff(batched[i]!, single!) < 1e-5,
        `text #${i} differs by ${maxAbsDiff(batched[i]!, single!)}`,
      );
    }
  });

  test('query and passage prefixes give different vectors for the same text', async () => {
    const text = '勐腊县社区干部每月补助标准是多少?';
    const query = await embedder.embedQuery(text);
    const [passage] = await embedder.embedPassages([text]);
    assert.equal(query.length, DIM);
    assert.ok(maxAbsDiff(query, passage!) > 1e-3);
    assert.deepEqual(await embedder.embedQuery(text), query, 'deterministic');
  });

  test('empty, huge, binary and non-Chinese input embed without crashing', async () => {
    const huge = '边疆党建'.repeat(5_000);
    assert.equal(huge.length, 20_000);
    const binary = String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 37) % 0xffff));
    const vectors = await embedder.embedPassages([
      '',
      huge,
      binary,
      'English text, 2017!',
      '\u0000\u0001\ud800',
    ]);
    for (const v of vectors) {
      assert.equal(v.length, DIM);
      assert.ok(Math.abs(norm(v) - 1) < 1e-5);
    }
    // Truncated to the window: the tail beyond 512 tokens changes nothing.
    const [longer] = await embedder.embedPassages([huge + '完全不同的结尾'.repeat(100)]);
    assert.ok(maxAbsDiff(longer!, vectors[1]!) < 1e-6);
    assert.equal((await embedder.embedQuery('')).length, DIM);
  });

  test('countTokens counts one token per Chinese character and splits ASCII into pieces', () => {
    assert.equal(embedder.countTokens(''), 0);
    assert.equal(embedder.countTokens('勐腊县'), 3);
    assert.equal(
      embedder.countTokens('勐臘縣'),
      3,
      'Traditional characters of the corpus are in the vocabulary',
    );
    assert.equal(embedder.countTokens('2017年'), 5);
    assert.equal(embedder.countTokens('x'.repeat(20_000)), 1, 'an over-long word is one [UNK]');
  });

  test('an empty list gives an empty list', async () => {
    assert.deepEqual(await embedder.embedPassages([]), []);
  });
});

describe('loadEmbedder resolution and failures', () => {
  let modelDir: string;
  let scratch: string;

  before(async () => {
    modelDir = await tinyModelDir();
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'embedder-resolve-'));
  });
  after(async () => {
    if (scratch) await fs.rm(scratch, { recursive: true, force: true });
  });

  test('a hub id is found under modelsDir (org/name layout), q8 from model_quantized.onnx', async () => {
    const modelsDir = path.join(scratch, 'models');
    await fs.cp(modelDir, path.join(modelsDir, 'test-org', 'tiny-bert'), { recursive: true });
    const q8 = await loadEmbedder({
      model: 'test-org/tiny-bert',
      dtype: 'q8',
      modelsDir,
      allowRemote: false,
      batchSize: 8,
    });
    const fp32 = await loadEmbedder({
      model: modelDir,
      dtype: 'fp32',
      modelsDir,
      allowRemote: false,
      batchSize: 8,
    });
    try {
      assert.equal(q8.modelId, 'test-org/tiny-bert');
      assert.equal(q8.dtype, 'q8');
      const texts = await corpusSentences(6);
      const [a, b] = [await q8.embedPassages(texts), await fp32.embedPassages(texts)];
      for (let i = 0; i < texts.length; i++) {
        assert.ok(Math.abs(norm(a[i]!) - 1) < 1e-5);
        // Quantized weights: close to fp32, yet not the same file's output.
        const c = cosine(a[i]!, b[i]!);
        assert.ok(c > 0.98 && c < 1 - 1e-9, `q8 vs fp32 cosine ${c}`);
      }
    } finally {
      await q8.dispose();
      await fp32.dispose();
    }
  });

  test('the default config (Xenova/multilingual-e5-small, hub not allowed) fails fast with a clear message', async () => {
    const config = createConfig({
      MODELS_DIR: path.join(scratch, 'empty-models'),
      ALLOW_REMOTE_MODELS: 'false',
    });
    const started = performance.now();
    const err = await loadEmbedder({ ...config.embedding, modelsDir: config.modelsDir }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(performance.now() - started < 2_000);
    assert.ok(err instanceof EmbedderUnavailableError);
    assert.equal(err.model, 'Xenova/multilingual-e5-small');
    assert.equal(err.allowRemote, false);
    assert.match(err.message, /"Xenova\/multilingual-e5-small"/);
    assert.ok(err.message.includes(path.join(scratch, 'empty-models', 'Xenova', 'multilingual-e5-small')));
    assert.match(err.message, /not allowed/);
    assert.match(err.message, /onnx\/model_quantized\.onnx/);
    assert.match(err.message, /ALLOW_REMOTE_MODELS=true/);
  });

  test('a hub id with the hub allowed but unreachable fails with the same error type', async () => {
    // This machine has no route to huggingface.co: DNS fails at once. Elsewhere the stall timeout bounds it.
    const modelsDir = path.join(scratch, 'remote-models');
    const err = await loadEmbedder({
      model: 'no-such-org/no-such-model',
      dtype: 'q8',
      modelsDir,
      allowRemote: true,
      batchSize: 8,
      stallTimeoutMs: 5_000,
    }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EmbedderUnavailableError);
    assert.match(err.message, /no-such-org\/no-such-model/);
    assert.match(err.message, /hub allowed/);
  });

  test('a hub that accepts connections but never answers is given up after the stall timeout', async () => {
    // A fake hub on 127.0.0.1 stands in for a network that silently drops packets.
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const savedHost = env.remoteHost;
    env.remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const started = performance.now();
      await assert.rejects(
        loadEmbedder({
          model: 'slow-org/slow-model',
          dtype: 'q8',
          modelsDir: path.join(scratch, 'slow-models'),
          allowRemote: true,
          batchSize: 8,
          stallTimeoutMs: 300,
        }),
        (e: unknown) => {
          assert.ok(e instanceof EmbedderUnavailableError);
          assert.match(e.message, /no progress from the hub for 300 ms/);
          return true;
        },
      );
      assert.ok(performance.now() - started < 5_000);
    } finally {
      env.remoteHost = savedHost;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a local model without the requested dtype names the dtypes it has instead of falling back', async () => {
    const dir = path.join(scratch, 'fp32-only');
    await fs.cp(modelDir, dir, { recursive: true });
    await fs.rm(path.join(dir, 'onnx', 'model_quantized.onnx'));
    const err = await loadEmbedder({
      model: dir,
      dtype: 'q8',
      modelsDir: scratch,
      allowRemote: true,
      batchSize: 8,
    }).then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof EmbedderUnavailableError);
    assert.match(err.message, /lacks onnx\/model_quantized\.onnx/);
    assert.match(err.message, /has fp32 \(onnx\/model\.onnx\): set EMBEDDING_DTYPE=fp32/);
  });

  test('missing folders, broken files and hostile names are refused with EmbedderUnavailableError', async () => {
    const base = { dtype: 'fp32' as const, modelsDir: scratch, allowRemote: false, batchSize: 4 };
    await assert.rejects(loadEmbedder({ ...base, model: path.join(scratch, 'nope') }), (e: unknown) => {
      assert.ok(e instanceof EmbedderUnavailableError);
      assert.match(e.message, /no such folder/);
      return true;
    });
    const broken = path.join(scratch, 'broken');
    await fs.cp(modelDir, broken, { recursive: true });
    await fs.writeFile(path.join(broken, 'onnx', 'model.onnx'), 'not a protobuf');
    await assert.rejects(loadEmbedder({ ...base, model: broken }), (e: unknown) => {
      assert.ok(e instanceof EmbedderUnavailableError);
      assert.match(e.message, /could not be loaded/);
      return true;
    });
    await assert.rejects(loadEmbedder({ ...base, model: 'a/b/../../etc' }), EmbedderUnavailableError);
    await assert.rejects(loadEmbedder({ ...base, model: '' }), /non-empty model id/);
    await assert.rejects(loadEmbedder({ ...base, model: modelDir, batchSize: 0 }), /batchSize/);
    await assert.rejects(
      loadEmbedder({ ...base, model: modelDir, stallTimeoutMs: Number.NaN }),
      /stallTimeoutMs/,
    );
  });
});
