/**
 * The build step: corpus folder → cleaned, described, chunked, embedded articles → the index,
 * committed atomically. Incremental by change: a file untouched since the build that stored it (its
 * stamp, store/file-stamps.ts) is not even read, and one whose bytes hash as stored is skipped before
 * it is decoded; added, changed and removed articles are written as upserts and deletes; a
 * changed article's chunks whose embedded text is unchanged keep their vectors.
 */
import { createHash } from 'node:crypto';
import { statSync, type BigIntStats } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Embedder } from '../retrieval/embedder.js';
import {
  connectIndex,
  localIndexMissing,
  readManifest,
  setStorageOptions,
  type IndexManifest,
  type StoredChunk,
} from '../store/store.js';
import type { ArticleIngestFacts } from '../store/schema.js';
import { acquireRemoteLock } from '../store/lock.js';
import { BuildStalledError, stallGuard, type StallGuard } from '../store/stall.js';
import {
  hasNewStamps,
  isSettled,
  readFileStamps,
  stampOf,
  writeFileStamps,
  type FileStamp,
} from '../store/file-stamps.js';
import { beginBuild, commitBuild, previousChunks, type PreviousArticle } from '../store/writer.js';
import type { ArticleRecord, ChunkRecord } from '../types.js';
import type { cleanArticle, MojibakeSpan } from './clean.js';
import { listCorpusFiles } from './corpus-files.js';
import type { createRegionResolver } from '../regions/regions.js';
import { placesNamedIn } from '../regions/named-places.js';
import { isRemoteUri } from '../uri.js';

/** Bump when cleaning, metadata or chunking change the rows an earlier build wrote. */
export const PIPELINE_VERSION = 'p6';
const MAX_CHUNK_TOKENS = 200;

export interface BuildProgress {
  stage: 'read' | 'embed' | 'write';
  done: number;
  total: number;
}

export interface BuildReport {
  indexUri: string;
  version: string;
  articles: number;
  chunks: number;
  embedded: number;
  reusedVectors: number;
  keywordOnly: boolean;
  embedding: IndexManifest['embedding'];
  warnings: string[];
  skipped: { file: string; reason: string }[];
  /** What this build did: a full write, or the changed articles only (unchanged files are not re-read). */
  changes: {
    mode: 'full' | 'incremental';
    added: number;
    changed: number;
    removed: number;
    unchanged: number;
  };
  chromeLinesRemoved: number;
  pinyinRemoved: number;
  countyNamesRemoved: number;
  mojibake: ({ articleId: string } & MojibakeSpan)[];
  perArticle: {
    id: string;
    title: string;
    date: string | null;
    source: string | null;
    author: string | null;
    script: string;
    region: string[];
    subRegions: string[][];
    chunks: number;
    encoding: string;
  }[];
  timings: { readMs: number; embedMs: number; writeMs: number; totalMs: number };
}

export interface BuildOptions {
  onProgress?: (progress: BuildProgress) => void;
  /** An embedder already loaded by the caller (tests, benchmarks, /reindex); else loaded from config. */
  embedder?: Embedder | null;
  /** Runs after the new tables are written, just before the swap (tests interrupt the build here). */
  beforeCommit?: () => Promise<void>;
  /** Overrides BUILD_STALL_SECONDS (tests). */
  stallMs?: number;
  /** How long ago a file must have changed for its stamp to be recorded (tests set 0; default 2 s). */
  stampSettleMs?: number;
}

/** True when the configured index has a complete current version. */
export async function indexExists(config: Config): Promise<boolean> {
  setStorageOptions(config.storageOptions);
  if (localIndexMissing(config.indexUri)) return false;
  try {
    return (await readManifest(await connectIndex(config.indexUri))) !== null;
  } catch {
    return false;
  }
}

/** Files stat'ed between two turns of the event loop (a bot rebuilding keeps answering). */
const STAT_BATCH = 500;

/**
 * The metadata of every file (or the error reading it). Synchronous calls in batches: a local stat
 * takes microseconds, while the promise API's round trip through the thread pool costs 5–10 times
 * that on a busy 2-core machine (measured: 5,700 files in 30–50 ms against 100–300 ms).
 */
async function statAll(dir: string, files: string[]): Promise<(BigIntStats | Error)[]> {
  const out: (BigIntStats | Error)[] = [];
  for (const [i, file] of files.entries()) {
    if (i > 0 && i % STAT_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      out.push(statSync(path.join(dir, file), { bigint: true }));
    } catch (err) {
      out.push(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return out;
}

/**
 * The modules that read, clean, describe and chunk an article, loaded on first use: a build where
 * nothing changed never needs them (nor jieba, OpenCC and the gazetteer they load).
 */
let parsing: Promise<typeof import('./parsing.js')> | undefined;
const loadParsing = () => (parsing ??= import('./parsing.js'));

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

interface ParsedArticle {
  article: ArticleRecord;
  chunks: ChunkRecord[];
  encoding: string;
  stats: ReturnType<typeof cleanArticle>['stats'];
}

/** Loads the embedder the config asks for; null (keyword-only) when it cannot be had and is not required. */
async function embedderFor(config: Config, logger: Logger, warnings: string[]): Promise<Embedder | null> {
  if (config.embedding.mode === 'off') return null;
  // Imported here: Transformers.js and ONNX Runtime take a while to load, and a keyword-only build never needs them.
  const { EmbedderUnavailableError, loadEmbedder } = await import('../retrieval/embedder.js');
  try {
    return await loadEmbedder({ ...config.embedding, modelsDir: config.modelsDir });
  } catch (err) {
    if (config.embedding.mode === 'required' || !(err instanceof EmbedderUnavailableError)) throw err;
    const message = `${err.message} Building a keyword-only index (set EMBEDDINGS=required to fail instead).`;
    warnings.push(message);
    logger.warn(message);
    return null;
  }
}

/**
 * One build at a time: per local index folder a lock file holding the builder's pid (a lock left by
 * a process that no longer runs is taken over); on object storage a lock table with a lease.
 */
const buildingHere = new Set<string>();

async function acquireBuildLock(indexUri: string, leaseMs: number): Promise<() => Promise<void>> {
  // Within this process (a /reindex while another runs) and, for a local folder, across processes.
  if (buildingHere.has(indexUri))
    throw new Error(`Another build is writing ${indexUri}; the index is unchanged. Try again when it ends.`);
  buildingHere.add(indexUri);
  try {
    const releaseFile = isRemoteUri(indexUri)
      ? await acquireRemoteLock(indexUri, leaseMs)
      : await acquireLockFile(indexUri);
    return async () => {
      buildingHere.delete(indexUri);
      await releaseFile();
    };
  } catch (err) {
    buildingHere.delete(indexUri);
    throw err;
  }
}

async function acquireLockFile(indexUri: string): Promise<() => Promise<void>> {
  await mkdir(indexUri, { recursive: true });
  const lockPath = path.join(indexUri, '.build.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid))
        throw new Error(
          `Another build (pid ${pid}) is writing ${indexUri}; the index is unchanged. Try again when it ends.`,
        );
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${indexUri} for building`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Builds the index from the corpus folder, applying only what changed. The old index stays whole on failure. */
export async function buildIndex(
  config: Config,
  logger: Logger,
  options: BuildOptions = {},
): Promise<BuildReport> {
  setStorageOptions(config.storageOptions);
  const release = await acquireBuildLock(config.indexUri, config.buildLockLeaseMs);
  const warnings: string[] = [];
  // An embedder loaded here is freed here; one passed in belongs to the caller.
  const ownEmbedder = options.embedder === undefined;
  let embedder: Embedder | null = null;
  try {
    embedder = ownEmbedder ? await embedderFor(config, logger, warnings) : (options.embedder ?? null);
    return await build(config, logger, options, embedder, warnings);
  } finally {
    if (ownEmbedder) await embedder?.dispose().catch(() => undefined);
    await release();
  }
}

/** An article read from the corpus this time: unchanged (kept as stored) or parsed anew. */
type Seen =
  | { kind: 'unchanged'; id: string; previous: PreviousArticle }
  | { kind: 'parsed'; id: string; parsed: ParsedArticle };

const factsOf = (p: ParsedArticle): ArticleIngestFacts => ({
  encoding: p.encoding,
  chunkCount: p.chunks.length,
  chromeLinesRemoved: p.stats.chromeLinesRemoved,
  pinyinRemoved: p.stats.pinyinRemoved,
  countyListRemoved: p.stats.countyListRemoved,
  mojibake: p.stats.mojibake.map((m) => ({
    original: m.original,
    repaired: m.repaired,
    offset: m.offset,
    kept: m.kept,
    reading: m.reading,
  })),
});

/** Logs each stage's duration at debug level (`LOG_LEVEL=debug`: where a build's time goes). */
function timedStages(guard: StallGuard, logger: Logger): StallGuard {
  return {
    async stage(name, run) {
      const started = performance.now();
      try {
        return await guard.stage(name, run);
      } finally {
        logger.debug({ stage: name, ms: Math.round(performance.now() - started) }, 'build stage');
      }
    },
  };
}

async function build(
  config: Config,
  logger: Logger,
  options: BuildOptions,
  embedder: Embedder | null,
  warnings: string[],
): Promise<BuildReport> {
  const t0 = performance.now();
  const skipped: BuildReport['skipped'] = [];
  const progress = options.onProgress ?? (() => undefined);
  const guard = timedStages(stallGuard(options.stallMs ?? config.buildStallMs), logger);

  // Side by side: LanceDB reads the stored articles on its own threads while the folder is listed.
  // Both settle before an error leaves, so nothing runs on once the build lock is released.
  const [listed, opened] = await Promise.allSettled([
    guard.stage('list the corpus', () => listCorpusFiles(config.corpusDir)),
    guard.stage('open the previous index', () => beginBuild(config.indexUri)),
  ]);
  if (listed.status === 'rejected') throw listed.reason;
  if (opened.status === 'rejected') throw opened.reason;
  const [listing, base] = [listed.value, opened.value];
  const files = listing.files;
  skipped.push(...listing.skipped);
  const embedding = embedder ? { model: embedder.modelId, dim: embedder.dim, dtype: embedder.dtype } : null;
  const prev = base.manifest;
  // Rows of an earlier build are reusable only when they were made the same way.
  const full =
    !prev ||
    prev.pipeline !== PIPELINE_VERSION ||
    JSON.stringify(prev.embedding) !== JSON.stringify(embedding);
  const storedByFile = new Map<string, PreviousArticle>();
  if (!full) for (const p of base.articles.values()) storedByFile.set(p.article.file, p);

  // Loaded on first use: a build where nothing changed never needs the gazetteer.
  let resolver: ReturnType<typeof createRegionResolver> | undefined;
  const countTokens = embedder ? (t: string) => embedder.countTokens(t) : undefined;

  // Stamps of an earlier build (a hint checked against the stored hashes) and of this one.
  const stampsBefore = full
    ? new Map<string, FileStamp>()
    : await guard.stage('read the file stamps', () => readFileStamps(base.db));
  const stampsAfter = new Map<string, FileStamp>();
  const tReadStart = performance.now();
  const statsTakenAt = Date.now();
  const infos = await guard.stage('stat the corpus', () => statAll(config.corpusDir, files));
  const seen: Seen[] = [];
  const seenHashes = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    progress({ stage: 'read', done: i, total: files.length });
    const filePath = path.join(config.corpusDir, file);
    try {
      const info = infos[i]!;
      if (info instanceof Error) throw info;
      const size = Number(info.size);
      if (size > config.maxFileBytes) {
        skipped.push({
          file,
          reason: `file is ${(size / 1e6).toFixed(1)} MB, over the ${(config.maxFileBytes / 1e6).toFixed(1)} MB limit`,
        });
        continue;
      }
      const stamp = stampOf(info);
      const settled = isSettled(info, statsTakenAt, options.stampSettleMs);
      // Untouched since a build that stored these bytes: not even read.
      const stored = storedByFile.get(file);
      const hint = stampsBefore.get(file);
      if (
        stored &&
        hint?.stamp === stamp &&
        hint.contentHash === stored.article.contentHash &&
        !seenHashes.has(hint.contentHash)
      ) {
        seenHashes.set(hint.contentHash, file);
        stampsAfter.set(file, hint);
        seen.push({ kind: 'unchanged', id: stored.article.id, previous: stored });
        continue;
      }
      const bytes = await readFile(filePath);
      const contentHash = sha256(bytes);
      const duplicateOf = seenHashes.get(contentHash);
      if (duplicateOf) {
        skipped.push({ file, reason: `same content as ${duplicateOf}` });
        continue;
      }
      // Unchanged since the last build: skipped before decoding and cleaning.
      if (stored && stored.article.contentHash === contentHash) {
        seenHashes.set(contentHash, file);
        if (settled) stampsAfter.set(file, { stamp, contentHash });
        seen.push({ kind: 'unchanged', id: stored.article.id, previous: stored });
        continue;
      }
      const {
        decodeArticle,
        cleanArticle,
        extractMetadata,
        createRegionResolver,
        extractStructure,
        chunkArticle,
      } = await loadParsing();
      const decoded = decodeArticle(bytes, file, config.maxFileBytes);
      if (!decoded.ok) {
        skipped.push({ file, reason: decoded.reason });
        continue;
      }
      seenHashes.set(contentHash, file);
      const cleaned = cleanArticle(decoded.text);
      if (cleaned.text.trim().length < 20) {
        skipped.push({ file, reason: 'no article text left after cleaning' });
        continue;
      }
      const meta = extractMetadata({ fileName: file, raw: decoded.text, cleaned });
      resolver ??= createRegionResolver();
      const regions = resolver.assignArticle({ title: meta.title, text: cleaned.text });
      const article: ArticleRecord = {
        ...meta,
        file,
        region: regions.region,
        subRegions: regions.subRegions,
        namedPlaces: placesNamedIn(resolver, { region: regions.region, text: cleaned.text }),
        headings: cleaned.headings,
        structure: extractStructure(cleaned.text, cleaned.headings, cleaned.titleLine),
        text: cleaned.text,
        contentHash,
      };
      const chunks = chunkArticle(article, { countTokens, maxTokens: MAX_CHUNK_TOKENS });
      if (settled) stampsAfter.set(file, { stamp, contentHash });
      seen.push({
        kind: 'parsed',
        id: article.id,
        parsed: { article, chunks, encoding: decoded.encoding, stats: cleaned.stats },
      });
    } catch (err) {
      // One bad file never stops the build; it is reported and skipped.
      skipped.push({ file, reason: `could not be processed: ${(err as Error).message}` });
      logger.warn({ file, err }, 'skipping a file that failed to process');
    }
  }
  progress({ stage: 'read', done: files.length, total: files.length });
  logger.debug({ stage: 'read the corpus', ms: Math.round(performance.now() - tReadStart) }, 'build stage');
  for (const s of skipped) logger.warn({ file: s.file }, `skipped: ${s.reason}`);
  if (seen.length === 0) {
    throw new Error(
      `No usable articles in ${config.corpusDir} (${files.length} file(s) found${skipped.length ? `, ${skipped.length} skipped` : ''}); the existing index, if any, is unchanged.`,
    );
  }
  const tRead = performance.now();

  const parsed = seen.flatMap((s) => (s.kind === 'parsed' ? [s.parsed] : []));
  const present = new Set(seen.map((s) => s.id));
  const removed = full ? [] : [...base.articles.keys()].filter((id) => !present.has(id));
  const changedIds = parsed.map((p) => p.article.id).filter((id) => base.articles.has(id));
  // The stored chunks of changed and removed articles: their vectors may be reused, their terms leave.
  const replacedChunks = full
    ? []
    : await guard.stage('read the replaced chunks', () => previousChunks(base, [...changedIds, ...removed]));

  const stored: StoredChunk[] = parsed.flatMap((p) => p.chunks.map((c) => ({ ...c })));
  let embedded = 0;
  let reusedVectors = 0;
  // (Nothing to embed when no article was parsed.)
  if (embedder && stored.length > 0) {
    const { embeddingText } = await loadParsing();
    // Vectors of the replaced chunks, keyed by the exact text embedded (same model, by `full`).
    const reusable = new Map<string, number[]>();
    for (const c of replacedChunks) {
      const a = base.articles.get(c.articleId)?.article;
      if (a && c.vector) reusable.set(sha256(embeddingText(a, c)), c.vector);
    }
    const titles = new Map(parsed.map((p) => [p.article.id, p.article]));
    const todo: { chunk: StoredChunk; text: string }[] = [];
    for (const chunk of stored) {
      const text = embeddingText(titles.get(chunk.articleId)!, chunk);
      const vector = reusable.get(sha256(text));
      if (vector) {
        chunk.vector = vector;
        reusedVectors++;
      } else todo.push({ chunk, text });
    }
    if (todo.length > 0) {
      const vectors = await guard.stage('embed', (alive) =>
        embedder.embedPassages(
          todo.map((t) => t.text),
          (done, total) => {
            alive();
            progress({ stage: 'embed', done, total });
          },
        ),
      );
      todo.forEach((t, i) => (t.chunk.vector = vectors[i]));
      embedded = todo.length;
    }
  }
  const tEmbed = performance.now();

  const unchanged = seen.flatMap((s) => (s.kind === 'unchanged' ? [s.previous] : []));
  reusedVectors += embedder ? unchanged.reduce((n, u) => n + u.facts.chunkCount, 0) : 0;
  const byId = new Map(parsed.map((p) => [p.article.id, p]));
  const storedOf = new Map<string, StoredChunk[]>();
  for (const c of stored) storedOf.set(c.articleId, [...(storedOf.get(c.articleId) ?? []), c]);
  let version = prev?.version ?? '';
  let chunkTotal = prev?.chunks ?? 0;
  const nothingChanged = !full && parsed.length === 0 && removed.length === 0;
  if (!nothingChanged) {
    progress({ stage: 'write', done: 0, total: 1 });
    const manifest = await commitBuild(
      base,
      {
        full,
        upserts: parsed.map((p) => ({
          article: p.article,
          facts: factsOf(p),
          chunks: storedOf.get(p.article.id) ?? [],
        })),
        removed,
        replacedChunks,
        embedding,
        pipeline: PIPELINE_VERSION,
      },
      { guard, beforeCommit: options.beforeCommit },
    );
    version = manifest.version;
    chunkTotal = manifest.chunks;
    progress({ stage: 'write', done: 1, total: 1 });
  }
  // After the commit, so a stamp never runs ahead of the hashes the index holds.
  // A hint only: failing to record it costs the next build a re-read, not this build its result.
  if (hasNewStamps(stampsAfter, stampsBefore))
    await guard
      .stage('record file stamps', () => writeFileStamps(base.db, stampsAfter))
      .catch((err: unknown) => {
        if (err instanceof BuildStalledError) throw err;
        const message = `could not record the file stamps (the next build reads every file again): ${(err as Error).message}`;
        warnings.push(message);
        logger.warn(message);
      });
  const tWrite = performance.now();

  // The report covers every article in the index, unchanged ones from what the store kept.
  const all = seen.map((s) => {
    if (s.kind === 'parsed') return { article: s.parsed.article, facts: factsOf(byId.get(s.id)!) };
    return s.previous;
  });
  const sum = (f: (x: ArticleIngestFacts) => number) => all.reduce((n, a) => n + f(a.facts), 0);
  return {
    indexUri: config.indexUri,
    version,
    articles: all.length,
    chunks: chunkTotal,
    embedded,
    reusedVectors,
    keywordOnly: embedder === null,
    embedding,
    warnings,
    skipped,
    changes: {
      mode: full ? 'full' : 'incremental',
      added: parsed.length - changedIds.length,
      changed: changedIds.length,
      removed: removed.length,
      unchanged: unchanged.length,
    },
    chromeLinesRemoved: sum((f) => f.chromeLinesRemoved),
    pinyinRemoved: sum((f) => f.pinyinRemoved),
    countyNamesRemoved: sum((f) => f.countyListRemoved),
    mojibake: all.flatMap((a) => a.facts.mojibake.map((m) => ({ articleId: a.article.id, ...m }))),
    perArticle: all.map(({ article: a, facts }) => ({
      id: a.id,
      title: a.title,
      date: a.date,
      source: a.source,
      author: a.author,
      script: a.script,
      region: a.region,
      subRegions: a.subRegions,
      chunks: facts.chunkCount,
      encoding: facts.encoding,
    })),
    timings: {
      readMs: Math.round(tRead - t0),
      embedMs: Math.round(tEmbed - tRead),
      writeMs: Math.round(tWrite - tEmbed),
      totalMs: Math.round(tWrite - t0),
    },
  };
}

/** The data-quality report as readable text. */
/**
 * Garbled text as code points (`\u{5078}`), so a report shows exactly what the file holds instead of
 * more garbage (a `?` that was a byte, a wrong but valid character); printable ASCII stays as it is.
 */
export function escapeCodePoints(text: string): string {
  return [...text]
    .map((c) =>
      /^[\x20-\x3e\x40-\x7e]$/.test(c) ? c : `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`,
    )
    .join('');
}

export function formatReport(r: BuildReport): string {
  const lines: string[] = [];
  lines.push(`Index ${r.version} at ${r.indexUri}`);
  lines.push(
    `  ${r.articles} articles, ${r.chunks} chunks; ` +
      (r.keywordOnly
        ? 'keyword-only (no embedding model)'
        : `vectors from ${r.embedding!.model} (${r.embedding!.dim}d, ${r.embedding!.dtype}): ${r.embedded} embedded, ${r.reusedVectors} reused`),
  );
  lines.push(
    `  cleaning: ${r.chromeLinesRemoved} lines of page chrome removed, ${r.pinyinRemoved} pinyin annotations stripped, ${r.countyNamesRemoved} spam county names removed`,
  );
  const repaired = r.mojibake.filter((m) => m.repaired !== null).length;
  lines.push(
    `  mojibake: ${r.mojibake.length} span(s) found, ${repaired} repaired, ${r.mojibake.length - repaired} removed from citable text`,
  );
  for (const m of r.mojibake)
    lines.push(
      `    ${m.articleId} @${m.offset}: ${escapeCodePoints(m.original)} → ${m.repaired === null ? `(removed; reads as ${JSON.stringify(m.reading)})` : JSON.stringify(m.repaired)}`,
    );
  lines.push('  articles:');
  for (const a of r.perArticle) {
    lines.push(`    ${a.id}  ${a.title}`);
    lines.push(
      `      ${a.date ?? 'no date'} · ${a.source ?? 'outlet not stated'} · ${a.author ?? 'author not stated'} · ${a.script} · ${a.encoding} · ${a.chunks} chunks`,
    );
    lines.push(`      region: ${a.region.join(' › ') || '(none resolved)'}`);
    for (const s of a.subRegions) lines.push(`        also: ${s.join(' › ')}`);
  }
  if (r.skipped.length > 0) {
    lines.push(`  skipped ${r.skipped.length} file(s):`);
    for (const s of r.skipped) lines.push(`    ${s.file}: ${s.reason}`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push(
    `  time: read+clean ${r.timings.readMs} ms, embed ${r.timings.embedMs} ms, write ${r.timings.writeMs} ms, total ${r.timings.totalMs} ms`,
  );
  return lines.join('\n');
}
