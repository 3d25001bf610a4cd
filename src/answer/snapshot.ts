/**
 * One open index as the answer pipeline sees it (articles, term statistics, the embedder), and the
 * places a question is scoped to.
 */
import type { Region, RegionMention, RegionResolver } from '../regions/regions.js';
import type { Embedder } from '../retrieval/embedder.js';
import { townBare } from '../regions/named-places.js';
import { REGION_KEY_SEPARATOR } from '../store/schema.js';
import type { IndexReader, SearchScope } from '../store/store.js';
import { detectScript, toSimplified } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import type { ArticleSummary, CoveredRegion } from './types.js';

export interface Snapshot {
  reader: IndexReader;
  /** Every article; in the engine, the text of those a request did not load reads as missed (`on-demand.ts`). */
  articles: ArticleRecord[];
  byId: Pick<ReadonlyMap<string, ArticleRecord>, 'get'>;
  /** Document frequency of an index token, over chunks (in the engine, of the tokens a request loaded). */
  df: Pick<ReadonlyMap<string, number>, 'get'>;
  chunkCount: number;
  embedder: Embedder | null;
}

export interface Scope {
  regions: Region[];
  mentions: RegionMention[];
  /** Articles about the places named (undefined: no place named, or none covered). */
  articleIds?: string[];
  /**
   * The same articles as one search filter: the region (`regionKeys`, label-list index) when they
   * are exactly the articles about one named place, else the ids (btree on `articleId`).
   */
  search?: SearchScope;
  /** The most specific places named (瑞丽市 in 云南瑞丽市) that the corpus does not cover. */
  uncovered: Region[];
  /** The most specific places named. */
  targets: Region[];
}

/** True when `path` lies at or under `ancestor`. */
export const under = (path: string[], ancestor: string[]) =>
  ancestor.length <= path.length && ancestor.every((p, i) => path[i] === p);

const simplified = new WeakMap<ArticleRecord, string>();

/** An article's text in Simplified, converted once per record (a Traditional report is matched often). */
export function simplifiedText(article: ArticleRecord): string {
  let text = simplified.get(article);
  if (text === undefined) {
    text = toSimplified(article.text);
    simplified.set(article, text);
  }
  return text;
}

/** A place name without its administrative suffix (勐腊县 → 勐腊), for matching in running text. */
export const bareName = (name: string) =>
  name.replace(/(特别行政区|自治区|自治州|自治县|地区|省|市|县|区|旗|镇|乡|街道|苏木|嘎查|村)$/u, '');

/** Articles whose primary region or sub-regions lie in the region, or which cover it and name it. */
export function articlesIn(region: Region, articles: ArticleRecord[]): ArticleRecord[] {
  const key = region.path.join(REGION_KEY_SEPARATOR);
  return articles.filter((a) => {
    if (under(a.region, region.path) || a.subRegions.some((s) => under(s, region.path))) return true;
    // A place below the article's region that the article itself names (a town of its county).
    if (a.region.length === 0 || !under(region.path, a.region)) return false;
    return a.namedPlaces ? a.namedPlaces.includes(key) : toSimplified(a.text).includes(townBare(region.name));
  });
}

export function coveredTree(articles: ArticleRecord[]): CoveredRegion[] {
  const roots: CoveredRegion[] = [];
  const add = (path: string[], articleId: string) => {
    let level = roots;
    path.forEach((name, i) => {
      let node = level.find((n) => n.name === name);
      if (!node) {
        node = { name, path: path.slice(0, i + 1), articleIds: [], children: [] };
        level.push(node);
      }
      if (!node.articleIds.includes(articleId)) node.articleIds.push(articleId);
      level = node.children;
    });
  };
  for (const a of articles)
    for (const path of [a.region, ...a.subRegions]) if (path.length > 0) add(path, a.id);
  return roots;
}

export const summaryOf = (a: ArticleRecord): ArticleSummary => ({
  articleId: a.id,
  title: a.title,
  date: a.date,
  source: a.source,
  region: a.region,
});

export const coveredNames = (articles: ArticleRecord[]) => {
  const seen = new Set<string>();
  for (const a of articles) if (a.region.length) seen.add(a.region.join(''));
  return [...seen];
};

/**
 * Places an English question names by a capitalised word the mention scanner does not know in
 * that form ("Xiaozhongdian's"): resolved as names, kept only when the corpus covers them.
 */
function englishPlaceWords(
  resolver: RegionResolver,
  text: string,
  articles: ArticleRecord[],
): RegionMention[] {
  const out: RegionMention[] = [];
  for (const m of text.matchAll(/\b[A-Z][a-z]{3,}(?:[ -][A-Z][a-z]+)*(?:'s)?/gu)) {
    const word = m[0].replace(/'s$/u, '');
    const region = resolver.resolve(word).find((r) => articlesIn(r, articles).length > 0);
    if (region) out.push({ region, text: word, index: m.index });
  }
  return out;
}

/** Regions the question names, and the articles they cover. */
export function scopeOf(resolver: RegionResolver, articles: ArticleRecord[], text: string): Scope {
  // The gazetteer is Simplified: a Traditional question (小中甸鎮) is scanned in Simplified, and each
  // mention keeps the words as the asker wrote them (OpenCC keeps lengths for place names).
  const hans = toSimplified(text);
  let mentions =
    hans.length === text.length
      ? resolver.findMentions(hans).map((m) => ({ ...m, text: text.slice(m.index, m.index + m.text.length) }))
      : resolver.findMentions(text);
  if (mentions.length === 0 && detectScript(text) === 'en')
    mentions = englishPlaceWords(resolver, text, articles);
  const regions = mentions.map((m) => m.region);
  // "云南瑞丽市" asks about 瑞丽市: a place that contains another named place only locates it.
  const targets = regions.filter(
    (r, i) =>
      regions.findIndex((o) => o.code === r.code) === i &&
      !regions.some((o) => o !== r && o.path.length > r.path.length && under(o.path, r.path)),
  );
  if (targets.length === 0) return { regions, mentions, uncovered: [], targets };
  const ids = new Set<string>();
  const uncovered: Region[] = [];
  // Whether every article found is about a place named (its regionKeys hold it), not only naming a
  // town of its own region: then the region filter finds exactly these articles.
  let byRegionKeys = true;
  for (const r of targets) {
    const found = articlesIn(r, articles);
    if (found.length === 0) uncovered.push(r);
    for (const a of found) {
      ids.add(a.id);
      if (!under(a.region, r.path) && !a.subRegions.some((s) => under(s, r.path))) byRegionKeys = false;
    }
  }
  if (ids.size === 0) return { regions, mentions, uncovered, targets };
  const covered = targets.filter((r) => !uncovered.includes(r));
  const search: SearchScope = byRegionKeys && covered.length === 1 ? { region: covered[0]!.path } : [...ids];
  return { regions, mentions, articleIds: [...ids], search, uncovered, targets };
}
