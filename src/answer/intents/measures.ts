/**
 * An article's measures, read from the structure found at ingest: the members of its main named
 * list (三抓三提's three leads, 五边行动's five headings), else its section headings, else its
 * paragraph leads; each with the sentence that opens it when that adds something.
 */
import { splitSentences } from '../../text/sentences.js';
import type { ArticleRecord, ArticleSection, TextSpan } from '../../types.js';

export interface Measure {
  /** The measure as the article words it (a heading or a paragraph lead). */
  point: TextSpan;
  /** Whether `point` is a section heading (shown as a label, the detail quoted as evidence). */
  isHeading: boolean;
  /** The first lead or short first sentence under a heading, or null. */
  detail: TextSpan | null;
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
  if (main) {
    return main.members.map((m) => {
      const section = headingStarts.get(m.start);
      return {
        point: m,
        isHeading: Boolean(section),
        detail: section ? sectionDetail(article, section) : null,
      };
    });
  }
  const headed = structure.sections.filter((s) => s.heading !== null);
  if (headed.length >= 2) {
    return headed.map((s) => ({ point: s.heading!, isHeading: true, detail: sectionDetail(article, s) }));
  }
  const leads = structure.sections
    .flatMap((s) => s.paragraphs.map((p) => p.lead))
    .filter((l): l is TextSpan => l !== null);
  return leads.map((point) => ({ point, isHeading: false, detail: null }));
}
