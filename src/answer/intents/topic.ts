/**
 * How a place handled one topic (how it pressed responsibility down, how it settles disputes): the
 * measures are in the passage around the sentence that names the topic, not in that sentence alone.
 * The best sentence is widened to the enumeration it belongs to (一是…二是…三是…: its members), or
 * else to the sentences of its paragraph (the concrete steps that follow an opening line).
 */
import { subjectAt } from '../attribution.js';
import { focusSentence, type SentenceCandidate } from '../extractive.js';
import { bareName, under } from '../snapshot.js';
import { toSimplified } from '../../text/script.js';
import { splitSentences } from '../../text/sentences.js';
import type { ArticleList, ArticleRecord, TextSpan } from '../../types.js';
import type { IntentContext } from './context.js';

/** Enumerations whose members are steps of one measure (not the article's headings or quoted terms). */
const STEP_KINDS = new Set<ArticleList['kind']>(['ordinal', 'paren', 'numeric']);
const MAX_SENTENCES = 4;
const MAX_CHARS = 120;
const DETAIL_CHARS = 90;

export interface TopicPoint {
  article: ArticleRecord;
  span: TextSpan;
  /** An enumeration's member (quoted whole), with the sentence that follows it, if any. */
  member: boolean;
  detail: TextSpan | null;
}

/** The paragraph (of the article's structure) holding an offset. */
function paragraphAt(article: ArticleRecord, at: number): { start: number; end: number } | null {
  for (const s of article.structure?.sections ?? [])
    for (const p of s.paragraphs) if (p.start <= at && at < p.end) return p;
  return null;
}

function placeWord(ctx: IntentContext, t: string): boolean {
  return ctx.scope.regions.some((r) => r.name.includes(t) || t.includes(bareName(r.name)));
}

function namesPoint(article: ArticleRecord, s: TextSpan): boolean {
  return (article.structure?.lists ?? []).some((l) =>
    [l.lead, ...l.members].some(
      (m) => m !== null && m.start >= s.start && m.end <= s.end && s.text.length < 30,
    ),
  );
}

function isHeading(article: ArticleRecord, at: number): boolean {
  return (article.structure?.sections ?? []).some(
    (s) => s.heading !== null && s.heading.start <= at && at < s.heading.end,
  );
}

/** The smallest step enumeration whose lead or members' paragraphs hold the offset. */
function enumerationAt(article: ArticleRecord, at: number): ArticleList | null {
  let best: { list: ArticleList; size: number } | null = null;
  for (const list of article.structure?.lists ?? []) {
    if (!STEP_KINDS.has(list.kind) || list.members.length < 2) continue;
    const first = list.lead?.start ?? list.members[0]!.start;
    const last = list.members.at(-1)!;
    const end = paragraphAt(article, last.start)?.end ?? last.end;
    if (at < first || at >= end) continue;
    const size = end - first;
    if (!best || size < best.size) best = { list, size };
  }
  return best?.list ?? null;
}

/**
 * The passage that answers a topical how-question in one place's articles: the best sentence
 * about the topic (of that place, when it lies inside an article's region), widened.
 */
export function topicPassage(
  ctx: IntentContext,
  ranked: SentenceCandidate[],
  placePath: string[] | null,
  minCoverage: number,
  max = MAX_SENTENCES,
): TopicPoint[] {
  const own = (c: SentenceCandidate) => {
    if (!placePath) return true;
    const article = ctx.snapshot.byId.get(c.articleId)!;
    if (placePath.length <= article.region.length) return under(article.region, placePath);
    const subject = subjectAt(ctx.resolver, article, c.start);
    return subject !== null && under(subject.path, placePath);
  };
  // A heading names the topic without its steps; a paragraph of someone's words (“…”,某某介绍)
  // is testimony: neither opens the passage.
  const usable = (c: SentenceCandidate) => {
    const article = ctx.snapshot.byId.get(c.articleId)!;
    if (isHeading(article, c.start)) return false;
    const p = paragraphAt(article, c.start);
    return !p || !/^\s*[“「『"]/u.test(article.text.slice(p.start, p.start + 4));
  };
  const best = ranked.find((c) => c.coverage >= minCoverage && c.start > 0 && own(c) && usable(c));
  if (!best) return [];
  const article = ctx.snapshot.byId.get(best.articleId)!;
  // The whole enumeration when its lead names the topic (抓责任落实 for 责任); a sentence inside one
  // member of a list on something wider (强村富民工程 of 四个工程) answers with its own paragraph.
  const list = enumerationAt(article, best.start);
  const leadNames =
    list?.lead &&
    ctx.evidence.scoringTerms.some(
      (t) => [...t].length >= 2 && toSimplified(list.lead!.text).includes(t) && !placeWord(ctx, t),
    );
  if (list && leadNames) {
    // Each member with the sentence that follows it (its first step), when it has one.
    const points: TopicPoint[] = [];
    for (const m of list.members.slice(0, 6)) {
      const p = paragraphAt(article, m.start);
      const rest = p ? article.text.slice(m.end, p.end) : '';
      const next = splitSentences(rest).find((x) => /\p{Script=Han}{6}/u.test(x.text));
      const c = next && { ...best, text: next.text, start: m.end + next.start, end: m.end + next.end };
      const detail = c
        ? focusSentence(c, ctx.evidence.scoringTerms, DETAIL_CHARS, ctx.question, ctx.evidence.weight)
        : null;
      points.push({ article, span: m, member: true, detail });
    }
    return points;
  }
  const paragraph = paragraphAt(article, best.start);
  const point = (c: SentenceCandidate): TopicPoint => ({
    article: ctx.snapshot.byId.get(c.articleId)!,
    span: focusSentence(c, ctx.evidence.scoringTerms, MAX_CHARS, ctx.question, ctx.evidence.weight),
    member: false,
    detail: null,
  });
  if (!paragraph) return [point(best)];
  const sentences = splitSentences(article.text.slice(paragraph.start, paragraph.end))
    .map((s) => ({
      ...best,
      text: s.text,
      start: paragraph.start + s.start,
      end: paragraph.start + s.end,
    }))
    .filter((s) => s.text.trim().length >= 6 && own(s))
    // A list's lead or member line (四是实施“强村富民工程”) names a point; it is no step of this one.
    .filter((s) => s.start === best.start || !namesPoint(article, s));
  const at = sentences.findIndex((s) => s.start <= best.start && best.start < s.end);
  // The paragraph's opening line, the best sentence, and the steps right after it, in reading order.
  // The best sentence, the steps right after it, then the lines before it, shown in reading order.
  const chosen = new Set<number>([Math.max(0, at)]);
  for (let i = Math.max(0, at) + 1; i < sentences.length && chosen.size < max; i++) chosen.add(i);
  for (let i = Math.max(0, at) - 1; i >= 0 && chosen.size < max; i--) chosen.add(i);
  const points = [...chosen]
    .sort((a, b) => a - b)
    .map((i) => sentences[i])
    .filter((s): s is NonNullable<typeof s> => s !== undefined)
    .map(point);
  // A one-sentence paragraph: the next sentences that answer as well, from elsewhere in the place's
  // articles.
  if (points.length === 1)
    for (const c of ranked) {
      if (points.length >= Math.min(3, max) || c.score < best.score * 0.6) break;
      // (Someone's words may add to it here; a heading may not.)
      const heading = isHeading(ctx.snapshot.byId.get(c.articleId)!, c.start);
      if (c === best || c.start === 0 || !own(c) || heading || c.coverage < minCoverage) continue;
      points.push(point(c));
    }
  return points;
}

/** Words that end a topic phrase after a conjunction (…活动场所是怎么保障的, …保障上各自怎么做). */
const TOPIC_END = /是|上|方面|怎|如何|有|各自|分别|的做法|采取|做/u;

/**
 * The aspects of a topic asked about together (党建工作经费和村级活动场所, 村干部待遇、党建经费保障):
 * each is searched on its own, so one aspect's sentence does not crowd out the other's. The text is
 * the question without its place names.
 */
export function topicAspects(withoutPlaces: string): string[] {
  const hans = toSimplified(withoutPlaces);
  const m = /(\p{Script=Han}{2,12})(?:和|、|及|与|以及)(\p{Script=Han}{2,14})/u.exec(hans);
  if (!m) return [];
  const left = m[1]!.replace(/^.*[的在对把]/u, '');
  const cut = TOPIC_END.exec(m[2]!);
  const right = cut ? m[2]!.slice(0, cut.index) : m[2]!;
  return left.length >= 2 && right.length >= 2 ? [left, right] : [];
}
