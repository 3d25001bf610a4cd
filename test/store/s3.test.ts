/**
 * The index on object storage, against s3rver (an S3-compatible server) started on 127.0.0.1.
 * Proves: an ingest writes s3://bucket/prefix, two reader processes read it and both follow a
 * rebuild, a build killed mid-way leaves readers on the old version, and a second build is refused
 * while one holds the lock. Does NOT prove that S3 conditional writes make two racing lock creations
 * safe: s3rver ignores If-None-Match on PUT (it honours it on GET only), so the race itself is untested.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import S3rver from 's3rver';
import { buildIndex } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { openIndex, setStorageOptions } from '../../src/store/store.js';
import { CORPUS_DIR, REPO_ROOT, testConfig } from '../helpers/temp-index.js';

const silent = createLogger('silent');

describe('index on object storage (s3rver on loopback)', () => {
  let dir: string;
  let server: S3rver;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-s3-'));
    await cp(CORPUS_DIR, path.join(dir, 'corpus'), { recursive: true });
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(dir, 's3'),
      configureBuckets: [{ name: 'bpb', configs: [] }],
    });
    const { port } = await server.run();
    env = {
      CORPUS_DIR: path.join(dir, 'corpus'),
      INDEX_URI: 's3://bpb/index',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ALLOW_HTTP: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
      BUILD_LOCK_LEASE_SECONDS: '3',
      EMBEDDINGS: 'off',
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'silent',
    };
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    await server.close();
    setStorageOptions({});
    await rm(dir, { recursive: true, force: true });
  });

  const childEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env });

  /** A reader process; `ask` sends a question and resolves with what the process saw. */
  async function startReader() {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'test/helpers/index-reader-child.ts')],
      { cwd: REPO_ROOT, env: childEnv(), stdio: ['pipe', 'pipe', 'inherit'] },
    );
    children.push(child);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => {
      const { value, done } = await lines.next();
      assert.ok(!done, 'the reader process ended');
      return JSON.parse(String(value)) as { ready?: boolean; articles: number; cited?: string[] };
    };
    const ready = await next();
    return {
      ready,
      async ask(question: string) {
        child.stdin.write(`${question}\n`);
        return next();
      },
    };
  }

  test('ingest writes the index; two readers read it and follow a rebuild; kills and concurrent builds are safe', async () => {
    const config = testConfig(env, dir);
    const first = await buildIndex(config, silent);
    assert.equal(first.articles, 5);
    assert.equal((await openIndex(config.indexUri)).manifest.version, first.version);

    const [a, b] = await Promise.all([startReader(), startReader()]);
    assert.equal(a.ready.articles, 5);
    assert.equal(b.ready.articles, 5);
    const question = '昌都市建立了多少个村级便民服务站点?';
    assert.ok((await a.ask(question)).cited!.some((id) => id.startsWith('002')));
    assert.ok((await b.ask(question)).cited!.some((id) => id.startsWith('002')));

    // A second build while one holds the lock is refused.
    const victim = (await readdir(config.corpusDir)).find((f) => f.startsWith('002'))!;
    await rm(path.join(config.corpusDir, victim));
    let refused = false;
    const second = await buildIndex(config, silent, {
      beforeCommit: async () => {
        await assert.rejects(buildIndex(config, silent), /Another build/);
        refused = true;
      },
    });
    assert.ok(refused);
    assert.equal(second.changes.removed, 1);

    // Both readers move to the new build within 2 s.
    await new Promise((r) => setTimeout(r, 2100));
    for (const reader of [a, b]) {
      const seen = await reader.ask(question);
      assert.equal(seen.articles, 4);
      assert.ok(!seen.cited!.some((id) => id.startsWith('002')));
    }

    // A build killed mid-way: readers stay on the committed version, whole.
    await cp(path.join(CORPUS_DIR, victim), path.join(config.corpusDir, victim));
    for (const ms of [1500, 2500, 3500]) {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/ingest.ts')], {
        cwd: REPO_ROOT,
        env: childEnv(),
        stdio: 'ignore',
      });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const reader = await openIndex(config.indexUri);
      assert.equal((await reader.articles()).length, reader.manifest.articles, `after a kill at ${ms} ms`);
      assert.equal((await reader.allChunks()).length, reader.manifest.chunks, `after a kill at ${ms} ms`);
      // Wait out the dead builder's lease so the next kill interrupts a build that runs.
      await new Promise((r) => setTimeout(r, 3100));
    }
    const last = await buildIndex(config, silent);
    assert.equal(last.articles, 5);
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal((await a.ask(question)).articles, 5);
    assert.equal((await b.ask(question)).articles, 5);
  });
});
