/**
 * The full embedding path: a generated BERT-architecture ONNX model loaded through the production
 * embedder (remote disabled), vectors in LanceDB, incremental reuse, hybrid search in the engine.
 */
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createEngine } from '../../src/answer/engine.js';
import { buildIndex, indexExists } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { openIndex } from '../../src/store/store.js';
import { CORPUS_DIR, testConfig } from '../helpers/temp-index.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const silent = createLogger('silent');
let dir: string;
let model: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-embed-'));
  model = await tinyModelDir();
  await cp(CORPUS_DIR, path.join(dir, 'corpus'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

const config = (extra: Record<string, string> = {}) =>
  testConfig(
    {
      CORPUS_DIR: path.join(dir, 'corpus'),
      EMBEDDINGS: 'required',
      EMBEDDING_MODEL: model,
      EMBEDDING_DTYPE: 'fp32',
      ...extra,
    },
    dir,
  );

describe('ingest with the generated model', () => {
  test('embeds every chunk and records the model in the index', async () => {
    const report = await buildIndex(config(), silent);
    assert.equal(report.keywordOnly, false);
    assert.equal(report.embedded, report.chunks);
    const reader = await openIndex(config().indexUri);
    assert.equal(reader.manifest.embedding?.model, model);
    const dim = reader.manifest.embedding!.dim;
    const chunks = await reader.allChunks({ withVectors: true });
    assert.ok(chunks.every((c) => c.vector?.length === dim));
    const norm = Math.hypot(...chunks[0]!.vector!);
    assert.ok(Math.abs(norm - 1) < 1e-3, `vectors are normalised (${norm})`);
  });

  test('a rebuild of an unchanged corpus re-embeds nothing; a changed article only its own chunks', async () => {
    const again = await buildIndex(config(), silent);
    assert.equal(again.embedded, 0);
    assert.equal(again.reusedVectors, again.chunks);

    const file = (await readdir(path.join(dir, 'corpus'))).find((f) => f.startsWith('001'))!;
    await appendFile(path.join(dir, 'corpus', file), '\n凤庆县还开展了新的党建活动,取得了明显成效。\n');
    const changed = await buildIndex(config(), silent);
    assert.ok(changed.embedded >= 1 && changed.embedded <= 3, `embedded ${changed.embedded}`);
    assert.equal(changed.reusedVectors, changed.chunks - changed.embedded);
  });

  test('the engine searches vectors and full text together', async () => {
    const engine = await createEngine({ config: config(), logger: silent });
    try {
      const r = await engine.ask('小中甸镇建立了几个为民服务站?');
      assert.ok(r.retrieved.length > 0);
      assert.ok(r.timings.embedMs >= 0);
      assert.equal(r.refused, false);
      assert.match(r.answer, /3個為民服務站|3个为民服务站/);
    } finally {
      await engine.close();
    }
  });

  test('querying with another model than the index was built with is a clear error', async () => {
    await assert.rejects(
      createEngine({ config: config({ EMBEDDING_MODEL: 'Xenova/other-model' }), logger: silent }),
      /Rebuild the index/,
    );
  });
});

describe('query-time embedding modes', () => {
  test('EMBEDDINGS=off answers from the keyword index of a vector index without loading a model', async () => {
    const engine = await createEngine({
      config: config({ EMBEDDINGS: 'off', EMBEDDING_MODEL: 'Xenova/not-here' }),
      logger: silent,
    });
    try {
      const r = await engine.ask('小中甸镇建立了几个为民服务站?');
      assert.equal(r.timings.embedMs, 0);
      assert.equal(r.refused, false);
    } finally {
      await engine.close();
    }
  });

  test('EMBEDDINGS=required fails when the index model cannot be loaded', async () => {
    await assert.rejects(
      createEngine({ config: config({ EMBEDDING_DTYPE: 'q4' }), logger: silent }),
      /q4|not available|dtype/i,
    );
  });
});

describe('when the model cannot be had', () => {
  test('EMBEDDINGS=auto builds keyword-only and says which model and where it looked', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'bpb-nomodel-'));
    try {
      const cfg = testConfig({ EMBEDDINGS: 'auto', EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' }, d);
      const report = await buildIndex(cfg, silent);
      assert.equal(report.keywordOnly, true);
      assert.match(report.warnings.join('\n'), /multilingual-e5-small/);
      assert.match(report.warnings.join('\n'), new RegExp(path.basename(cfg.modelsDir)));
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });

  test('EMBEDDINGS=required fails and writes no index', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'bpb-required-'));
    try {
      const cfg = testConfig({ EMBEDDINGS: 'required', EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' }, d);
      await assert.rejects(buildIndex(cfg, silent), /multilingual-e5-small/);
      assert.equal(await indexExists(cfg), false);
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  });
});
