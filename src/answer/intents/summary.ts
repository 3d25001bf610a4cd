/**
 * Summary requests typed as questions (总结一下…, 介绍一下…的经验, Summarise …, What did X do?):
 * the same output as the `summary` command for the place named.
 */
import { sentencesAbout } from '../attribution.js';
import { composeSummary } from '../summary.js';
import { coveredTargets, type Composer } from './context.js';

export const composeSummaryIntent: Composer = (ctx) => {
  const target = coveredTargets(ctx)[0];
  if (!target) return null;
  const composed = composeSummary(target.region.name, target.articles, ctx.script, target.region.path, (a) =>
    sentencesAbout(ctx.resolver, a, target.region.path),
  );
  if (composed.citations.length === 0) return null;
  return { answer: composed.summary, citations: composed.citations };
};
