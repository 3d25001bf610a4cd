/**
 * One composer per intent, in the way grammY has one composer per feature. A composer returns null
 * when its intent cannot answer from what it has; the fact composer (evidence sentences) then does.
 */
import type { IntentKind } from './table.js';
import { composeComparison } from './comparison.js';
import type { Composed, Composer, IntentContext } from './context.js';
import { composeFact } from './fact.js';
import { composeHow } from './how.js';
import { composeList, findLists } from './list.js';
import { scopedArticles } from './context.js';
import { composeMetadata } from './metadata.js';
import { composePlaces } from './places.js';
import { composeSummaryIntent } from './summary.js';

export { classifyIntent, type Intent } from './classify.js';
export type { IntentContext, Composed } from './context.js';

/** Definitions: a named list is defined by its members; anything else by the sentence that uses it. */
const composeDefinition: Composer = (ctx) => {
  const name = ctx.intent.listName;
  if (!name) return null;
  // An English name is matched by the count and words it carries, as a list question does.
  if (/[A-Za-z]/u.test(name)) return composeList(ctx);
  const best = findLists(scopedArticles(ctx), name, ctx.intent.count)[0];
  return best ? composeList(ctx) : null;
};

export const COMPOSERS: Record<IntentKind, Composer | null> = {
  'out-of-scope': null,
  metadata: composeMetadata,
  summary: composeSummaryIntent,
  comparison: composeComparison,
  definition: composeDefinition,
  list: composeList,
  'which-places': composePlaces,
  how: composeHow,
  fact: composeFact,
};

/** Intents answered from structure or records: no evidence-based refusal before them. */
export const ANSWERS_WITHOUT_EVIDENCE: ReadonlySet<IntentKind> = new Set([
  'metadata',
  'summary',
  'comparison',
  'how',
]);

/** The intent's own answer, or null (then the engine checks the evidence and answers as a fact). */
export async function composeByIntent(ctx: IntentContext): Promise<Composed | null> {
  const composer = COMPOSERS[ctx.intent.kind];
  if (!composer || composer === composeFact) return null;
  return composer(ctx);
}

export { composeFact };
