/**
 * Sources: the buttons under an answer, their callback queries, /sources and /source N. A button's
 * callback data names the passage itself (`src:<articleId>:<start>:<end>`), so it keeps working
 * after the session has moved on; ids too long for Telegram's 64 bytes fall back to the citation
 * number in the session (`sn:<n>`).
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Citation } from '../../answer/types.js';
import { replyHtml, type BotContext } from '../context.js';
import { citationButtonLabels, renderPassage, renderSourceList } from '../format.js';
import { t } from '../../answer/strings/ui.js';

const CALLBACK_LIMIT_BYTES = 64;

/** The callback data of a citation's button, at most 64 bytes. */
export function encodeSourceData(c: Pick<Citation, 'n' | 'articleId' | 'start' | 'end'>): string {
  const full = `src:${c.articleId}:${c.start}:${c.end}`;
  return Buffer.byteLength(full, 'utf8') <= CALLBACK_LIMIT_BYTES ? full : `sn:${c.n}`;
}

/** Reads callback data written by encodeSourceData; null for anything else. */
export function decodeSourceData(
  data: string,
): { articleId: string; start: number; end: number } | { n: number } | null {
  const full = /^src:(.+):(\d{1,9}):(\d{1,9})$/.exec(data);
  if (full) return { articleId: full[1]!, start: Number(full[2]), end: Number(full[3]) };
  const short = /^sn:(\d{1,4})$/.exec(data);
  return short ? { n: Number(short[1]) } : null;
}

/** One button per citation, three to a row, labelled with its number and a short article label. */
export function citationKeyboard(citations: readonly Citation[]): InlineKeyboard | undefined {
  if (citations.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  const labels = citationButtonLabels(citations);
  citations.forEach((c, i) => {
    if (i > 0 && i % 3 === 0) keyboard.row();
    keyboard.text(labels[i]!, encodeSourceData(c));
  });
  return keyboard;
}

async function openSource(
  ctx: BotContext,
  ref: { articleId: string; start: number; end: number },
): Promise<void> {
  const opened = await ctx.engine.openPassage(ref.articleId, ref.start, ref.end);
  if (!opened) {
    await ctx.reply(t(ctx.lang, 'passageMissing'));
    return;
  }
  await replyHtml(ctx, renderPassage(opened, ctx.lang));
}

export function sourcesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('sources', async (ctx) => {
    const citations = ctx.session.lastCitations;
    if (citations.length === 0) {
      await ctx.reply(t(ctx.lang, 'noSources'));
      return;
    }
    await replyHtml(ctx, renderSourceList(citations, ctx.lang), { keyboard: citationKeyboard(citations) });
  });

  composer.command('source', async (ctx) => {
    const citations = ctx.session.lastCitations;
    if (citations.length === 0) {
      await ctx.reply(t(ctx.lang, 'noSources'));
      return;
    }
    const n = Number(ctx.match.trim());
    const citation = Number.isInteger(n) ? citations.find((c) => c.n === n) : undefined;
    if (!citation) {
      await ctx.reply(t(ctx.lang, 'sourceUsage', citations.length));
      return;
    }
    await openSource(ctx, citation);
  });

  composer.callbackQuery(/^(src|sn):/, async (ctx) => {
    const ref = decodeSourceData(ctx.callbackQuery.data);
    const citation = ref && 'n' in ref ? ctx.session.lastCitations.find((c) => c.n === ref.n) : undefined;
    const target = ref && 'articleId' in ref ? ref : citation;
    await ctx.answerCallbackQuery(citation ? { text: t(ctx.lang, 'openingSource', citation.n) } : {});
    if (!target) {
      await ctx.reply(t(ctx.lang, 'passageMissing'));
      return;
    }
    await openSource(ctx, target);
  });

  return composer;
}
