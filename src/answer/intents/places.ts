/**
 * "Which places / which articles …" questions: the places whose reports carry the evidence, named
 * first, then one cited sentence for each.
 */
import { toSimplified } from '../../text/script.js';
import type { ArticleRecord } from '../../types.js';
import { subjectAt } from '../attribution.js';
import type { SentenceCandidate } from '../extractive.js';
import { answerStrings as S } from '../strings/answers.js';
import { CitationList, inScript, joinNames, type Composer, type IntentContext } from './context.js';
import { topicWords } from './how.js';
import { composeMetadata } from './metadata.js';

const MIN_COVERAGE = 0.34;

/**
 * The level of place a question asks for, as a depth in a region's path (province 0, prefecture 1,
 * county or banner 2, town 3): "which banner" is answered with the banner a sumu lies in.
 */
const LEVELS: readonly [RegExp, number][] = [
  [/哪(?:个|些|一个|几个)?(?:旗|县)(?![委里])|\bwhich (?:banners?|count(?:y|ies))\b/iu, 2],
  [/哪(?:个|些|一个|几个)?(?:乡镇|乡|镇|苏木)(?![委里])|\bwhich (?:towns?|townships?|sumus?)\b/iu, 3],
];

function askedDepth(question: string): number | null {
  const q = toSimplified(question);
  return LEVELS.find(([re]) => re.test(q))?.[1] ?? null;
}

/** The place a sentence is about (its subject, carried from an earlier sentence), else its article's. */
function placeOf(
  ctx: IntentContext,
  article: ArticleRecord,
  c: SentenceCandidate,
  depth: number | null,
): string {
  const subject = subjectAt(ctx.resolver, article, c.start);
  const path = subject && subject.path.length >= article.region.length ? subject.path : article.region;
  // (A place below the level asked is named by the place at that level it lies in.)
  if (depth !== null && path.length > depth + 1) return path[depth]!;
  return path.at(-1) ?? article.title;
}

export const composePlaces: Composer = (ctx) => {
  // "有没有讲西藏的?是哪篇?": a place and nothing asked about it: the articles on that place.
  if (ctx.scope.articleIds && ctx.scope.articleIds.length > 0 && topicWords(ctx).length === 0)
    return composeMetadata({ ...ctx, intent: { ...ctx.intent, fields: ['title', 'date', 'source'] } });
  const inScope = (c: SentenceCandidate) =>
    !ctx.scope.articleIds || ctx.scope.articleIds.includes(c.articleId);
  // An English question that writes a Chinese term (border ports (口岸)) asks where that term is.
  const written =
    ctx.script === 'en' ? (toSimplified(ctx.evidence.withoutPlaces).match(/\p{Script=Han}{2,}/gu) ?? []) : [];
  const writes = (c: SentenceCandidate) =>
    written.length === 0 || written.some((w) => toSimplified(c.text).includes(w));
  const ranked = ctx.evidence.ranked.filter((c) => inScope(c) && writes(c));
  const best = ranked[0];
  // (A sentence that writes the term asked is evidence whatever the share of the other words.)
  const bar = written.length > 0 ? 0 : MIN_COVERAGE;
  if (!best || best.coverage < bar) return null;
  const chosen = ranked.filter((c) => c.coverage >= Math.max(bar, best.coverage * 0.6)).slice(0, 6);
  const byPlace = new Map<string, SentenceCandidate[]>();
  const depth = askedDepth(ctx.question);
  for (const c of chosen) {
    const place = placeOf(ctx, ctx.snapshot.byId.get(c.articleId)!, c, depth);
    byPlace.set(place, [...(byPlace.get(place) ?? []), c]);
  }
  const { script } = ctx;
  const cites = new CitationList(script);
  const names = [...byPlace.keys()].map((p) => inScript(p, script));
  const lines = [S.t(script, 'placesLead', joinNames(names, script))];
  [...byPlace.values()].forEach((cs, i) => {
    const quotes = cs
      .slice(0, 2)
      .map((c) =>
        cites.quote(ctx.snapshot.byId.get(c.articleId)!, { text: c.text, start: c.start, end: c.end }),
      );
    lines.push(`${i + 1}. ${names[i]}${script === 'en' ? ': ' : '：'}${quotes.join(' ')}`);
  });
  return { answer: lines.join('\n'), citations: cites.citations };
};
