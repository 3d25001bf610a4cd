/**
 * The LanceDB index, read side: stable tables `articles`, `chunks` and `terms`, and a one-row
 * `manifest` that records the table VERSIONS the last complete build committed. A reader checks
 * every table out at those versions, so one request sees one consistent snapshot while a build
 * writes newer versions; a build is visible only once it rewrites the manifest (one atomic commit).
 * This works the same on a local folder and on object storage (s3://...), where renames do not exist.
 */
import './quiet.js';
import { existsSync } from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import { rerankers } from '@lancedb/lancedb';
import { isRemoteUri } from '../uri.js';
import { plainRows } from './arrow-rows.js';
import type { ArticleRecord, ChunkRecord } from '../types.js';
import {
  ARTICLE_META_COLUMNS,
  CHUNK_COLUMNS,
  REGION_KEY_SEPARATOR,
  toArticle,
  toArticleMeta,
  toChunk,
  type ArticleMeta,
  type StoredChunk,
} from './schema.js';

export type { ArticleMeta, StoredChunk } from './schema.js';

/** The `articles` columns of an `ArticleRecord`. */
const ARTICLE_RECORD_COLUMNS = [
  'id',
  'file',
  'title',
  'date',
  'published',
  'outlet',
  'author',
  'editor',
  'script',
  'region',
  'subRegions',
  'namedPlaces',
  'headings',
  'structure',
  'text',
  'contentHash',
];

/** Values per `IN (...)` filter: one query reads a batch of articles or terms. */
const IN_BATCH = 500;

/** Vector query settings measured by bench/ann-tune.ts (recall@10 against a flat scan); moot without an index. HNSW needs ef ≥ k × refine (the candidates it re-ranks). */
export const ANN_QUERY = { nprobes: 40, ef: 150, refine: 5 };

/** 2: typed tables at versions named by the manifest (1 was one JSON column per article, tables per build). */
export const INDEX_FORMAT = 2;

export const TABLES = {
  manifest: 'manifest',
  articles: 'articles',
  chunks: 'chunks',
  terms: 'terms',
} as const;

export interface IndexManifest {
  format: number;
  /** The build's id; changes with every build that changed something (what readers compare). */
  version: string;
  builtAt: string;
  /** Embedding model of the `vector` column; null for a keyword-only index. */
  embedding: { model: string; dim: number; dtype: string } | null;
  articles: number;
  chunks: number;
  /** Bumped when cleaning or chunking changes, so an incremental build does not reuse stale rows. */
  pipeline: string;
  /** The table versions of this build. */
  tables: { articles: number; chunks: number; terms: number };
}

export interface SearchHit {
  chunk: ChunkRecord;
  score: number;
}

/** What a search is limited to: some articles, or a region (a path, province first). */
export type SearchScope = string[] | { region: string[] };

export class IndexMissingError extends Error {
  constructor(uri: string) {
    super(`No index at ${uri}. Build it with: npm run ingest`);
    this.name = 'IndexMissingError';
  }
}

/** Object-store settings (endpoint, credentials) handed to LanceDB as storage options. */
export type StorageOptions = Record<string, string>;

let defaultStorageOptions: StorageOptions = {};
/** Set once at start from the config; every connection to an s3:// index uses them. */
export function setStorageOptions(options: StorageOptions): void {
  defaultStorageOptions = options;
}

export async function connectIndex(uri: string): Promise<lancedb.Connection> {
  return isRemoteUri(uri) && Object.keys(defaultStorageOptions).length > 0
    ? lancedb.connect(uri, { storageOptions: defaultStorageOptions })
    : lancedb.connect(uri);
}

/** A local index folder that does not exist has no index (and must not be created by a reader). */
export function localIndexMissing(uri: string): boolean {
  return !isRemoteUri(uri) && !existsSync(uri);
}

/** A build id: sortable, e.g. `v202611301702334821`. */
export function newVersion(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.TZ]/g, '');
  return `v${stamp}${Math.floor(Math.random() * 1e4)
    .toString()
    .padStart(4, '0')}`;
}

export function manifestFromRow(row: Record<string, unknown>): IndexManifest | null {
  if (Number(row.format) !== INDEX_FORMAT) return null;
  return {
    format: INDEX_FORMAT,
    version: String(row.buildId),
    builtAt: String(row.builtAt),
    pipeline: String(row.pipeline),
    embedding:
      row.embeddingModel == null
        ? null
        : {
            model: String(row.embeddingModel),
            dim: Number(row.embeddingDim),
            dtype: String(row.embeddingDtype),
          },
    articles: Number(row.articles),
    chunks: Number(row.chunks),
    tables: {
      articles: Number(row.articlesVersion),
      chunks: Number(row.chunksVersion),
      terms: Number(row.termsVersion),
    },
  };
}

export function manifestRow(m: IndexManifest): Record<string, unknown> {
  return {
    format: m.format,
    buildId: m.version,
    builtAt: m.builtAt,
    pipeline: m.pipeline,
    embeddingModel: m.embedding?.model ?? null,
    embeddingDim: m.embedding?.dim ?? null,
    embeddingDtype: m.embedding?.dtype ?? null,
    articles: m.articles,
    chunks: m.chunks,
    articlesVersion: m.tables.articles,
    chunksVersion: m.tables.chunks,
    termsVersion: m.tables.terms,
  };
}

/**
 * A table, or null when it does not exist. Tables are opened by name rather than listed: listing
 * is a prefix scan that some S3-compatible servers answer differently, and costs a round trip.
 */
export async function openIfExists(db: lancedb.Connection, name: string): Promise<lancedb.Table | null> {
  try {
    return await db.openTable(name);
  } catch (err) {
    if (/was not found/i.test(String(err))) return null;
    throw err;
  }
}

/** The current manifest, or null when there is none (or one of an older format). Throws when damaged. */
export async function readManifest(db: lancedb.Connection): Promise<IndexManifest | null> {
  const table = await openIfExists(db, TABLES.manifest);
  if (!table) return null;
  const rows = await table.query().limit(1).toArray();
  return rows[0] ? manifestFromRow(rows[0] as Record<string, unknown>) : null;
}

/** Opens a table at the version a manifest recorded. */
export async function openAt(db: lancedb.Connection, name: string, version: number): Promise<lancedb.Table> {
  const table = await db.openTable(name);
  await table.checkout(version);
  return table;
}

/** A read-only view of one index version. */
export interface IndexReader {
  manifest: IndexManifest;
  /** Every article, text and all: for tools and tests, not for start-up. */
  articles(): Promise<ArticleRecord[]>;
  /** Every article without its text, sections, headings and list members (what the engine keeps), sorted by id. */
  articleMetas(): Promise<ArticleMeta[]>;
  /** The full records of these articles (btree on `id`), in no particular order; unknown ids are left out. */
  articlesById(ids: string[]): Promise<ArticleRecord[]>;
  /** Articles with a chunk whose Simplified text contains `text` (a scan of `textHans`), sorted by id. */
  articlesContaining(text: string): Promise<string[]>;
  /** Document frequency of these full-text tokens (0 for a token the index never uses). */
  documentFrequencies(terms: string[]): Promise<Map<string, number>>;
  /** All chunks, with vectors when the index has them. Reads every row: for tools, not for start-up. */
  allChunks(options?: { withVectors?: boolean }): Promise<StoredChunk[]>;
  /** Document frequency of every full-text token (written at build time) and the chunk count: for tools. */
  termStats(): Promise<{ df: Map<string, number>; chunkCount: number }>;
  fullText(tokens: string, k: number, scope?: SearchScope): Promise<SearchHit[]>;
  vector(vector: number[], k: number, scope?: SearchScope): Promise<SearchHit[]>;
  /** Vector and full-text results fused by LanceDB's reciprocal-rank reranker. */
  hybrid(tokens: string, vector: number[], k: number, scope?: SearchScope): Promise<SearchHit[]>;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The scope as one SQL filter on `chunks` (btree on articleId, label-list on regionKeys). */
export function scopeFilter(scope?: SearchScope): string | undefined {
  if (!scope) return undefined;
  if (Array.isArray(scope))
    return scope.length > 0 ? `articleId IN (${scope.map(quote).join(', ')})` : undefined;
  if (scope.region.length === 0) return undefined;
  return `array_has_any(regionKeys, [${quote(scope.region.join(REGION_KEY_SEPARATOR))}])`;
}

/** Opens the current version; throws IndexMissingError when there is none. */
export async function openIndex(uri: string): Promise<IndexReader> {
  if (localIndexMissing(uri)) throw new IndexMissingError(uri);
  const db = await connectIndex(uri);
  const manifest = await readManifest(db);
  if (!manifest) throw new IndexMissingError(uri);
  const [articlesT, chunksT, termsT] = await Promise.all([
    openAt(db, TABLES.articles, manifest.tables.articles),
    openAt(db, TABLES.chunks, manifest.tables.chunks),
    openAt(db, TABLES.terms, manifest.tables.terms),
  ]);
  let articlesCache: Promise<ArticleRecord[]> | undefined;
  let recordColumns: Promise<string[]> | undefined;

  const hits = (rows: Record<string, unknown>[], scoreOf: (r: Record<string, unknown>) => number) =>
    rows.map((r) => ({ chunk: toChunk({ ...r, vector: undefined }), score: scoreOf(r) }));

  /** A cosine nearest-neighbour query with the measured ANN settings (moot on a flat scan). */
  const nearest = (vector: number[], k: number) =>
    chunksT
      .query()
      .nearestTo(vector)
      .distanceType('cosine')
      .nprobes(ANN_QUERY.nprobes)
      .ef(Math.max(ANN_QUERY.ef, k * ANN_QUERY.refine))
      .refineFactor(ANN_QUERY.refine);
  // One reranker per open index, not one per hybrid question.
  let reranker: Promise<rerankers.RRFReranker> | undefined;

  async function vectorSearch(vector: number[], k: number, scope?: SearchScope): Promise<SearchHit[]> {
    let q = nearest(vector, k)
      .select([...CHUNK_COLUMNS, '_distance'])
      .limit(k);
    const where = scopeFilter(scope);
    if (where) q = q.where(where);
    return hits(await q.toArray(), (r) => 1 - Number(r._distance ?? 1));
  }

  return {
    manifest,
    articles() {
      articlesCache ??= articlesT
        .query()
        .toArrow()
        .then((table) =>
          plainRows(table)
            .map((r) => toArticle(r))
            .sort((a, b) => a.id.localeCompare(b.id)),
        );
      return articlesCache;
    },
    async articleMetas() {
      // Without `namedPlaces` (an index written before it): scope reads those articles' text instead.
      const columns: Record<string, string> = { ...ARTICLE_META_COLUMNS };
      const present = new Set((await articlesT.schema()).fields.map((f) => f.name));
      if (present.has('namedPlaces')) columns.namedPlaces = 'namedPlaces';
      if (present.has('published')) columns.published = 'published';
      // An index written before `listSummaries`: the lists whole.
      if (!present.has('listSummaries')) columns.lists = "get_field(structure, 'lists')";
      const rows = plainRows(await articlesT.query().select(columns).toArrow());
      return rows.map((r) => toArticleMeta(r)).sort((a, b) => a.id.localeCompare(b.id));
    },
    async articlesById(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      // The record, not what ingest saw (encoding, cleaning counts, mojibake).
      recordColumns ??= articlesT
        .schema()
        .then((schema) => ARTICLE_RECORD_COLUMNS.filter((c) => schema.fields.some((f) => f.name === c)));
      const columns = await recordColumns;
      const out: ArticleRecord[] = [];
      for (let i = 0; i < unique.length; i += IN_BATCH) {
        const batch = unique.slice(i, i + IN_BATCH);
        const rows = await articlesT
          .query()
          .where(`id IN (${batch.map(quote).join(', ')})`)
          .select(columns)
          .toArrow();
        out.push(...plainRows(rows).map((r) => toArticle(r)));
      }
      return out;
    },
    async articlesContaining(text) {
      if (text === '') return [];
      const rows = await chunksT
        .query()
        .where(`strpos(textHans, ${quote(text)}) > 0`)
        .select(['articleId'])
        .toArray();
      return [...new Set(rows.map((r) => String(r.articleId)))].sort((a, b) => a.localeCompare(b));
    },
    async documentFrequencies(terms) {
      const unique = [...new Set(terms)];
      const df = new Map<string, number>(unique.map((t) => [t, 0]));
      for (let i = 0; i < unique.length; i += IN_BATCH) {
        const rows = await termsT
          .query()
          .where(
            `term IN (${unique
              .slice(i, i + IN_BATCH)
              .map(quote)
              .join(', ')})`,
          )
          .select(['term', 'df'])
          .toArray();
        for (const r of rows) df.set(String(r.term), Number(r.df));
      }
      return df;
    },
    async allChunks(options = {}) {
      const cols = options.withVectors && manifest.embedding ? [...CHUNK_COLUMNS, 'vector'] : CHUNK_COLUMNS;
      const rows = await chunksT.query().select(cols).toArray();
      return rows
        .map((r) => toChunk(r))
        .sort((a, b) => a.articleId.localeCompare(b.articleId) || a.ordinal - b.ordinal);
    },
    async termStats() {
      const df = new Map<string, number>();
      for await (const batch of termsT.query().select(['term', 'df'])) {
        const terms = batch.getChild('term')!;
        const counts = batch.getChild('df')!;
        for (let i = 0; i < batch.numRows; i++) df.set(terms.get(i) as string, counts.get(i) as number);
      }
      return { df, chunkCount: manifest.chunks };
    },
    async fullText(tokens, k, scope) {
      if (tokens.trim() === '') return [];
      let q = chunksT
        .search(tokens, 'fts')
        .select([...CHUNK_COLUMNS, '_score'])
        .limit(k);
      const where = scopeFilter(scope);
      if (where) q = q.where(where);
      return hits(await q.toArray(), (r) => Number(r._score ?? 0));
    },
    vector: vectorSearch,
    async hybrid(tokens, vector, k, scope) {
      if (tokens.trim() === '') return vectorSearch(vector, k, scope);
      reranker ??= rerankers.RRFReranker.create();
      let q = nearest(vector, k)
        .fullTextSearch(tokens)
        .rerank(await reranker)
        .select(CHUNK_COLUMNS)
        .limit(k);
      const where = scopeFilter(scope);
      if (where) q = q.where(where);
      return hits(await q.toArray(), (r) => Number(r._relevance_score ?? 0));
    },
  };
}
