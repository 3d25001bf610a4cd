/**
 * Extractive region summaries: for every article of the region, its initiatives — the section
 * headings and the lead sentences of their paragraphs — each with its key figures and a citation.
 */
import { clauseAround, clausesFrom, leadClause } from '../text/clauses.js';
import { COUNTED_FIGURE } from '../text/figures.js';
import { splitSentences, type Span } from '../text/sentences.js';
import { toScript, toSimplified, type Script } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import { spanCitation } from './extractive.js';
import { measuresOf } from './intents/measures.js';
import { answerStrings as S } from './strings/answers.js';
import type { Citation, SummaryPoint } from './types.js';

const MAX_POINTS_PER_ARTICLE = 6;

interface Section {
  heading: Span | null;
  sentences: Span[];
}

/** The article's body split into sections at its headings (the title line excluded). */
function sections(article: ArticleRecord): Section[] {
  const headingStarts = new Set(article.headings.map((h) => h.start));
  const out: Section[] = [];
  const all = splitSentences(article.text);
  for (const [i, s] of all.entries()) {
    if (i === 0 && toSimplified(s.text).includes(toSimplified(article.title).slice(0, 6))) continue; // the title line
    if (headingStarts.has(s.start)) {
      out.push({ heading: s, sentences: [] });
      continue;
    }
    if (out.length === 0) out.push({ heading: null, sentences: [] });
    out.at(-1)!.sentences.push(s);
  }
  return out.filter((s) => s.sentences.length > 0);
}

/** Paragraph-leading sentences (a sentence right after a line break) of a section. */
function paragraphLeads(article: ArticleRecord, section: Section): Span[] {
  return section.sentences.filter(
    (s) => s.start === 0 || article.text[s.start - 1] === '\n' || /\s/.test(article.text[s.start - 1] ?? ''),
  );
}

const figureClause = (span: Span, max = 70) => clauseAround(span, (c) => COUNTED_FIGURE.test(c), max);

export interface ArticleDigest {
  /** `sub`: a detail of the point before it, shown indented under it. */
  points: { text: string; cite: Span[]; sub?: boolean; named?: boolean }[];
}

/**
 * The initiatives of one article, from the structure found at ingest: one point per measure (a
 * heading with the sentence that opens its section, or a paragraph lead), each a whole clause with
 * one citation. Articles without structure fall back to their paragraphs' first sentences.
 */
export function digestArticle(article: ArticleRecord): ArticleDigest {
  const measures = measuresOf(article).slice(0, MAX_POINTS_PER_ARTICLE);
  if (measures.length > 0) {
    return {
      // Each measure as the article opens it, then, under it, its most specific sentence (the
      // initiatives and figures it names): an opening line often states only the aim.
      points: measures.flatMap((m) => [
        m.isHeading && m.detail
          ? { text: `${m.point.text}：`, cite: [m.detail] }
          : { text: '', cite: [m.point] },
        ...(m.specific ? [{ text: '', cite: [m.specific], sub: true }] : []),
        // (The initiatives it names elsewhere, by their quoted names.)
        ...(m.named.length > 0 ? [{ text: '', cite: m.named, sub: true, named: true }] : []),
      ]),
    };
  }
  const points: ArticleDigest['points'] = [];
  for (const section of sections(article)) {
    for (const lead of paragraphLeads(article, section)) {
      if (points.length >= MAX_POINTS_PER_ARTICLE) break;
      const span = COUNTED_FIGURE.test(lead.text) ? figureClause(lead) : leadClause(lead);
      points.push({ text: section.heading ? `${section.heading.text}：` : '', cite: [span] });
    }
  }
  return { points };
}

/**
 * The initiatives of one place inside a wider article (满洲里市 in the Hulunbuir article): the
 * sentences that name it, with their section heading. Null when the article never names it.
 */
export function digestMentions(article: ArticleRecord, names: string[]): ArticleDigest | null {
  const headingStarts = new Map(article.headings.map((h) => [h.start, h.text]));
  let heading: string | null = null;
  const points: ArticleDigest['points'] = [];
  for (const s of splitSentences(article.text)) {
    if (headingStarts.has(s.start)) {
      heading = headingStarts.get(s.start)!;
      continue;
    }
    if (points.length >= MAX_POINTS_PER_ARTICLE) break;
    const hans = toSimplified(s.text);
    if (!names.some((n) => hans.includes(n))) continue;
    const span = clausesFrom(s, (c) => names.some((n) => toSimplified(c).includes(n)), 100);
    points.push({ text: heading ? `${heading}：` : '', cite: [span] });
  }
  return points.length > 0 ? { points } : null;
}

/** One point per sentence about the place (as attribution found them), with their section heading. */
export function digestSentences(article: ArticleRecord, about: Span[]): ArticleDigest | null {
  const headings = [...article.headings].sort((a, b) => a.start - b.start);
  let previous: string | null = null;
  const points = about.slice(0, MAX_POINTS_PER_ARTICLE).map((s) => {
    // The section's heading labels its first point only.
    const heading = headings.filter((h) => h.start < s.start).at(-1)?.text ?? null;
    const label = heading && heading !== previous ? `${heading}：` : '';
    previous = heading;
    return { text: label, cite: [s] };
  });
  return points.length > 0 ? { points } : null;
}

export interface ComposedSummary {
  summary: string;
  points: SummaryPoint[];
  citations: Citation[];
}

/** The extractive summary of a region's articles, cited, in the asker's script. */
export function composeSummary(
  regionName: string,
  articles: ArticleRecord[],
  script: Script,
  regionPath: string[] = [],
  /** The sentences of an article about the place (subject attribution), for a place inside its region. */
  about?: (article: ArticleRecord) => Span[],
): ComposedSummary {
  // A place below an article's own region is summarised from the sentences that name it.
  const bareName = regionName.replace(
    /(特别行政区|自治区|自治州|自治县|地区|省|市|县|区|旗|镇|乡|街道|苏木)$/,
    '',
  );
  const deeper = (a: ArticleRecord) =>
    regionPath.length > a.region.length && a.region.every((p, i) => regionPath[i] === p);
  const citations: Citation[] = [];
  const points: SummaryPoint[] = [];
  const lines: string[] = [
    S.t(script, 'summaryHead', script === 'en' ? regionName : toSimplified(regionName), articles.length),
  ];
  for (const article of articles) {
    const title = script === 'en' ? toSimplified(article.title) : toScript(article.title, script);
    const meta = [
      article.date,
      article.source ? toScript(article.source, script === 'en' ? 'zh-Hans' : script) : null,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push('', `《${title}》${meta ? `（${meta}）` : ''}`);
    const digest =
      (deeper(article) &&
        (about
          ? digestSentences(article, about(article))
          : digestMentions(article, [regionName, bareName]))) ||
      digestArticle(article);
    for (const point of digest.points) {
      const ns: number[] = [];
      const parts: string[] = [];
      for (const span of point.cite) {
        const n = citations.length + 1;
        citations.push(spanCitation(n, article, span));
        ns.push(n);
        parts.push(`${script === 'en' ? span.text : toScript(span.text, script)}[${n}]`);
      }
      const heading = point.named
        ? S.t(script, 'summaryNamed')
        : script === 'en'
          ? point.text
          : toScript(point.text, script);
      const text = `${heading}${parts.join(point.named ? S.t(script, 'listSeparator') : '')}`;
      points.push({ text, citations: ns });
      lines.push(`${point.sub ? '  · ' : '- '}${text}`);
    }
  }
  return { summary: lines.join('\n'), points, citations };
}
