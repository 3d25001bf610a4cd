/**
 * Plain-text rendering of answers and summaries for the terminal (`ask`, `summary`, the chat): the
 * answer as the engine wrote it, then the sources with each article named once and the passages cited
 * from it quoted under it.
 */
import { articleLine, groupByArticle } from '../answer/strings/cited-articles.js';
import { t, type Lang } from '../answer/strings/ui.js';
import type { AskResult, Citation, SummaryResult } from '../answer/types.js';
import { detectScript } from '../text/script.js';

/** The lines of a source list: `出处:`, then per article its line and its `[n] “quote”` lines. */
export function sourceLines(citations: readonly Citation[], lang: Lang): string[] {
  if (citations.length === 0) return [];
  const lines = [`${t(lang, 'sourcesHeading')}:`];
  for (const a of groupByArticle(citations)) {
    const region = a.region.length > 0 ? ` (${a.region.join(' › ')})` : '';
    lines.push(`${articleLine(a)}${region}`);
    for (const c of a.citations) lines.push(`  [${c.n}] “${c.text.replace(/\s+/g, ' ').trim()}”`);
  }
  return lines;
}

export function renderAnswer(r: Pick<AskResult, 'answer' | 'citations' | 'script'>): string {
  const sources = sourceLines(r.citations, r.script);
  return [r.answer, ...(sources.length > 0 ? ['', ...sources] : [])].join('\n');
}

/** A summary; its labels follow the script of the region as the user typed it, unless `lang` is given. */
export function renderSummary(r: SummaryResult, lang: Lang = detectScript(r.query)): string {
  const body =
    r.summary || r.points.map((p) => `• ${p.text}${p.citations.map((n) => `[${n}]`).join('')}`).join('\n');
  const sources = sourceLines(r.citations, lang);
  return [body, ...(sources.length > 0 ? ['', ...sources] : [])].join('\n');
}
