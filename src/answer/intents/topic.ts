/**
 * How a place handled one topic (how it pressed responsibility down, how it settles disputes): the
 * measures are in the passage around the sentence that names the topic, not in that sentence alone.
 * The best sentence is widened to the enumeration it belongs to (一是…二是…三是…: its members), or
 * else to the sentences of its paragraph (the concrete steps that follow an opening line).
 */
import { sentencesAbout, subjectAt } from '../attribution.js';
import { onTopic } from '../evidence.js';
import { focusSentence, type SentenceCandidate } from '../extractive.js';
import { bareName, under } from '../snapshot.js';
import { toSimplified } from '../../text/script.js';
import { jiebaInstance } from '../../text/segment.js';
import { splitSentences } from '../../text/sentences.js';
import type { ArticleList, ArticleRecord, TextSpan } from '../../types.js';
import type { IntentContext } from './context.js';

/** Enumerations whose members are steps of one measure (not the article's headings or quoted terms). */
const STEP_KINDS = new Set<ArticleList['kind']>(['ordinal', 'paren', 'numeric']);
const MAX_SENTENCES = 4;
const MAX_CHARS = 120;

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

/** The most members of an enumeration quoted as a passage. */
const MAX_MEMBERS = 6;

/** A sentence this short with nothing of the topic is the lead of another point. */
const NEW_POINT_CHARS = 16;
/** How many sentences after an opening sentence make its passage. */
const PASSAGE_SENTENCES = 3;

/**
 * The sentence that opens the passage most about the topic: its own coverage plus half that of
 * the sentences that follow it in its paragraph. A how-question asks for a passage, and the one
 * sentence that repeats the question's words (严格落实党员教育培训经费) often opens a passage about
 * something else, while the steps (三级联动培训网络、流动党校、远程教育) each match a little.
 */
function densestPassage(
  ctx: IntentContext,
  eligible: SentenceCandidate[],
  ranked: SentenceCandidate[],
  minCoverage: number,
): SentenceCandidate | undefined {
  const coverage = new Map(ranked.map((r) => [`${r.articleId}:${r.start}`, ownCoverage(ctx, r)]));
  let best: { c: SentenceCandidate; score: number } | undefined;
  for (const c of eligible) {
    const article = ctx.snapshot.byId.get(c.articleId)!;
    const p = paragraphAt(article, c.start) ?? { start: c.start, end: c.end };
    const next = splitSentences(article.text.slice(p.start, p.end))
      .map((s) => p.start + s.start)
      .filter((start) => start > c.start)
      .slice(0, PASSAGE_SENTENCES);
    // A sentence that introduces enumerated steps (抓责任落实,传导压力。一是…二是…) is what a
    // how-question asks for.
    const lead = enumerationAt(article, c.start)?.lead;
    const introduces = lead != null && lead.start <= c.start && c.start < lead.end;
    const own = ownCoverage(ctx, c) * (introduces ? LEAD_BONUS : 1);
    const steps = next.reduce((sum, start) => sum + (coverage.get(`${c.articleId}:${start}`) ?? 0), 0);
    // The passage qualifies on what it carries in all; among those, the opener that is most about
    // the topic itself wins, its steps tipping the balance.
    if (own + steps / 2 < minCoverage) continue;
    const score = own + FOLLOWING_WEIGHT * steps;
    if (!best || score > best.score) best = { c, score };
  }
  return best?.c;
}

/** The share of the topic a paragraph's lead must carry to make the paragraph the topic's own. */
const LEAD_COVERAGE = 0.5;
/** What the steps after an opening sentence add to its rank, per unit of their coverage. */
const FOLLOWING_WEIGHT = 0.25;
/** How much more an opener that introduces an enumeration of steps weighs. */
const LEAD_BONUS = 1.5;
/**
 * The shortest run of the question's own words that names a topic of several words (党员教育培训);
 * one word followed by a noun (矛盾纠纷排查) is ordinary compounding, not another subject.
 */
const TOPIC_RUN = 6;

/**
 * A sentence's coverage, halved when it has the question's topic only as the qualifier of
 * another thing (党员教育培训经费 for 党员教育培训: it is about the money, not the training).
 */
function ownCoverage(ctx: IntentContext, c: SentenceCandidate): number {
  const hans = toSimplified(c.text);
  const asked = toSimplified(ctx.question);
  const run = longestCommonRun(hans, asked);
  if (run.length < TOPIC_RUN) return c.coverage;
  // (Only when the run is all it has of the question: 整顿…软弱涣散 beside 村(居)党组织建设 is about it.)
  const runText = hans.slice(run.end - run.length, run.end);
  if (c.matched.some((m) => !runText.includes(m))) return c.coverage;
  const after = hans.slice(run.end, run.end + 4);
  const head = jiebaInstance().tag(after)[0];
  const qualifies =
    head !== undefined &&
    /^(?:n|vn)/u.test(head.tag) &&
    [...head.word].length >= 2 &&
    !asked.includes(head.word);
  return qualifies ? c.coverage / 2 : c.coverage;
}

/** The longest run of characters that `a` and `b` share, with where it ends in `a`. */
function longestCommonRun(a: string, b: string): { length: number; end: number } {
  let best = { length: 0, end: 0 };
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      row[j] = previous[j - 1]! + 1;
      if (row[j]! > best.length) best = { length: row[j]!, end: i };
    }
    previous = row;
  }
  return best;
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
  options: PassageOptions = {},
): TopicPoint[] {
  const points = passageOf(ctx, ranked, placePath, minCoverage, max, options.fromLead ?? true);
  const article = points[0]?.article;
  if (!article || !placePath || placePath.length <= article.region.length || points.length >= max)
    return points;
  // A place inside the report's region (满洲里 in the Hulunbuir report) has a few sentences of its
  // own, spread over the report's sections: those after the passage say what else it did there.
  const overlaps = (s: TextSpan) =>
    points.some((p) => p.article === article && s.start < p.span.end && p.span.start < s.end);
  // (Only those that carry some of the topic: 军地联防 is no answer on 集体经济.)
  const carrying = new Set(
    ranked.filter((c) => c.coverage > 0 && c.articleId === article.id).map((c) => c.start),
  );
  for (const s of sentencesAbout(ctx.resolver, article, placePath)) {
    if (points.length >= max) break;
    if (s.start === 0 || overlaps(s) || isHeading(article, s.start) || !carrying.has(s.start)) continue;
    points.push({ article, span: s, member: false, detail: null });
  }
  return points;
}

export interface PassageOptions {
  /**
   * Whether a paragraph whose lead names the topic is read from its first step (default). An
   * aspect of a topic of two takes only the first few lines of its passage: it keeps the lines
   * around its best sentence instead.
   */
  fromLead?: boolean;
}

function passageOf(
  ctx: IntentContext,
  ranked: SentenceCandidate[],
  placePath: string[] | null,
  minCoverage: number,
  max: number,
  fromLead: boolean,
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
  // A passage may open with a sentence that carries half the share, when the steps after it carry the rest.
  // (Below the share, only a sentence on a topic the corpus has: 发展旅游业 finds no passage in 发展 alone.)
  const eligible = ranked.filter(
    (c) =>
      (c.coverage >= minCoverage || (c.coverage >= minCoverage / 2 && onTopic(ctx.evidence, c))) &&
      c.start > 0 &&
      own(c) &&
      usable(c),
  );
  const best =
    densestPassage(ctx, eligible, ranked, minCoverage) ?? underHeading(ctx, ranked, minCoverage, own);
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
  // (So is one whose every member carries the topic, under a lead that words it apart: 强化“双推进”
  // over 一是坚持党建扶贫同安排同部署、二是…同推进同考核 for 党建和脱贫攻坚捆在一起.)
  const memberCarries = (m: TextSpan) =>
    ranked.some((r) => r.articleId === article.id && r.coverage > 0 && r.start < m.end && m.start < r.end);
  const everyMember =
    list !== null && list.members.length <= MAX_MEMBERS && list.members.every(memberCarries);
  if (list && (leadNames || everyMember)) {
    // Each member with the sentence that follows it (its first step), when it has one.
    const points: TopicPoint[] = [];
    for (const m of list.members.slice(0, MAX_MEMBERS)) {
      const p = paragraphAt(article, m.start);
      const rest = p ? article.text.slice(m.end, p.end) : '';
      // (The whole sentence, to its 。: a step's measures run on past its ；.)
      const next = wholeSentences(rest).find((x) => /\p{Script=Han}{6}/u.test(x.text));
      const c = next && { ...best, text: next.text, start: m.end + next.start, end: m.end + next.end };
      const detail = c
        ? focusSentence(c, ctx.evidence.scoringTerms, STEP_DETAIL_CHARS, ctx.question, ctx.evidence.weight)
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
    .filter((s) => s.text.trim().length >= 6 && own(s));
  const at = sentences.findIndex((s) => s.start <= best.start && best.start < s.end);
  // The best sentence, the steps right after it, then the lines before it, shown in reading order.
  // A short line off the topic after it (积极抓好经费保障落实。) opens the next point: the steps end there.
  const covered = new Set(ranked.filter((r) => r.coverage > 0).map((r) => `${r.articleId}:${r.start}`));
  // (So does a list's lead or member line, 四是实施“强村富民工程”: it is no step of this one.)
  const newPoint = (s: SentenceCandidate) =>
    s.start !== best.start &&
    (namesPoint(article, s) ||
      (s.text.length <= NEW_POINT_CHARS && !/\d/u.test(s.text) && !covered.has(`${s.articleId}:${s.start}`)));
  const from = Math.max(0, at);
  let hi = from;
  while (hi + 1 < sentences.length && !newPoint(sentences[hi + 1]!)) hi++;
  let lo = from;
  while (lo - 1 >= 0 && !namesPoint(article, sentences[lo - 1]!)) lo--;
  const coverageOf = new Map(ranked.map((r) => [`${r.articleId}:${r.start}`, r.coverage]));
  // A paragraph whose lead names the topic (抓实信念教育…增强国门、国防意识) is the topic's own: its
  // steps are read from the first, not from wherever the best-matching one sits.
  const lead = sentences[lo - 1];
  const leadNamesTopic =
    fromLead &&
    lead !== undefined &&
    from - lo < max &&
    (coverageOf.get(`${lead.articleId}:${lead.start}`) ?? 0) >= Math.max(minCoverage, LEAD_COVERAGE);
  const window = leadNamesTopic
    ? Array.from({ length: Math.min(max, hi - lo + 1) }, (_, k) => lo + k)
    : passageWindow(
        sentences.map((x) => coverageOf.get(`${x.articleId}:${x.start}`) ?? 0),
        from,
        lo,
        hi,
        max,
      );
  const points = window
    .map((i) => sentences[i])
    .filter((s): s is NonNullable<typeof s> => s !== undefined)
    .map(point);
  // The passage ran to its paragraph's end with room left: a section under a heading is one topic
  // (立足实际强产业), so its next paragraph goes on with it (目前…以高原油菜…马铃薯…牦牛…为龙头).
  // (A one-sentence paragraph is no passage to go on with: the best sentences elsewhere follow it.)
  if (points.length > 1 && points.length < max && window.at(-1) === sentences.length - 1)
    for (const next of sectionContinuation(article, paragraph, max - points.length)) {
      const c = { ...best, text: next.text, start: next.start, end: next.end };
      if (!own(c) || namesPoint(article, c)) break;
      points.push(point(c));
    }
  // A sentence elsewhere that answers as well as the best joins the passage, in place of a line with
  // nothing of the topic when it is full (a report's honours are in several paragraphs; a county's
  // models of work in several sentences).
  for (const c of ranked) {
    if (c === best || c.start === 0 || c.coverage < best.coverage || c.score < best.score * RIVAL_SHARE)
      continue;
    const shown = points.some(
      (p) => p.article.id === c.articleId && c.start < p.span.end && p.span.start < c.end,
    );
    if (shown || !own(c) || isHeading(ctx.snapshot.byId.get(c.articleId)!, c.start)) continue;
    if (points.length < max) {
      points.push(point(c));
      continue;
    }
    const filler = points.findLastIndex(
      (p) =>
        !ranked.some(
          (r) =>
            r.coverage > 0 && r.articleId === p.article.id && r.start < p.span.end && p.span.start < r.end,
        ),
    );
    if (filler === -1) break;
    points.splice(filler, 1);
    points.push(point(c));
  }
  // A one-sentence paragraph: the next sentences that answer as well, from elsewhere in the place's
  // articles.
  // So does a passage of two lines (the topic is also the point of another paragraph).
  if (points.length <= 2)
    for (const c of ranked) {
      if (points.length >= Math.min(3, max) || c.score < best.score * 0.6) break;
      // (Someone's words may add to it here; a heading may not.)
      const heading = isHeading(ctx.snapshot.byId.get(c.articleId)!, c.start);
      const shown = points.some(
        (p) => p.article.id === c.articleId && c.start < p.span.end && p.span.start < c.end,
      );
      if (c === best || shown || c.start === 0 || !own(c) || heading || c.coverage < minCoverage) continue;
      points.push(withStep(ctx, point(c), c));
    }
  return points;
}

/** How near the best sentence's score a sentence outside its passage must come to replace a line. */
const RIVAL_SHARE = 0.85;

/**
 * When no sentence of the text carries the topic but a section heading does (立足实际强产业 for
 * 特色产业): the section's first sentence, which opens the passage under it.
 */
function underHeading(
  ctx: IntentContext,
  ranked: SentenceCandidate[],
  minCoverage: number,
  own: (c: SentenceCandidate) => boolean,
): SentenceCandidate | undefined {
  for (const h of ranked) {
    if (h.coverage < minCoverage || !own(h)) continue;
    const article = ctx.snapshot.byId.get(h.articleId)!;
    const section = (article.structure?.sections ?? []).find(
      (s) => s.heading !== null && s.heading.start <= h.start && h.start < s.heading.end,
    );
    const paragraph = section?.paragraphs.find((p) => p.start >= section.heading!.end);
    if (!paragraph) continue;
    const first = splitSentences(article.text.slice(paragraph.start, paragraph.end)).find(
      (x) => x.text.trim().length >= 6,
    );
    if (!first) continue;
    const c = {
      ...h,
      text: first.text,
      start: paragraph.start + first.start,
      end: paragraph.start + first.end,
    };
    if (own(c)) return c;
  }
  return undefined;
}

/** A step's opening line alone (二是坚持党建扶贫同推进同考核。): what it did is in the next sentence. */
const STEP_OPENER =
  /^\s*(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十][)）]|\d+[.、．])[^。；;]{2,30}[。；;]?\s*$/u;

/** A lone step's opening line, with the sentence after it in its paragraph as its detail. */
function withStep(ctx: IntentContext, p: TopicPoint, from: SentenceCandidate): TopicPoint {
  if (p.member || p.detail || !STEP_OPENER.test(p.span.text)) return p;
  const paragraph = paragraphAt(p.article, p.span.start);
  if (!paragraph) return p;
  // (The whole sentence after it, to its 。: a step's measures run on past its ；.)
  const rest = p.article.text.slice(p.span.end, paragraph.end);
  const lead = rest.length - rest.trimStart().length;
  const stop = rest.indexOf('。', lead);
  const text = rest.slice(lead, stop === -1 ? rest.length : stop + 1);
  if (!/\p{Script=Han}{6}/u.test(text) || STEP_OPENER.test(text)) return p;
  const c = { ...from, text, start: p.span.end + lead, end: p.span.end + lead + text.length };
  return {
    ...p,
    member: true,
    detail: focusSentence(c, ctx.evidence.scoringTerms, STEP_DETAIL_CHARS, ctx.question, ctx.evidence.weight),
  };
}

/** The sentences of a text, each to its 。 (or its end). */
function wholeSentences(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const m of text.matchAll(/[^。！？!?]+[。！？!?]?/gu)) {
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (body) out.push({ text: body, start: m.index + lead, end: m.index + lead + body.length });
  }
  return out;
}

/** How much of a lone step's next sentence is quoted. */
const STEP_DETAIL_CHARS = 160;

/**
 * Up to `max` sentences of the paragraphs after `paragraph` in its section, when the section has a
 * heading (an article without headings is one section of everything: its next paragraph is another
 * topic).
 */
function sectionContinuation(
  article: ArticleRecord,
  paragraph: { start: number; end: number },
  max: number,
): TextSpan[] {
  const section = (article.structure?.sections ?? []).find(
    (s) => s.start <= paragraph.start && paragraph.start < s.end,
  );
  if (!section?.heading || max <= 0) return [];
  const out: TextSpan[] = [];
  for (const p of section.paragraphs) {
    if (p.start < paragraph.end) continue;
    for (const s of splitSentences(article.text.slice(p.start, p.end))) {
      if (out.length >= max) return out;
      if (s.text.trim().length < 6) continue;
      out.push({ text: s.text, start: p.start + s.start, end: p.start + s.end });
    }
  }
  return out;
}

/**
 * The run of at most `max` sentences in [lo, hi] that holds `at` and carries the most of the topic.
 * On a tie, the run that starts latest: the opening sentence and the steps after it.
 * (二 of 一是…二是… may be the best sentence while the line before it, which starts the passage,
 * carries more of the topic than the last line after it.)
 */
export function passageWindow(coverage: number[], at: number, lo: number, hi: number, max: number): number[] {
  const size = Math.min(max, hi - lo + 1);
  let best = { start: at, sum: -1 };
  for (let start = Math.min(at, hi - size + 1); start >= Math.max(lo, at - size + 1); start--) {
    let sum = 0;
    for (let i = start; i < start + size; i++) sum += coverage[i] ?? 0;
    // (On a tie, an earlier run that opens on the topic beats one that opens off it.)
    const tie = Math.abs(sum - best.sum) <= 1e-9;
    const opensOn = (coverage[start] ?? 0) > 0 && (coverage[best.start] ?? 0) === 0;
    if (sum > best.sum + 1e-9 || (tie && opensOn)) best = { start, sum };
  }
  return Array.from({ length: size }, (_, k) => best.start + k);
}

/** Verbs whose object is a pair taken together (A和B相结合, 融合, 衔接…). */
const JOINING = /结合|融合|联动|衔接|互动|协同|对接|统筹|一体|一起|一块|捆|同步|并重/u;

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
  // The conjunction must be a word of its own, not part of one (参与, 以及时).
  const at = m.index + m[1]!.length;
  let offset = 0;
  const standalone = jiebaInstance()
    .cut(hans)
    .some((w) => {
      const here = offset;
      offset += w.length;
      return here === at && /^(?:和|、|及|与|以及)$/u.test(w);
    });
  if (!standalone) return [];
  // A pair that qualifies a named thing (党建和扶贫“双推进”) is one topic, not two; so is a pair
  // joined by what is done to both (把边防和党组织结合起来): the joining is the topic.
  if (/^[“「『"]/u.test(hans.slice(m.index + m[0].length))) return [];
  if (JOINING.test(hans.slice(m.index + m[1]!.length))) return [];
  // A pair that owns one thing (边民和党员干部的国门意识) is one topic: the thing.
  if (/^\p{Script=Han}{2,}?的\p{Script=Han}{2,}/u.test(m[2]!)) return [];
  const left = m[1]!.replace(/^.*[的在对把]/u, '');
  const cut = TOPIC_END.exec(m[2]!);
  const right = cut ? m[2]!.slice(0, cut.index) : m[2]!;
  return left.length >= 2 && right.length >= 2 ? [left, right] : [];
}
