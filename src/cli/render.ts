/** Plain-text rendering of answers and summaries for the terminal. */
import type { AskResult, Citation, SummaryResult } from '../answer/types.js';

export function renderCitation(c: Citation): string {
  const meta = [c.date, c.source, c.region.join(' › ')].filter(Boolean).join(' · ');
  return `[${c.n}] ${c.title}${meta ? ` · ${meta}` : ''}\n    “${c.text}”`;
}

export function renderAnswer(r: AskResult): string {
  const lines = [r.answer];
  if (r.citations.length > 0)
    lines.push(
      '',
      r.script === 'en' ? 'Sources:' : r.script === 'zh-Hant' ? '來源：' : '来源：',
      ...r.citations.map(renderCitation),
    );
  return lines.join('\n');
}

export function renderSummary(r: SummaryResult): string {
  const lines = [r.summary];
  if (r.citations.length > 0) lines.push('', 'Sources:', ...r.citations.map(renderCitation));
  return lines.join('\n');
}
