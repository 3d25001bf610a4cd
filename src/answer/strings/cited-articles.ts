/**
 * Citations grouped by the article they quote, for source lists that name each article once with its
 * cited passages under it, and the short labels of source buttons. Presentation only: the
 * citations themselves (numbers, spans) are the engine's.
 */
import type { Citation } from '../types.js';

export interface CitedArticle {
  articleId: string;
  title: string;
  date: string | null;
  source: string | null;
  author: string | null;
  region: string[];
  /** This article's citations, in the order of their numbers. */
  citations: Citation[];
}

/** The cited articles in the order of their first citation number, each with its citations. */
export function groupByArticle(citations: readonly Citation[]): CitedArticle[] {
  const byId = new Map<string, CitedArticle>();
  for (const c of [...citations].sort((a, b) => a.n - b.n)) {
    let group = byId.get(c.articleId);
    if (!group) {
      group = {
        articleId: c.articleId,
        title: c.title,
        date: c.date,
        source: c.source,
        author: c.author,
        region: c.region,
        citations: [],
      };
      byId.set(c.articleId, group);
    }
    group.citations.push(c);
  }
  return [...byId.values()];
}

/** `title · date · outlet`, skipping what the article does not state (not escaped). */
export function articleLine(a: { title: string; date: string | null; source: string | null }): string {
  return [a.title, a.date, a.source]
    .filter((x): x is string => typeof x === 'string' && x.length > 0)
    .join(' · ');
}

const MAX_LABEL = 12;

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A short label per citation for buttons: `[n] place`, the place being the most specific region of
 * the article (勐腊县, 小中甸镇). When two cited articles share that place, or an article has no
 * region, the shortened title tells them apart instead.
 */
export function citationLabels(citations: readonly Citation[]): string[] {
  const placeOf = (c: Citation) => c.region[c.region.length - 1] ?? '';
  const articlesPerPlace = new Map<string, Set<string>>();
  for (const c of citations) {
    const place = placeOf(c);
    const ids = articlesPerPlace.get(place) ?? new Set<string>();
    ids.add(c.articleId);
    articlesPerPlace.set(place, ids);
  }
  return citations.map((c) => {
    const place = placeOf(c);
    const unique = place !== '' && articlesPerPlace.get(place)!.size === 1;
    return `[${c.n}] ${shorten(unique ? place : c.title, MAX_LABEL)}`;
  });
}
