/**
 * Articles and term statistics read per request, so that opening the index costs what every request
 * needs and no more. The engine keeps every article's `ArticleMeta` (no text, sections, headings or
 * list members); a request reads the full records it uses (`articles where id IN (...)`, through a
 * bounded LRU cache) and the document frequencies of the terms it weighs (`terms where term IN (...)`).
 *
 * The composers stay synchronous and unaware of this: a request runs in a context (AsyncLocalStorage)
 * that records what it read but had not loaded — an article's text, a term's frequency — and the
 * engine then loads those and runs the request's (deterministic, model-free) step again. The articles
 * of the retrieved passages and the question's terms are loaded before the first round, so most
 * requests need one round; a list question over the whole corpus reads the article it quotes in a second.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../logger.js';
import type { ArticleMeta, IndexReader } from '../store/store.js';
import { glossaryTerms } from '../text/glossary.js';
import { toSimplified } from '../text/script.js';
import { keywords, primaryKeywords } from '../text/segment.js';
import { synonymsOf } from '../text/synonyms.js';
import type { ArticleListSummary } from '../store/schema.js';
import type { ArticleList, ArticleRecord, ArticleStructure, TextSpan } from '../types.js';

/** Full article records kept across requests (each is its text plus structure: tens of KB). */
export const ARTICLE_CACHE_SIZE = 256;
/** Rounds of a request step before it answers with what it has (each round loads what the last missed). */
const MAX_ROUNDS = 4;
/** Longest run of Han characters looked up as one term before a request (compounds like 村民小组活动场所). */
const MAX_TERM_CHARS = 8;

interface RequestReads {
  articles: Map<string, ArticleRecord>;
  df: Map<string, number>;
  missedArticles: Set<string>;
  missedTerms: Set<string>;
}

const requestReads = new AsyncLocalStorage<RequestReads>();

function reads(what: string): RequestReads {
  const r = requestReads.getStore();
  if (!r) throw new Error(`${what} was read outside a request (run it inside inRequest)`);
  return r;
}

/** Full records by id, least recently used dropped first; one per opened index version. */
export class ArticleCache {
  private readonly lru = new Map<string, ArticleRecord>();
  constructor(
    private readonly reader: Pick<IndexReader, 'articlesById'>,
    readonly capacity = ARTICLE_CACHE_SIZE,
  ) {}

  get size(): number {
    return this.lru.size;
  }

  async load(ids: string[]): Promise<ArticleRecord[]> {
    const found: ArticleRecord[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.lru.get(id);
      if (!hit) {
        missing.push(id);
        continue;
      }
      this.lru.delete(id);
      this.lru.set(id, hit);
      found.push(hit);
    }
    if (missing.length === 0) return found;
    const read = await this.reader.articlesById(missing);
    for (const a of read) {
      this.lru.set(a.id, a);
      found.push(a);
    }
    for (const id of this.lru.keys()) {
      if (this.lru.size <= this.capacity) break;
      this.lru.delete(id);
    }
    return found;
  }
}

export interface OnDemandSource {
  reader: Pick<IndexReader, 'documentFrequencies'>;
  cache: ArticleCache;
}

/** The request's full record of an article, or undefined (recorded as missed) while not loaded. */
function loadedRecord(id: string): ArticleRecord | undefined {
  const r = reads(`The text of article ${id}`);
  const loaded = r.articles.get(id);
  if (!loaded) r.missedArticles.add(id);
  return loaded;
}

const EMPTY_SPAN: TextSpan = Object.freeze({ text: '', start: 0, end: 0 });

/**
 * A list as the engine keeps it for every article: name, count, kind and lead at hand; its members
 * from the loaded record. Before the article is loaded, the members' count reads free (list questions
 * compare counts over the corpus) and anything else about them is recorded as missed.
 */
class LazyList implements ArticleList {
  readonly name: string | null;
  readonly count: number | null;
  readonly kind: ArticleList['kind'];
  readonly lead: TextSpan | null;
  constructor(
    private readonly articleId: string,
    private readonly index: number,
    summary: ArticleListSummary,
    private readonly memberCount = summary.memberCount,
  ) {
    this.name = summary.name;
    this.count = summary.count;
    this.kind = summary.kind;
    this.lead = summary.lead;
  }
  get members(): TextSpan[] {
    const loaded = requestReads.getStore()?.articles.get(this.articleId);
    if (loaded) return loaded.structure.lists[this.index]?.members ?? [];
    const placeholder = Array.from({ length: this.memberCount }, () => EMPTY_SPAN);
    const articleId = this.articleId;
    return new Proxy(placeholder, {
      get(target, key, receiver) {
        if (key !== 'length') loadedRecord(articleId);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }
}

class LazyStructure implements ArticleStructure {
  readonly lists: ArticleList[];
  constructor(
    private readonly articleId: string,
    lists: ArticleListSummary[],
  ) {
    this.lists = lists.map((l, i) => new LazyList(articleId, i, l));
  }
  get sections() {
    return loadedRecord(this.articleId)?.structure.sections ?? [];
  }
}

/**
 * An article record for the engine's list of every article: its metadata and lists' names are at hand,
 * its text, headings and sections come from the request's loaded records (empty, and recorded as
 * missed, until loaded). Getters on the prototype: nothing per article beyond the metadata.
 */
class LazyArticle implements ArticleRecord {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly date: string | null;
  readonly published: string | null;
  readonly source: string | null;
  readonly author: string | null;
  readonly script: ArticleRecord['script'];
  readonly region: string[];
  readonly subRegions: string[][];
  readonly contentHash: string;
  readonly structure: ArticleStructure;
  readonly namedPlaces?: string[];
  constructor(meta: ArticleMeta) {
    this.id = meta.id;
    this.file = meta.file;
    this.title = meta.title;
    this.date = meta.date;
    this.published = meta.published ?? null;
    this.source = meta.source;
    this.author = meta.author;
    this.script = meta.script;
    this.region = meta.region;
    this.subRegions = meta.subRegions;
    this.contentHash = meta.contentHash;
    this.structure = new LazyStructure(meta.id, meta.lists);
    if (meta.namedPlaces) this.namedPlaces = meta.namedPlaces;
  }
  get text() {
    return loadedRecord(this.id)?.text ?? '';
  }
  get headings() {
    return loadedRecord(this.id)?.headings ?? [];
  }
}

/** The engine's record of an article before a request loads it (see `LazyArticle`). */
export const lazyArticle = (meta: ArticleMeta): ArticleRecord => new LazyArticle(meta);

/** The request's record of an article: the full one once loaded, else the lazy one. */
export function loadedOr(article: ArticleRecord): ArticleRecord {
  return requestReads.getStore()?.articles.get(article.id) ?? article;
}

/** Document frequencies as the request has loaded them (a term not loaded yet is recorded as missed). */
export const requestFrequencies = {
  get(term: string): number | undefined {
    const r = reads('A term frequency');
    const df = r.df.get(term);
    if (df === undefined) r.missedTerms.add(term);
    return df;
  },
};

/** Loads these articles' full records into the request (cache first). */
export async function loadArticles(source: OnDemandSource, ids: Iterable<string>): Promise<void> {
  const r = reads('An article');
  const wanted = [...new Set(ids)].filter((id) => !r.articles.has(id));
  if (wanted.length === 0) return;
  for (const a of await source.cache.load(wanted)) r.articles.set(a.id, a);
}

/** Loads these terms' document frequencies into the request. */
export async function loadTerms(source: OnDemandSource, terms: Iterable<string>): Promise<void> {
  const r = reads('A term frequency');
  const wanted = [...new Set(terms)].filter((t) => !r.df.has(t));
  if (wanted.length === 0) return;
  for (const [t, df] of await source.reader.documentFrequencies(wanted)) r.df.set(t, df);
}

/**
 * The terms a question can be weighed by: its jieba words, every run of up to eight Han characters
 * (place names, counted entities, compounds), glossary senses of its English words, and their
 * synonyms. Anything else the pipeline asks for is loaded in a further round.
 */
export function questionTerms(question: string): string[] {
  const out = new Set([...keywords(question), ...primaryKeywords(question), ...glossaryTerms(question)]);
  const hans = toSimplified(question.normalize('NFKC'));
  for (const run of hans.match(/\p{Script=Han}+/gu) ?? [])
    for (let i = 0; i < run.length; i++)
      for (let n = 1; n <= MAX_TERM_CHARS && i + n <= run.length; n++) out.add(run.slice(i, i + n));
  for (const t of [...out]) for (const s of synonymsOf(t)) out.add(s);
  return [...out];
}

/** Runs a request (an answer, a summary, an opened passage) with its own loaded articles and terms. */
export function inRequest<T>(fn: () => Promise<T>): Promise<T> {
  return requestReads.run(
    { articles: new Map(), df: new Map(), missedArticles: new Set(), missedTerms: new Set() },
    fn,
  );
}

/**
 * Runs a step of the current request until it reads nothing unloaded: when it read an article or a
 * term that was not loaded, those are loaded and the step runs again (a step that failed on a missing
 * text too). The step must have no effect beyond its result (no model calls).
 */
export async function untilLoaded<T>(
  source: OnDemandSource,
  step: () => Promise<T>,
  logger?: Logger,
): Promise<T> {
  const r = reads('A request step');
  for (let round = 1; ; round++) {
    r.missedArticles.clear();
    r.missedTerms.clear();
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await step() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const missed = r.missedArticles.size > 0 || r.missedTerms.size > 0;
    if (!missed || round === MAX_ROUNDS) {
      if (missed)
        logger?.warn(
          { articles: r.missedArticles.size, terms: r.missedTerms.size },
          'a request still read unloaded data after its last round',
        );
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    }
    logger?.debug(
      { round, articles: r.missedArticles.size, terms: r.missedTerms.size },
      'a request step read unloaded data; loading it and running the step again',
    );
    await Promise.all([loadArticles(source, r.missedArticles), loadTerms(source, r.missedTerms)]);
  }
}
