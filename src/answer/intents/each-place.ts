/**
 * A fact asked of two or more places at once (昌都和凤庆分别打造了多少个示范点, "How many villages do
 * Mengla and Fengqing each have?"): each place's own fact, found as if it had been asked alone, under
 * its name. Asked together, the places' sentences compete and one place's figure would answer for both.
 */
import type { RegionMention } from '../../regions/regions.js';
import { under, scopeOf } from '../snapshot.js';
import { answerStrings as S } from '../strings/answers.js';
import type { Citation } from '../types.js';
import { coveredTargets, inScript, type Composed, type IntentContext } from './context.js';

/** A word that joins place names (勐腊和凤庆, Mengla and Fengqing), dropped with the place it joins. */
const JOINING = String.raw`\s*(?:和|与|跟|同|及|以及|、|，|,|&|and|or)\s*(?:in\s+|the\s+)?`;
const JOINER = new RegExp(`^(?:${JOINING})`, 'iu');
const JOINER_BEFORE = new RegExp(`(?:${JOINING})$`, 'iu');

/** The question as if asked of one place: the other places' names go, with the word that joins each. */
export function askedOf(question: string, others: Pick<RegionMention, 'text' | 'index'>[]): string {
  let out = question;
  // From the last mention back, so earlier offsets stay valid.
  for (const m of [...others].sort((a, b) => b.index - a.index)) {
    const before = out.slice(0, m.index);
    const after = out.slice(m.index + m.text.length);
    const joinedBefore = JOINER_BEFORE.exec(before);
    out = joinedBefore
      ? before.slice(0, joinedBefore.index) + after
      : before + after.replace(JOINER, before.trim() === '' || /\s$/u.test(before) ? '' : ' ');
  }
  return out.replace(/\s{2,}/gu, ' ').trim();
}

/** Words that spread a question over several places (各自, 分别, 各 and 都 after the place, "each"). */
const EACH_ANYWHERE = /各自|分别|\b(?:each|respectively|both)\b/giu;
const EACH_AFTER_PLACE = /^[各都]/u;

/** The words that ask how far apart the places' figures are (数量上差多少, 相差几个, 差距有多大). */
const DIFFERENCE = /(?:在?数量上)?(?:相差|差距|差了|差)(?:有)?(?:多少|几|多大)/gu;

/** A one-place question without the words that spread it over several (凤庆各有多少 → 凤庆有多少). */
function withoutEach(question: string, ctx: IntentContext): string {
  // (A difference asked, 数量上差多少, is each place's figure asked: 有多少.)
  let out = question.replace(EACH_ANYWHERE, '').replace(DIFFERENCE, '有多少');
  const placed = scopeOf(ctx.resolver, ctx.snapshot.articles, out).mentions;
  for (const m of [...placed].sort((a, b) => b.index - a.index)) {
    const end = m.index + m.text.length;
    out = out.slice(0, end) + out.slice(end).replace(EACH_AFTER_PLACE, '');
  }
  return out.replace(/\s{2,}/gu, ' ').trim();
}

/**
 * Each place's answer, under its name, citations numbered through; null unless two or more distinct
 * places the corpus covers are asked about. `single` answers one place's question.
 */
export async function composeEachPlace(
  ctx: IntentContext,
  single: (ctx: IntentContext) => Promise<Composed>,
): Promise<Composed | null> {
  const targets = coveredTargets(ctx);
  if (targets.length < 2) return null;
  // (A place inside another named one, 满洲里 of 呼伦贝尔, is one place asked more precisely.)
  if (targets.some((t, i) => targets.some((o, j) => i !== j && under(t.region.path, o.region.path))))
    return null;
  const { script } = ctx;
  const lines: string[] = [S.t(script, 'evidenceLead')];
  const citations: Citation[] = [];
  let answered = 0;
  for (const t of targets) {
    const others = ctx.scope.mentions.filter((m) => !under(m.region.path, t.region.path));
    const question = withoutEach(askedOf(ctx.question, others), ctx);
    const scope = scopeOf(ctx.resolver, ctx.snapshot.articles, question);
    if (scope.targets.length !== 1) return null;
    const evidence = await ctx.evidenceFor(scope.articleIds ?? [], question, scope);
    const one = await single({ ...ctx, question, scope, evidence });
    lines.push(`${inScript(t.region.name, script)}${script === 'en' ? ':' : '：'}`);
    if (one.refused) {
      // (A figure not given names what is missing; any other refusal is "nothing on this".)
      lines.push(one.notGiven ? one.answer : S.t(script, 'comparisonNone', inScript(t.region.name, script)));
      continue;
    }
    answered++;
    const offset = citations.length;
    const body = one.answer.split('\n').filter((l) => l !== S.t(script, 'evidenceLead'));
    lines.push(...body.map((l) => l.replace(/\[(\d+)\]/gu, (_, n: string) => `[${Number(n) + offset}]`)));
    citations.push(...one.citations.map((c) => ({ ...c, n: c.n + offset })));
  }
  if (answered === 0) return null;
  return { answer: lines.join('\n'), citations };
}
