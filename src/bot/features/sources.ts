/**
 * Sources: the buttons under an answer, their callback queries, /sources and /source N. A button's
 * callback data names the passage itself and is signed for the chat it was sent to
 * (`src:<articleId>:<start>:<end>:<mac>`), so it keeps working after the session has moved on while
 * forged data (another range, another chat) opens nothing; ids too long for Telegram's 64 bytes fall
 * back to the citation number in the session (`sn:<n>`). One press sends one passage.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Composer, InlineKeyboard } from 'grammy';
import type { Citation } from '../../answer/types.js';
import { replyHtml, type BotContext } from '../context.js';
import { citationButtonLabels, renderPassage, renderSourceList } from '../format.js';
import { t } from '../../answer/strings/ui.js';

const CALLBACK_LIMIT_BYTES = 64;
/** 60 bits of HMAC: forging one button takes ~2^60 guesses, each a rate-limited button press. */
const MAC_CHARS = 10;

/** What a signature binds: the bot (its token), the chat and the passage. */
export interface SourceSigner {
  /** Token of the bot signing (the key is derived from it, so each bot has its own). */
  token: string;
  chatId: number;
}

function mac(signer: SourceSigner, articleId: string, start: number, end: number): string {
  const key = createHash('sha256').update(`source-buttons:${signer.token}`).digest();
  return createHmac('sha256', key)
    .update(`${signer.chatId}:${articleId}:${start}:${end}`)
    .digest('base64url')
    .slice(0, MAC_CHARS);
}

/** The callback data of a citation's button, at most 64 bytes. */
export function encodeSourceData(
  c: Pick<Citation, 'n' | 'articleId' | 'start' | 'end'>,
  signer: SourceSigner,
): string {
  const full = `src:${c.articleId}:${c.start}:${c.end}:${mac(signer, c.articleId, c.start, c.end)}`;
  return Buffer.byteLength(full, 'utf8') <= CALLBACK_LIMIT_BYTES ? full : `sn:${c.n}`;
}

/** Reads callback data written by encodeSourceData for this chat; null for anything else. */
export function decodeSourceData(
  data: string,
  signer: SourceSigner,
): { articleId: string; start: number; end: number } | { n: number } | null {
  const full = /^src:(.+):(\d{1,9}):(\d{1,9}):([A-Za-z0-9_-]+)$/.exec(data);
  if (full) {
    const ref = { articleId: full[1]!, start: Number(full[2]), end: Number(full[3]) };
    const expected = Buffer.from(mac(signer, ref.articleId, ref.start, ref.end));
    const given = Buffer.from(full[4]!);
    return given.length === expected.length && timingSafeEqual(given, expected) ? ref : null;
  }
  const short = /^sn:(\d{1,4})$/.exec(data);
  return short ? { n: Number(short[1]) } : null;
}

/** The signer for buttons sent to (and pressed in) the current chat; undefined without a chat. */
export function signerFor(ctx: BotContext): SourceSigner | undefined {
  return ctx.chat ? { token: ctx.api.token, chatId: ctx.chat.id } : undefined;
}

/** One button per citation, three to a row, labelled with its number and a short article label. */
export function citationKeyboard(
  ctx: BotContext,
  citations: readonly Citation[],
): InlineKeyboard | undefined {
  const signer = signerFor(ctx);
  if (citations.length === 0 || !signer) return undefined;
  const keyboard = new InlineKeyboard();
  const labels = citationButtonLabels(citations);
  citations.forEach((c, i) => {
    if (i > 0 && i % 3 === 0) keyboard.row();
    keyboard.text(labels[i]!, encodeSourceData(c, signer));
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
    await replyHtml(ctx, renderSourceList(citations, ctx.lang), {
      keyboard: citationKeyboard(ctx, citations),
    });
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
    const signer = signerFor(ctx);
    const ref = signer ? decodeSourceData(ctx.callbackQuery.data, signer) : null;
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
