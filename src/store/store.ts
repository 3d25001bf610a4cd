/**
 * The LanceDB index: an `articles` and a `chunks` table per build version, and a one-row `manifest`
 * table that names the current version. A build writes a new version's tables, then overwrites the
 * manifest (a single atomic Lance commit), so an interrupted build never touches what readers see.
 * This works the same on a local folder and on object storage (s3://...), where renames do not exist.
 */
import { existsSync } from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import { Index, rerankers } from '@lancedb/lancedb';
import { isRemoteUri } from '../uri.js';
import type { ArticleRecord, ChunkRecord } from '../types.js';

export const INDEX_FORMAT = 1;

export interface IndexManifest {
  format: number;
  version: string;
  builtAt: string;
  /** Embedding model of the `vector` column; null for a keyword-only index. */
  embedding: { model: string; dim: number; dtype: string } | null;
  articles: number;
  chunks: number;
  /** Bumped when cleaning or chunking changes, so an incremental build does not reuse stale rows. */
  pipeline: string;
}

export interface StoredChunk extends ChunkRecord {
  vector?: number[];
}

export interface SearchHit {
  chunk: ChunkRecord;
  score: number;
}

export class IndexMissingError extends Error {
  constructor(uri: string) {
    super(`No index at ${uri}. Build it with: npm run ingest`);
    this.name = 'IndexMissingError';
  }
}

const MANIFEST = 'manifest';
const articlesTable = (version: string) => `articles_${version}`;
const chunksTable = (version: string) => `chunks_${version}`;

/** A sortable, table-name-safe build version. */
export function newVersion(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.TZ]/g, '');
  return `v${stamp}${Math.floor(Math.random() * 1e4)
    .toString()
    .padStart(4, '0')}`;
}

export async function connectIndex(uri: string): Promise<lancedb.Connection> {
  return lancedb.connect(uri);
}

/** A local index folder that does not exist has no index (and must not be created by a reader). */
export function localIndexMissing(uri: string): boolean {
  return !isRemoteUri(uri) && !existsSync(uri);
}

export async function readManifest(db: lancedb.Connection): Promise<IndexManifest | null> {
  const names = await db.tableNames();
  if (!names.includes(MANIFEST)) return null;
  const rows = await (await db.openTable(MANIFEST)).query().limit(1).toArray();
  const json = rows[0]?.json;
  if (typeof json !== 'string') return null;
  const manifest = JSON.parse(json) as IndexManifest;
  if (!names.includes(articlesTable(manifest.version)) || !names.includes(chunksTable(manifest.version)))
    return null;
  return manifest;
}

const articleRow = (a: ArticleRecord) => ({ id: a.id, contentHash: a.contentHash, json: JSON.stringify(a) });

function chunkRow(c: StoredChunk, dim: number | null) {
  const row: Record<string, unknown> = {
    id: c.id,
    articleId: c.articleId,
    ordinal: c.ordinal,
    heading: c.heading ?? '',
    start: c.start,
    end: c.end,
    text: c.text,
    textHans: c.textHans,
    tokens: c.tokens,
    instructionLike: c.instructionLike,
  };
  if (dim !== null) {
    if (!c.vector || c.vector.length !== dim)
      throw new Error(`chunk ${c.id} has no ${dim}-dimensional vector`);
    row.vector = c.vector;
  }
  return row;
}

function toChunk(row: Record<string, unknown>): StoredChunk {
  const chunk: StoredChunk = {
    id: String(row.id),
    articleId: String(row.articleId),
    ordinal: Number(row.ordinal),
    heading: row.heading ? String(row.heading) : null,
    start: Number(row.start),
    end: Number(row.end),
    text: String(row.text),
    textHans: String(row.textHans),
    tokens: String(row.tokens),
    instructionLike: row.instructionLike === true,
  };
  const vector = row.vector as ArrayLike<number> | undefined;
  if (vector) chunk.vector = Array.from(vector);
  return chunk;
}

/**
 * Writes a complete new version and then points the manifest at it. Older versions but the one
 * before are dropped afterwards (the previous one stays for readers that still have it open).
 */
export async function writeIndex(
  uri: string,
  data: {
    articles: ArticleRecord[];
    chunks: StoredChunk[];
    embedding: IndexManifest['embedding'];
    pipeline: string;
  },
  /** `beforeCommit` runs after the new tables are written, before the swap (tests interrupt here). */
  hooks: { beforeCommit?: () => Promise<void> } = {},
): Promise<IndexManifest> {
  const db = await connectIndex(uri);
  // An unreadable manifest (a damaged index) must not block the build that repairs it.
  const previous = await readManifest(db).catch(() => null);
  const version = newVersion();
  const dim = data.embedding?.dim ?? null;

  await db.createTable(articlesTable(version), data.articles.map(articleRow), { mode: 'overwrite' });
  const chunks = await db.createTable(
    chunksTable(version),
    data.chunks.map((c) => chunkRow(c, dim)),
    { mode: 'overwrite' },
  );
  await chunks.createIndex('tokens', {
    config: Index.fts({
      baseTokenizer: 'whitespace',
      lowercase: true,
      stem: false,
      removeStopWords: false,
      asciiFolding: false,
      withPosition: false,
    }),
  });
  // A vector index (IVF-PQ) pays off only from tens of thousands of rows; below that a flat scan is exact and fast.
  if (dim !== null && data.chunks.length >= 50_000) {
    await chunks.createIndex('vector', { config: Index.ivfPq({ distanceType: 'cosine' }) });
  }

  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    version,
    builtAt: new Date().toISOString(),
    embedding: data.embedding,
    articles: data.articles.length,
    chunks: data.chunks.length,
    pipeline: data.pipeline,
  };
  // A concurrent build may have pruned our tables; never point the manifest at missing data.
  const names = await db.tableNames();
  if (!names.includes(articlesTable(version)) || !names.includes(chunksTable(version)))
    throw new Error(
      'index tables vanished during the build (another build running?); the previous index is unchanged',
    );
  await hooks.beforeCommit?.();
  // The swap: one atomic commit (a new version of the manifest table, written in overwrite mode).
  const row = [{ json: JSON.stringify(manifest) }];
  if (!names.includes(MANIFEST)) await db.createTable(MANIFEST, row);
  else {
    try {
      await (await db.openTable(MANIFEST)).add(row, { mode: 'overwrite' });
    } catch {
      // A damaged manifest table is replaced whole.
      await db.createTable(MANIFEST, row, { mode: 'overwrite' });
    }
  }
  await pruneVersions(
    db,
    [version, previous?.version].filter((v): v is string => Boolean(v)),
  );
  return manifest;
}

/**
 * Drops tables of versions older than the newest kept one, except those kept (leftovers of older or
 * interrupted builds). Newer versions belong to a build still running and are left alone.
 */
export async function pruneVersions(db: lancedb.Connection, keep: string[]): Promise<void> {
  const newest = [...keep].sort().at(-1) ?? '';
  for (const name of await db.tableNames()) {
    const match = /^(?:articles|chunks)_(v\d+)$/.exec(name);
    if (match && !keep.includes(match[1]!) && match[1]! < newest)
      await db.dropTable(name).catch(() => undefined);
  }
}

/** A read-only view of one index version. */
export interface IndexReader {
  manifest: IndexManifest;
  articles(): Promise<ArticleRecord[]>;
  /** All chunks, with vectors when the index has them. */
  allChunks(options?: { withVectors?: boolean }): Promise<StoredChunk[]>;
  fullText(tokens: string, k: number, articleIds?: string[]): Promise<SearchHit[]>;
  vector(vector: number[], k: number, articleIds?: string[]): Promise<SearchHit[]>;
  /** Vector and full-text results fused by LanceDB's reciprocal-rank reranker. */
  hybrid(tokens: string, vector: number[], k: number, articleIds?: string[]): Promise<SearchHit[]>;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const whereArticles = (ids?: string[]) =>
  ids && ids.length > 0 ? `articleId IN (${ids.map(quote).join(', ')})` : undefined;
const CHUNK_COLUMNS = [
  'id',
  'articleId',
  'ordinal',
  'heading',
  'start',
  'end',
  'text',
  'textHans',
  'tokens',
  'instructionLike',
];

/** Opens the current version; throws IndexMissingError when there is none. */
export async function openIndex(uri: string): Promise<IndexReader> {
  if (localIndexMissing(uri)) throw new IndexMissingError(uri);
  const db = await connectIndex(uri);
  const manifest = await readManifest(db);
  if (!manifest) throw new IndexMissingError(uri);
  const articlesT = await db.openTable(articlesTable(manifest.version));
  const chunksT = await db.openTable(chunksTable(manifest.version));
  let articlesCache: Promise<ArticleRecord[]> | undefined;

  const hits = (rows: Record<string, unknown>[], scoreOf: (r: Record<string, unknown>) => number) =>
    rows.map((r) => ({ chunk: toChunk({ ...r, vector: undefined }), score: scoreOf(r) }));

  async function vectorSearch(vector: number[], k: number, articleIds?: string[]): Promise<SearchHit[]> {
    let q = chunksT.query().nearestTo(vector).distanceType('cosine').select(CHUNK_COLUMNS).limit(k);
    const where = whereArticles(articleIds);
    if (where) q = q.where(where);
    return hits(await q.toArray(), (r) => 1 - Number(r._distance ?? 1));
  }

  return {
    manifest,
    articles() {
      articlesCache ??= articlesT
        .query()
        .toArray()
        .then((rows) =>
          rows
            .map((r) => JSON.parse(String(r.json)) as ArticleRecord)
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
      return articlesCache;
    },
    async allChunks(options = {}) {
      const q = chunksT.query();
      const cols = options.withVectors && manifest.embedding ? [...CHUNK_COLUMNS, 'vector'] : CHUNK_COLUMNS;
      const rows = await q.select(cols).toArray();
      return rows
        .map(toChunk)
        .sort((a, b) => a.articleId.localeCompare(b.articleId) || a.ordinal - b.ordinal);
    },
    async fullText(tokens, k, articleIds) {
      if (tokens.trim() === '') return [];
      let q = chunksT
        .search(tokens, 'fts')
        .select([...CHUNK_COLUMNS, '_score'])
        .limit(k);
      const where = whereArticles(articleIds);
      if (where) q = q.where(where);
      return hits(await q.toArray(), (r) => Number(r._score ?? 0));
    },
    vector: vectorSearch,
    async hybrid(tokens, vector, k, articleIds) {
      if (tokens.trim() === '') return vectorSearch(vector, k, articleIds);
      const reranker = await rerankers.RRFReranker.create();
      let q = chunksT
        .query()
        .nearestTo(vector)
        .distanceType('cosine')
        .fullTextSearch(tokens)
        .rerank(reranker)
        .select(CHUNK_COLUMNS)
        .limit(k);
      const where = whereArticles(articleIds);
      if (where) q = q.where(where);
      return hits(await q.toArray(), (r) => Number(r._relevance_score ?? 0));
    },
  };
}
