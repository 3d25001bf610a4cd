/**
 * A figure broken down in the sentence right after it (…共有184名工作队员。其中,省下派8名、州下派
 * 56名…): the parts of what the first sentence counts.
 */
import { toSimplified } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import type { SentenceCandidate } from './extractive.js';

/** The 其中… sentence right after `c` in its article, as a candidate like `c`; null when none. */
export function breakdownAfter(article: ArticleRecord, c: SentenceCandidate): SentenceCandidate | null {
  const rest = article.text.slice(c.end);
  const gap = rest.length - rest.trimStart().length;
  // (Matched in Simplified, which keeps the length: 其中 is the same in both scripts.)
  const m = /^其中[^。\n]*。/u.exec(toSimplified(rest.slice(gap)));
  if (!m) return null;
  const start = c.end + gap;
  return { ...c, text: article.text.slice(start, start + m[0].length), start, end: start + m[0].length };
}
