/**
 * Verbatim sub-spans of a sentence cut at clause boundaries (，；), for quoting the part of a long
 * sentence that matters: its lead, the clause that holds something, or clauses from there on.
 */
import type { Span } from './sentences.js';

const CLAUSE_END = /[，,；;]/;

/** The leading clauses of a sentence, up to about `max` characters (a verbatim span). */
export function leadClause(span: Span, max = 70): Span {
  if (span.text.length <= max) return span;
  let end = 0;
  for (let i = 0; i < span.text.length; i++) {
    if (CLAUSE_END.test(span.text[i]!)) {
      if (i > max && end > 0) break;
      end = i;
      if (i >= max / 2) break;
    }
  }
  if (end === 0) return span;
  return { text: span.text.slice(0, end), start: span.start, end: span.start + end };
}

/** The clause of a sentence that satisfies `holds`, with the clause before it while under `max` characters. */
export function clauseAround(span: Span, holds: (clause: string) => boolean, max = 70): Span {
  if (span.text.length <= max) return span;
  const bounds: [number, number][] = [];
  let from = 0;
  for (let i = 0; i <= span.text.length; i++) {
    if (i === span.text.length || CLAUSE_END.test(span.text[i]!)) {
      bounds.push([from, i]);
      from = i + 1;
    }
  }
  const idx = bounds.findIndex(([a, b]) => holds(span.text.slice(a, b)));
  if (idx === -1) return leadClause(span, max);
  const b = bounds[idx]![1];
  let a = bounds[idx]![0];
  // Widen to the previous clause when it names what the figure counts.
  const prev = bounds[idx - 1];
  if (prev && b - prev[0] <= max) a = prev[0];
  while (a < b && /\s/.test(span.text[a]!)) a++;
  return { text: span.text.slice(a, b), start: span.start + a, end: span.start + b };
}

/** From the first clause that satisfies `holds`, as many following clauses as fit in `max` characters. */
export function clausesFrom(span: Span, holds: (clause: string) => boolean, max: number): Span {
  const at = clauseAround(span, holds, 0);
  let end = at.end - span.start;
  const start = at.start - span.start;
  while (end < span.text.length) {
    let next = end + 1;
    while (next < span.text.length && !CLAUSE_END.test(span.text[next]!)) next++;
    if (next - start > max) break;
    end = next;
  }
  if (end < span.text.length && /[。！？]/.test(span.text[end]!)) end++;
  return { text: span.text.slice(start, end), start: span.start + start, end: span.start + end };
}
