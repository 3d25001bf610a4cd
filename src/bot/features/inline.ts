/**
 * Inline mode: `@bot 关键词` in any chat lists matching passages (snippet + source) from the
 * engine's citations and retrieved passages; an empty query lists the covered articles.
 */
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { ArticleSummary } from '../../answer/types.js';
import type { BotContext } from '../context.js';
import { escapeHtml, sourceLine, truncate } from '../format.js';

/** How many passages to retrieve for an inline query. */
const INLINE_K = 10;
const CACHE_SECONDS = 60;

function articleResult(a: ArticleSummary, i: number): InlineQueryResultArticle {
  return {
    type: 'article',
    id: `a${i}`,
    title: truncate(a.title, 100),
    description: [a.date, a.source, a.region.join(' › ')].filter(Boolean).join(' · '),
    input_message_content: {
      message_text: `<b>${escapeHtml(a.title)}</b>\n${sourceLine({ ...a, title: '' })}`.trim(),
      parse_mode: 'HTML',
    },
  };
}

function passageResult(
  id: string,
  text: string,
  a: ArticleSummary | undefined,
  title: string,
): InlineQueryResultArticle {
  const source = a ? sourceLine(a) : escapeHtml(title);
  return {
    type: 'article',
    id,
    title: truncate(a?.title ?? title, 100),
    description: truncate(text.replace(/\s+/g, ' '), 200),
    input_message_content: {
      message_text: `<blockquote>${escapeHtml(truncate(text, 3500))}</blockquote>\n— ${source}`,
      parse_mode: 'HTML',
    },
  };
}

export function inlineFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const articles = await ctx.engine.articles();
    if (!query) {
      // Telegram accepts at most 50 results per answer.
      await ctx.answerInlineQuery(articles.slice(0, 50).map(articleResult), { cache_time: CACHE_SECONDS });
      return;
    }
    if (query.length > ctx.config.maxQuestionChars) {
      await ctx.answerInlineQuery([], { cache_time: CACHE_SECONDS });
      return;
    }
    const byId = new Map(articles.map((a) => [a.articleId, a]));
    const result = await ctx.engine.ask(query, { k: INLINE_K });
    const results: InlineQueryResultArticle[] = [];
    const seen = new Set<string>();
    for (const c of result.citations) {
      const key = `${c.articleId}:${c.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      results.push(passageResult(`c${c.n}`, c.text, byId.get(c.articleId), c.title));
    }
    // Retrieved passages the answer did not cite are still useful search hits.
    result.retrieved.forEach((r, i) => {
      if (seen.has(r.chunkId) || result.citations.some((c) => c.chunkId === r.chunkId)) return;
      seen.add(r.chunkId);
      results.push(passageResult(`r${i}`, r.text, byId.get(r.articleId), r.articleId));
    });
    await ctx.answerInlineQuery(results.slice(0, 20), { cache_time: CACHE_SECONDS });
  });
  return composer;
}
