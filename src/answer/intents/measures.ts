/**
 * An article's measures, read from the structure found at ingest: the members of its main named
 * list (三抓三提's three leads, 五边行动's five headings), else its section headings, else its
 * paragraph leads; each with the sentence that opens it when that adds something.
 */
import { clausesFrom } from '../../text/clauses.js';
import { COUNTED_FIGURE } from '../../text/figures.js';
import { splitSentences } from '../../text/sentences.js';
import type { ArticleRecord, ArticleSection, TextSpan } from '../../types.js';

export interface Measure {
  /** The measure as the article words it (a heading or a paragraph lead). */
  point: TextSpan;
  /** Whether `point` is a section heading (shown as a label, the detail quoted as evidence). */
  isHeading: boolean;
  /** The first lead or short first sentence under a heading, or null. */
  detail: TextSpan | null;
  /**
   * The sentence of the measure's section (or paragraph) that names most concrete things — quoted
   * names of initiatives, counted figures — when it is not the point or the detail; else null.
   */
  specific: TextSpan | null;
  /**
   * The quoted names of initiatives (“书记抓、抓书记”, “八室一超市一广场”) in the rest of the measure's
   * section or paragraph: a summary names them even when no shown sentence does.
   */
  named: TextSpan[];
}

/** A quoted name (“五个一”) or a counted figure (65名, 3000余万元): what makes a measure concrete. */
const NAMED_THING = new RegExp(`[“「『"][^”」』"\\n]{1,24}[”」』"]|${COUNTED_FIGURE.source}`, 'gu');
const NAMES_ONE = new RegExp(NAMED_THING.source, 'u');
/** A sentence needs this many named things to be the specific one. */
const MIN_NAMED = 2;
const MAX_SPECIFIC = 100;
/** A specific sentence this short is quoted whole. */
const WHOLE_SPECIFIC = 60;

/**
 * The most specific sentence in [from, to) of an article: the one naming most things (the first
 * such), cut to the clauses from its first named thing; null when none names MIN_NAMED.
 * (An opening line states the aim, 抓实队伍建设,提升战斗力; the measures are named further on.)
 */
function specificSentence(
  article: ArticleRecord,
  from: number,
  to: number,
  skip: TextSpan[],
): TextSpan | null {
  let best: { span: TextSpan; named: number } | null = null;
  for (const s of splitSentences(article.text.slice(from, to))) {
    const span = { text: s.text, start: from + s.start, end: from + s.end };
    if (skip.some((k) => k.start < span.end && span.start < k.end)) continue;
    // (Someone's words, “…”某某说, are testimony.)
    if (/^[“「『"]/u.test(span.text)) continue;
    const named = span.text.match(NAMED_THING)?.length ?? 0;
    if (named >= MIN_NAMED && (!best || named > best.named)) best = { span, named };
  }
  if (!best) return null;
  // (A sentence short enough is quoted whole: its opening clauses say who or what the figures are
  // of, 以种养殖协会为依托…协会的建立惠及…1406户.)
  if (best.span.text.length <= WHOLE_SPECIFIC) return best.span;
  return clausesFrom(best.span, (c) => NAMES_ONE.test(c), MAX_SPECIFIC);
}

/** A quoted name of an initiative: short, inside the article's double quotes. */
export const QUOTED_NAME = /[“「『"]([^”」』"\n]{2,12})[”」』"]/gu;
const MAX_NAMED = 4;

/**
 * The quoted names in [from, to) outside the spans already shown and outside someone's words (a
 * paragraph that opens with a quote), each once, in reading order.
 */
function namedIn(article: ArticleRecord, from: number, to: number, shown: TextSpan[]): TextSpan[] {
  const paragraphs = (article.structure?.sections ?? []).flatMap((s) => s.paragraphs);
  const testimony = (at: number) =>
    paragraphs.some(
      (p) => p.start <= at && at < p.end && /^[“「『"]/u.test(article.text.slice(p.start, p.start + 1)),
    );
  const seen = new Set(shown.map((s) => s.text));
  const out: TextSpan[] = [];
  for (const m of article.text.slice(from, to).matchAll(QUOTED_NAME)) {
    const start = from + m.index;
    const span = { text: m[0], start, end: start + m[0].length };
    if (shown.some((k) => k.start < span.end && span.start < k.end) || testimony(start)) continue;
    if ([...seen].some((t) => t.includes(m[1]!))) continue;
    seen.add(m[0]);
    out.push(span);
    if (out.length >= MAX_NAMED) break;
  }
  return out;
}

const MAX_DETAIL = 90;

/**
 * What opens a section: its first sentence when short, else that sentence's leading clauses (a
 * verbatim span, shown with …).
 */
function sectionDetail(article: ArticleRecord, section: ArticleSection): TextSpan | null {
  // A paragraph that opens with someone's words (“…”,某某介绍) is testimony, not the measure.
  const first =
    section.paragraphs.find((p) => !/^[“「『"]/u.test(article.text.slice(p.start, p.start + 1))) ??
    section.paragraphs[0];
  if (!first) return null;
  const s = splitSentences(article.text.slice(first.start, first.end))[0];
  if (!s) return null;
  const sentence = { text: s.text, start: first.start + s.start, end: first.start + s.end };
  if (sentence.text.length <= MAX_DETAIL) return sentence;
  let cut = 0;
  for (const m of sentence.text.matchAll(/[，,]/gu)) {
    if (m.index > 60) break;
    cut = m.index;
  }
  return cut > 8
    ? { text: sentence.text.slice(0, cut), start: sentence.start, end: sentence.start + cut }
    : sentence;
}

export function measuresOf(article: ArticleRecord): Measure[] {
  const structure = article.structure ?? { sections: [], lists: [] };
  const headingStarts = new Map(
    structure.sections.filter((s) => s.heading).map((s) => [s.heading!.start, s] as const),
  );
  const main = structure.lists
    .filter((l) => l.kind === 'headings' && l.name !== null)
    .sort((a, b) => b.members.length - a.members.length)[0];
  // The specific sentence and the other quoted names of [point, to).
  const rest = (point: TextSpan, detail: TextSpan | null, to: number | undefined) => {
    if (to === undefined) return { specific: null, named: [] };
    const shown = [point, ...(detail ? [detail] : [])];
    const specific = specificSentence(article, point.end, to, shown);
    return { specific, named: namedIn(article, point.start, to, specific ? [...shown, specific] : shown) };
  };
  const inSection = (section: ArticleSection, point: TextSpan, detail: TextSpan | null) =>
    rest(point, detail, section.paragraphs.at(-1)?.end);
  // A lead's paragraph: from the lead to the paragraph's end.
  const inParagraph = (point: TextSpan) =>
    rest(
      point,
      null,
      structure.sections
        .flatMap((s) => s.paragraphs)
        .find((x) => x.start <= point.start && point.start < x.end)?.end,
    );
  if (main) {
    return main.members.map((m) => {
      const section = headingStarts.get(m.start);
      const detail = section ? sectionDetail(article, section) : null;
      return {
        point: m,
        isHeading: Boolean(section),
        detail,
        ...(section ? inSection(section, m, detail) : inParagraph(m)),
      };
    });
  }
  const headed = structure.sections.filter((s) => s.heading !== null);
  if (headed.length >= 2) {
    return headed.map((s) => {
      const detail = sectionDetail(article, s);
      return { point: s.heading!, isHeading: true, detail, ...inSection(s, s.heading!, detail) };
    });
  }
  const leads = structure.sections
    .flatMap((s) => s.paragraphs.map((p) => p.lead))
    .filter((l): l is TextSpan => l !== null);
  return leads.map((point) => ({ point, isHeading: false, detail: null, ...inParagraph(point) }));
}
