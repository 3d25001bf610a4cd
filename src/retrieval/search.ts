/**
 * Retrieval: full-text search on the jieba column, fused with vector search by LanceDB's RRF
 * reranker when the index has vectors; scoped to a set of articles when the question names a region,
 * falling back to the whole corpus when the scope finds nothing. Overlapping chunks are de-duplicated.
 */
import type { ChunkRecord } from '../types.js';
import type { Embedder } from './embedder.js';
import type { IndexReader, SearchHit, SearchScope } from '../store/store.js';

export interface RetrieveRequest {
  /** The question as asked (embedded with the e5 `query:` prefix). */
  text: string;
  /** Search terms (Simplified jieba tokens, function words removed). */
  terms: string[];
  k: number;
  /**
   * Article ids to search within, or a region path (one `where` on the chunks' region keys,
   * served by their label-list index); undefined for the whole corpus.
   */
  scope?: SearchScope;
}

export interface RetrieveResult {
  hits: SearchHit[];
  /** True when the scope found nothing and the whole corpus was searched instead. */
  scopeDropped: boolean;
  embedMs: number;
  searchMs: number;
}

/** Share of a chunk's span already covered by chunks ranked above it. */
function coveredShare(chunk: ChunkRecord, kept: ChunkRecord[]): number {
  let covered = 0;
  for (const other of kept) {
    if (other.articleId !== chunk.articleId) continue;
    covered += Math.max(0, Math.min(chunk.end, other.end) - Math.max(chunk.start, other.start));
  }
  return covered / Math.max(1, chunk.end - chunk.start);
}

/** Keeps the best-ranked of overlapping chunks: a chunk mostly inside higher-ranked ones is dropped. */
export function dedupeHits(hits: SearchHit[], k: number): SearchHit[] {
  const kept: SearchHit[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (seen.has(hit.chunk.id)) continue;
    seen.add(hit.chunk.id);
    if (
      coveredShare(
        hit.chunk,
        kept.map((h) => h.chunk),
      ) > 0.5
    )
      continue;
    kept.push(hit);
    if (kept.length >= k) break;
  }
  return kept;
}

// The full-text query language treats some characters as syntax; the index holds only word tokens.
const searchable = (terms: string[]) => terms.filter((t) => /^[\p{L}\p{N}]+$/u.test(t)).join(' ');

export async function retrieve(
  reader: IndexReader,
  embedder: Embedder | null,
  request: RetrieveRequest,
): Promise<RetrieveResult> {
  const tokens = searchable(request.terms);
  const pool = request.k * 3;
  let embedMs = 0;
  let vector: number[] | null = null;
  if (embedder && reader.manifest.embedding) {
    const t = performance.now();
    vector = await embedder.embedQuery(request.text);
    embedMs = performance.now() - t;
  }
  const t0 = performance.now();
  const run = (scope?: SearchScope) => {
    if (vector) return reader.hybrid(tokens, vector, pool, scope);
    return tokens ? reader.fullText(tokens, pool, scope) : Promise.resolve([]);
  };
  let hits = await run(request.scope);
  let scopeDropped = false;
  if (hits.length === 0 && request.scope) {
    hits = await run(undefined);
    scopeDropped = true;
  }
  return { hits: dedupeHits(hits, request.k), scopeDropped, embedMs, searchMs: performance.now() - t0 };
}
