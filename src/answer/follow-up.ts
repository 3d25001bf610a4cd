/**
 * Follow-ups without an LLM: an elliptical question ("那凤庆呢?", "资金呢?") takes the previous
 * question's topic or place, so retrieval sees a standalone question.
 */
import type { RegionResolver } from '../regions/regions.js';
import { toSimplified } from '../text/script.js';
import { keywords } from '../text/segment.js';
import type { Turn } from './types.js';

const FOLLOW_UP = /^(那|那么|还有|另外|而|也|and |what about |how about )|[呢吗]\s*[?？]?$/i;

/** Without an LLM: carries the previous question's region and topic into an elliptical follow-up. */
export function carryOver(resolver: RegionResolver, question: string, history: Turn[]): string {
  const previous = history.at(-1);
  if (!previous) return question;
  const elliptical = FOLLOW_UP.test(question.trim()) || [...question.replace(/\s/g, '')].length <= 6;
  if (!elliptical) return question;
  const bare = question
    .replace(/^(那么|那|还有|另外|而|也)/, '')
    .replace(/[呢吗]?\s*[?？]?$/, '')
    .trim();
  const prevMentions = resolver.findMentions(previous.question);
  const nowMentions = resolver.findMentions(bare);
  const topicWords = keywords(bare).filter((t) => !nowMentions.some((m) => toSimplified(m.text).includes(t)));
  if (nowMentions.length > 0 && topicWords.length === 0) {
    // "那凤庆呢?": the previous question, asked of the new place.
    let rewritten = previous.question;
    if (prevMentions.length > 0) {
      for (const m of prevMentions) rewritten = rewritten.replace(m.text, '');
    }
    return `${nowMentions.map((m) => m.text).join('')}${rewritten}`;
  }
  if (nowMentions.length === 0) {
    // "资金呢?": the new topic, in the previous question's place.
    const place = prevMentions.map((m) => m.text).join('') || (previous.region?.at(-1) ?? '');
    return `${place}${bare}`;
  }
  return question;
}
