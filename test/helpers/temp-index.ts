/**
 * Builds a real index from the real corpus in a temporary folder (LanceDB's own habit: a real store
 * in a temp dir). Keyword-only unless the overrides configure a model; remote models are off.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { createEngine } from '../../src/answer/engine.js';
import type { Engine } from '../../src/answer/types.js';
import { createConfig, type Config } from '../../src/config.js';
import { buildIndex, type BuildReport } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { openIndex } from '../../src/store/store.js';
import type { ArticleRecord } from '../../src/types.js';

export const REPO_ROOT = path.resolve(new URL('../..', import.meta.url).pathname);
export const CORPUS_DIR = path.join(REPO_ROOT, 'corpus');

export interface TempIndex {
  config: Config;
  dir: string;
  report: BuildReport;
  cleanup(): Promise<void>;
}

/** Test configuration: silent logs, no hub, keyword-only unless overridden. */
export function testConfig(overrides: Record<string, string> = {}, dir = os.tmpdir()): Config {
  return createConfig(
    {
      CORPUS_DIR: CORPUS_DIR,
      INDEX_URI: path.join(dir, 'index'),
      MODELS_DIR: path.join(dir, 'models'),
      EMBEDDINGS: 'off',
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'silent',
      ...overrides,
    },
    REPO_ROOT,
  );
}

export async function buildTempIndex(overrides: Record<string, string> = {}): Promise<TempIndex> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-index-'));
  const config = testConfig(overrides, dir);
  try {
    const report = await buildIndex(config, createLogger('silent'));
    return { config, dir, report, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface TempIndexOptions {
  /** Config variables over the test defaults. */
  env?: Record<string, string>;
  /** Build from a copy of the corpus in the temp folder, so the test may change files. */
  copyCorpus?: boolean;
}

/**
 * Builds a real index from the corpus in a fresh temp folder, runs `fn` on it, and removes the
 * folder whatever happens: the set-up and clean-up every index test needs.
 */
export async function withTempIndex<T>(
  options: TempIndexOptions,
  fn: (index: TempIndex) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-index-'));
  try {
    const env = { ...options.env };
    if (options.copyCorpus) {
      const corpus = path.join(dir, 'corpus');
      await cp(env.CORPUS_DIR ?? CORPUS_DIR, corpus, { recursive: true });
      env.CORPUS_DIR = corpus;
    }
    const config = testConfig(env, dir);
    const report = await buildIndex(config, createLogger('silent'));
    return await fn({ config, dir, report, cleanup: () => rm(dir, { recursive: true, force: true }) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface TempEngine {
  /** The index built for the suite; only valid inside its tests and hooks. */
  index(): TempIndex;
  /** The engine on that index; only valid inside the suite's tests and hooks. */
  engine(): Engine;
  /** Every article of the index by id, with its cleaned text (to check quotes are verbatim). */
  articles(): Map<string, ArticleRecord>;
}

/**
 * Registers node:test `before`/`after` hooks on the current suite (or the file, at top level) that
 * build a temp index with {@link buildTempIndex}, open a silent engine on it, and afterwards close
 * the engine and remove the index: the set-up a suite of engine tests shares. Returns accessors,
 * since the index and engine exist only once the `before` hook has run. `overrides` may be a
 * function, called in the hook, for values known only then (a fake server's URL started in an
 * earlier `before`).
 */
export function useTempEngine(
  overrides: Record<string, string> | (() => Record<string, string>) = {},
): TempEngine {
  let index: TempIndex | undefined;
  let engine: Engine | undefined;
  let articles: Map<string, ArticleRecord> | undefined;
  before(async () => {
    index = await buildTempIndex(typeof overrides === 'function' ? overrides() : overrides);
    engine = await createEngine({ config: index.config, logger: createLogger('silent') });
    articles = new Map((await (await openIndex(index.config.indexUri)).articles()).map((a) => [a.id, a]));
  });
  after(async () => {
    await engine?.close();
    await index?.cleanup();
  });
  return {
    index() {
      if (!index) throw new Error('useTempEngine: the index is built in a before hook; read it in a test');
      return index;
    },
    engine() {
      if (!engine) throw new Error('useTempEngine: the engine is made in a before hook; read it in a test');
      return engine;
    },
    articles() {
      if (!articles)
        throw new Error('useTempEngine: the articles are read in a before hook; read them in a test');
      return articles;
    },
  };
}
