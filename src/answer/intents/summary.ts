/**
 * Summary requests typed as questions (总结一下…, 介绍一下…的经验, Summarise …, What did X do?):
 * the same output as the `summary` command for the place named. A request about a topic the place's
 * reports never mention (凤庆在疫情防控期间做了哪些工作) is told so, not answered with the summary.
 */
import { sentencesAbout } from '../attribution.js';
import { composeSummary } from '../summary.js';
import { answerStrings as S } from '../strings/answers.js';
import { toSimplified } from '../../text/script.js';
import { coveredTargets, inScript, type Composer } from './context.js';
import { topicWords } from './how.js';
import { jiebaInstance } from '../../text/segment.js';

export const composeSummaryIntent: Composer = (ctx) => {
  const target = coveredTargets(ctx)[0];
  if (!target) return null;
  // (A topic word the corpus uses elsewhere but never in this place's reports.)
  const texts = target.articles.map((a) => toSimplified(a.text));
  // (Only a noun of a Chinese question: an English word's dictionary senses are too loose to tell.)
  const absent =
    ctx.script === 'en'
      ? []
      : topicWords(ctx).filter(
          (t) =>
            !texts.some((x) => x.includes(t)) &&
            jiebaInstance()
              .tag(t)
              .every((w) => /^(?:n|nz|vn|j)$/u.test(w.tag)),
        );
  if (absent.length > 0) {
    const name = inScript(target.region.name, ctx.script);
    return { answer: S.t(ctx.script, 'comparisonNone', name), citations: [], refused: true };
  }
  const composed = composeSummary(target.region.name, target.articles, ctx.script, target.region.path, (a) =>
    sentencesAbout(ctx.resolver, a, target.region.path),
  );
  if (composed.citations.length === 0) return null;
  return { answer: composed.summary, citations: composed.citations };
};
