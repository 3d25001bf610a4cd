/**
 * The LanceDB index, write side. A build starts from the versions the manifest names (rolling back
 * whatever an interrupted build left after them), applies what changed — a full overwrite when there
 * is no usable previous index, else upserts and deletes of the changed articles' rows only — keeps
 * the scalar, full-text and vector indexes current, and then commits by rewriting the one-row
 * manifest with the new table versions. Until that commit, readers see the previous build whole.
 */
import './quiet.js';
import * as lancedb from '@lancedb/lancedb';
import { Index, makeArrowTable } from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import type { ArticleRecord } from '../types.js';
import {
  articleRow,
  articleRegionKeys,
  articlesSchema,
  CHUNK_COLUMNS,
  chunkRow,
  chunksSchema,
  manifestSchema,
  termsSchema,
  toArticle,
  toChunk,
  toIngestFacts,
  type ArticleIngestFacts,
  type StoredChunk,
} from './schema.js';
import { plainRows } from './arrow-rows.js';
import { noStallGuard, type StallGuard } from './stall.js';
import {
  connectIndex,
  INDEX_FORMAT,
  manifestRow,
  newVersion,
  readManifest,
  TABLES,
  type IndexManifest,
} from './store.js';

/** Readers re-check the manifest every 2 s and hold a snapshot for one request: a minute is ample. */
const READER_GRACE_MS = 60_000;
/**
 * New rows are searched flat (exact) until folded into the full-text/vector indexes by `optimize()`,
 * which also compacts fragments (rewriting rows): done once the unindexed rows pass both bounds.
 */
const UNINDEXED_SHARE = 0.1;
const UNINDEXED_MIN = 5_000;
/** Below this many rows a flat vector scan is exact and fast; above, an IVF-HNSW-SQ index. */
export const ANN_MIN_ROWS = 50_000;

export interface PreviousArticle {
  /** The stored record without its text, headings and structure (not needed to decide what changed). */
  article: ArticleRecord;
  facts: ArticleIngestFacts;
}

export interface BuildBase {
  db: lancedb.Connection;
  /** The committed index, or null when there is none usable (first build, older format, damaged). */
  manifest: IndexManifest | null;
  articles: Map<string, PreviousArticle>;
}

export interface ArticleUpsert {
  article: ArticleRecord;
  facts: ArticleIngestFacts;
  chunks: StoredChunk[];
}

export interface BuildChanges {
  /** Rewrite every table (no usable previous index, or its pipeline or model differs). */
  full: boolean;
  /** Added and changed articles with all their chunks. */
  upserts: ArticleUpsert[];
  /** Ids of articles to remove. */
  removed: string[];
  /** The previous chunks of changed and removed articles (their tokens leave the term counts). */
  replacedChunks: StoredChunk[];
  embedding: IndexManifest['embedding'];
  pipeline: string;
}

export interface CommitOptions {
  guard?: StallGuard;
  /** Runs after the tables are written, before the manifest commit (tests interrupt here). */
  beforeCommit?: () => Promise<void>;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const inList = (column: string, values: string[]) => `${column} IN (${values.map(quote).join(', ')})`;
/** What a build needs of stored articles: change detection and the report (no text, no structure). */
const ARTICLE_META = articlesSchema.fields
  .map((f) => f.name)
  .filter((n) => !['text', 'structure', 'headings', 'regionKeys'].includes(n));

/**
 * Opens the index for a build: every table is rolled back to the version the manifest names (an
 * interrupted build may have written past it), and the stored articles are read without their text.
 */
export async function beginBuild(uri: string): Promise<BuildBase> {
  const db = await connectIndex(uri);
  // An unreadable manifest (a damaged index) must not block the build that repairs it.
  const manifest = await readManifest(db).catch(() => null);
  const articles = new Map<string, PreviousArticle>();
  if (!manifest) return { db, manifest, articles };
  for (const [name, version] of [
    [TABLES.articles, manifest.tables.articles],
    [TABLES.chunks, manifest.tables.chunks],
    [TABLES.terms, manifest.tables.terms],
  ] as const) {
    const table = await db.openTable(name);
    if ((await table.version()) !== version) {
      await table.checkout(version);
      await table.restore();
    }
  }
  // An index written by an older version lacks the newer columns (its pipeline forces a full build).
  const stored = await db.openTable(TABLES.articles);
  const present = new Set((await stored.schema()).fields.map((f) => f.name));
  const columns = ARTICLE_META.filter((n) => present.has(n));
  const data = await stored.query().select(columns).toArrow();
  for (const row of plainRows(data, columns))
    articles.set(String(row.id), { article: toArticle(row), facts: toIngestFacts(row) });
  return { db, manifest, articles };
}

/** The stored chunks of some articles (with vectors when the index has them). */
export async function previousChunks(base: BuildBase, articleIds: string[]): Promise<StoredChunk[]> {
  if (!base.manifest || articleIds.length === 0) return [];
  const cols = base.manifest.embedding ? [...CHUNK_COLUMNS, 'vector'] : CHUNK_COLUMNS;
  const out: StoredChunk[] = [];
  const table = await base.db.openTable(TABLES.chunks);
  // Bounded IN lists: a large change set is read in slices.
  for (let i = 0; i < articleIds.length; i += 500) {
    const rows = await table
      .query()
      .where(inList('articleId', articleIds.slice(i, i + 500)))
      .select(cols)
      .toArray();
    out.push(...rows.map((r) => toChunk(r)));
  }
  return out;
}

/** Document frequency of each token over chunks (each chunk counts a token once). */
export function countTerms(chunks: { tokens: string }[], sign = 1, into = new Map<string, number>()) {
  for (const c of chunks)
    for (const t of new Set(c.tokens.split(' '))) if (t !== '') into.set(t, (into.get(t) ?? 0) + sign);
  return into;
}

const arrow = (rows: Record<string, unknown>[], schema: Schema) => makeArrowTable(rows, { schema });

function chunkRows(upserts: ArticleUpsert[], dim: number | null) {
  return upserts.flatMap((u) => {
    const keys = articleRegionKeys(u.article);
    return u.chunks.map((c) => chunkRow(c, keys, dim));
  });
}

const fts = () =>
  Index.fts({
    baseTokenizer: 'whitespace',
    lowercase: true,
    stem: false,
    removeStopWords: false,
    asciiFolding: false,
    withPosition: false,
  });

/**
 * The cleanup cutoff: versions older than the one the current manifest holds may go, once that
 * manifest has been current long enough for every reader to have moved to it. Else nothing goes.
 */
async function cleanupCutoff(base: BuildBase, table: lancedb.Table, held: number): Promise<Date> {
  const keepAll = new Date(0);
  if (!base.manifest) return keepAll;
  const manifestVersions = await (await base.db.openTable(TABLES.manifest)).listVersions();
  const committedAt = manifestVersions.at(-1)?.timestamp.getTime() ?? Date.now();
  if (Date.now() - committedAt < READER_GRACE_MS) return keepAll;
  const version = (await table.listVersions()).find((v) => v.version === held);
  return version ? version.timestamp : keepAll;
}

/** The ANN index: √rows/16 IVF partitions, each an HNSW graph over 8-bit scalar-quantised vectors. */
export function annIndexConfig(rows: number) {
  return Index.hnswSq({
    distanceType: 'cosine',
    numPartitions: Math.max(1, Math.round(Math.sqrt(rows) / 16)),
  });
}

async function ensureVectorIndex(chunks: lancedb.Table, rows: number, dim: number | null): Promise<void> {
  if (dim === null || rows < ANN_MIN_ROWS) return;
  const indices = await chunks.listIndices();
  if (indices.some((i) => i.columns.includes('vector'))) return;
  await chunks.createIndex('vector', { config: annIndexConfig(rows) });
}

/** Writes the changes, keeps the indexes current, and commits the manifest. Returns the new manifest. */
export async function commitBuild(
  base: BuildBase,
  changes: BuildChanges,
  options: CommitOptions = {},
): Promise<IndexManifest> {
  const guard = options.guard ?? noStallGuard;
  const { db } = base;
  const dim = changes.embedding?.dim ?? null;
  let articlesT: lancedb.Table;
  let chunksT: lancedb.Table;
  let termsT: lancedb.Table;

  if (changes.full) {
    const articleRows = changes.upserts.map((u) => articleRow(u.article, u.facts));
    articlesT = await guard.stage('write articles', () =>
      db.createTable(TABLES.articles, arrow(articleRows, articlesSchema), { mode: 'overwrite' }),
    );
    const rows = chunkRows(changes.upserts, dim);
    chunksT = await guard.stage('write chunks', () =>
      db.createTable(TABLES.chunks, arrow(rows, chunksSchema(dim)), { mode: 'overwrite' }),
    );
    const df = countTerms(changes.upserts.flatMap((u) => u.chunks));
    termsT = await guard.stage('write term statistics', () =>
      db.createTable(
        TABLES.terms,
        arrow(
          [...df].map(([term, n]) => ({ term, df: n })),
          termsSchema,
        ),
        { mode: 'overwrite' },
      ),
    );
    await guard.stage('full-text index', () => chunksT.createIndex('tokens', { config: fts() }));
    await guard.stage('scalar indexes', async () => {
      await chunksT.createIndex('articleId', { config: Index.btree() });
      await chunksT.createIndex('regionKeys', { config: Index.labelList() });
      await articlesT.createIndex('id', { config: Index.btree() });
      await articlesT.createIndex('regionKeys', { config: Index.labelList() });
      // The engine looks up the document frequencies of a question's tokens (`term IN (...)`).
      await termsT.createIndex('term', { config: Index.btree() });
    });
    await guard.stage('vector index', () => ensureVectorIndex(chunksT, rows.length, dim));
  } else {
    articlesT = await db.openTable(TABLES.articles);
    chunksT = await db.openTable(TABLES.chunks);
    termsT = await db.openTable(TABLES.terms);
    const changedIds = changes.upserts.map((u) => u.article.id);
    const gone = [...changedIds, ...changes.removed];
    await guard.stage('write articles', async () => {
      if (changes.removed.length > 0) await articlesT.delete(inList('id', changes.removed));
      if (changes.upserts.length > 0)
        await articlesT
          .mergeInsert('id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .execute(
            arrow(
              changes.upserts.map((u) => articleRow(u.article, u.facts)),
              articlesSchema,
            ),
          );
    });
    await guard.stage('write chunks', async () => {
      if (gone.length > 0) await chunksT.delete(inList('articleId', gone));
      const rows = chunkRows(changes.upserts, dim);
      if (rows.length > 0) await chunksT.add(arrow(rows, chunksSchema(dim)));
    });
    await guard.stage('write term statistics', async () => {
      const delta = countTerms(changes.replacedChunks, -1);
      countTerms(
        changes.upserts.flatMap((u) => u.chunks),
        1,
        delta,
      );
      const touched = [...delta].filter(([, d]) => d !== 0).map(([t]) => t);
      if (touched.length === 0) return;
      const current = new Map<string, number>();
      for (let i = 0; i < touched.length; i += 1000) {
        const rows = await termsT
          .query()
          .where(inList('term', touched.slice(i, i + 1000)))
          .select(['term', 'df'])
          .toArray();
        for (const r of rows) current.set(String(r.term), Number(r.df));
      }
      const next = touched.map((term) => ({ term, df: (current.get(term) ?? 0) + delta.get(term)! }));
      const kept = next.filter((r) => r.df > 0);
      const dropped = next.filter((r) => r.df <= 0).map((r) => r.term);
      if (dropped.length > 0)
        for (let i = 0; i < dropped.length; i += 1000)
          await termsT.delete(inList('term', dropped.slice(i, i + 1000)));
      if (kept.length > 0)
        await termsT
          .mergeInsert('term')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .execute(arrow(kept, termsSchema));
    });
    // New rows are searched flat until folded into the indexes; fold them in once they add up.
    await guard.stage('index maintenance', async () => {
      const rows = await chunksT.countRows();
      const stats = await chunksT.indexStats('tokens_idx');
      const unindexed = stats?.numUnindexedRows ?? rows;
      if (unindexed > Math.max(UNINDEXED_MIN, UNINDEXED_SHARE * rows)) {
        for (const [table, held] of [
          [chunksT, base.manifest!.tables.chunks],
          [articlesT, base.manifest!.tables.articles],
          [termsT, base.manifest!.tables.terms],
        ] as const)
          await table.optimize({ cleanupOlderThan: await cleanupCutoff(base, table, held) });
      }
      await ensureVectorIndex(chunksT, rows, dim);
    });
  }
  if (changes.full && base.manifest) {
    // The previous build's data stays for readers within the grace period; older versions go.
    await guard.stage('cleanup', async () => {
      for (const [table, held] of [
        [chunksT, base.manifest!.tables.chunks],
        [articlesT, base.manifest!.tables.articles],
        [termsT, base.manifest!.tables.terms],
      ] as const)
        await table.optimize({ cleanupOlderThan: await cleanupCutoff(base, table, held) });
    });
  }

  const [articles, chunks] = await Promise.all([articlesT.countRows(), chunksT.countRows()]);
  const manifest: IndexManifest = {
    format: INDEX_FORMAT,
    version: newVersion(),
    builtAt: new Date().toISOString(),
    embedding: changes.embedding,
    articles,
    chunks,
    pipeline: changes.pipeline,
    tables: {
      articles: await articlesT.version(),
      chunks: await chunksT.version(),
      terms: await termsT.version(),
    },
  };
  await guard.stage('commit', async () => {
    await options.beforeCommit?.();
    await writeManifest(base, manifest);
  });
  await dropLegacyTables(db);
  return manifest;
}

/** The swap: one atomic commit (a new version of the one-row manifest table). */
async function writeManifest(base: BuildBase, manifest: IndexManifest): Promise<void> {
  const data = arrow([manifestRow(manifest)], manifestSchema);
  if (base.manifest) {
    try {
      const table = await base.db.openTable(TABLES.manifest);
      await table.add(data, { mode: 'overwrite' });
      // Old manifest versions are never read (readers read the latest): keep the table small.
      await table
        .optimize({ cleanupOlderThan: new Date(Date.now() - READER_GRACE_MS) })
        .catch(() => undefined);
      return;
    } catch {
      // Damaged since the build began: replaced whole below.
    }
  }
  // No manifest, one of an older format, or a damaged one: replaced whole (still one commit).
  await base.db.createTable(TABLES.manifest, data, { mode: 'overwrite' });
}

/** Tables of the per-build layout of format 1 (`articles_v…`, `chunks_v…`). */
async function dropLegacyTables(db: lancedb.Connection): Promise<void> {
  for (const name of await db.tableNames())
    if (/^(?:articles|chunks)_v\d+$/.test(name)) await db.dropTable(name).catch(() => undefined);
}
