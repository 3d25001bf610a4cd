/**
 * Questions: plain text in a private chat; in groups only `/ask …`, a message mentioning the bot,
 * or a reply to one of the bot's messages. The answer comes with its sources and one button per
 * citation; the exchange goes into the session so a follow-up ("那凤庆呢?") has its context.
 *
 * Edited messages: in a private chat an edited question is answered again as a new question (the
 * user fixed a typo and wants the answer to the fixed text); in groups edits are ignored, so a
 * group is never spammed by someone polishing a message.
 */
import { Composer } from 'grammy';
import type { InlineKeyboard } from 'grammy';
import type { Message, MessageEntity, User } from 'grammy/types';
import { keepTyping, replyHtml, type BotContext } from '../context.js';
import { MESSAGE_LIMIT, renderAnswer, splitHtml, truncate } from '../format.js';
import { chooseLang, t } from '../../answer/strings/ui.js';
import { rememberTurn } from '../session-data.js';
import { citationKeyboard } from './sources.js';

/** Edits of a streamed answer happen at most this often (Telegram rate-limits edits). */
export const STREAM_EDIT_INTERVAL_MS = 1500;

const isPrivate = (ctx: BotContext) => ctx.chat?.type === 'private';

/** The message's text with mentions of this bot removed, or null when the bot is not mentioned. */
function withoutMention(ctx: BotContext, msg: Message): string | null {
  const text = msg.text ?? '';
  const username = ctx.me.username.toLowerCase();
  const mentions = (msg.entities ?? []).filter(
    (e: MessageEntity) =>
      (e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === username) ||
      // Telegram's type says `user` is always there; a client-made entity may lack it.
      (e.type === 'text_mention' && (e.user as User | undefined)?.id === ctx.me.id),
  );
  if (mentions.length === 0) return null;
  let out = text;
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset))
    out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  return out;
}

/** The question a text message asks the bot, or null when it is not addressed to the bot. */
export function questionOf(ctx: BotContext, msg: Message): string | null {
  const text = msg.text ?? '';
  if (text.startsWith('/')) return null; // commands are handled (or answered with help) elsewhere
  if (isPrivate(ctx)) return text;
  const mentioned = withoutMention(ctx, msg);
  if (mentioned !== null) return mentioned;
  if (msg.reply_to_message?.from?.id === ctx.me.id) return text;
  return null;
}

/** Streams an LLM answer into one message, editing it at most every STREAM_EDIT_INTERVAL_MS. */
function createStreamer(ctx: BotContext, replyTo: number | undefined) {
  let messageId: number | undefined;
  let latest = '';
  let shown = '';
  let lastAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const chatId = ctx.chat!.id;

  const flush = () => {
    timer = undefined;
    // Partial text is sent plain: half an answer is not yet safe to render as HTML.
    const text = truncate(latest.trim(), MESSAGE_LIMIT);
    if (!text || text === shown) return;
    shown = text;
    lastAt = Date.now();
    chain = chain
      .then(async () => {
        if (messageId === undefined) {
          const m = await ctx.reply(text, {
            reply_parameters: replyTo
              ? { message_id: replyTo, allow_sending_without_reply: true }
              : undefined,
          });
          messageId = m.message_id;
        } else await ctx.api.editMessageText(chatId, messageId, text);
      })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'streaming edit failed'));
  };

  return {
    push(textSoFar: string) {
      latest = textSoFar;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, lastAt + STREAM_EDIT_INTERVAL_MS - Date.now()));
    },
    async finish(html: string, keyboard: InlineKeyboard | undefined): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
      if (messageId === undefined) {
        await replyHtml(ctx, html, { keyboard, replyTo });
        return;
      }
      const parts = splitHtml(html, MESSAGE_LIMIT);
      const [first, ...rest] = parts;
      if (first !== undefined) {
        await ctx.api
          .editMessageText(chatId, messageId, first, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            reply_markup: rest.length === 0 ? keyboard : undefined,
          })
          .catch((err: unknown) => {
            // The streamed text may already equal the final one.
            if (!/message is not modified/i.test(String(err))) throw err;
          });
      }
      if (rest.length > 0) await replyHtml(ctx, rest.join('\n'), { keyboard });
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Answers one question in the current chat: validation, typing indicator, engine, rendering, session. */
export async function answerQuestion(ctx: BotContext, raw: string, replyTo?: number): Promise<void> {
  const question = raw.trim();
  ctx.lang = chooseLang(ctx.from?.language_code, question);
  // Zero-width spaces, control characters and punctuation alone are no question either.
  if (!/[\p{L}\p{N}]/u.test(question)) {
    await ctx.reply(t(ctx.lang, 'emptyQuestion'));
    return;
  }
  const max = ctx.config.maxQuestionChars;
  if (question.length > max) {
    await ctx.reply(t(ctx.lang, 'tooLong', max, question.length));
    return;
  }
  const stopTyping = keepTyping(ctx);
  const streamer = ctx.config.llm.provider !== 'none' ? createStreamer(ctx, replyTo) : undefined;
  try {
    const result = await ctx.engine.ask(question, {
      history: ctx.session.turns,
      onPartial: streamer ? (text) => streamer.push(text) : undefined,
    });
    stopTyping();
    // The engine writes in the asker's script; the source list headings follow it.
    const lang = result.script;
    const html = renderAnswer(result, lang);
    const keyboard = citationKeyboard(ctx, result.citations);
    if (streamer) await streamer.finish(html, keyboard);
    else await replyHtml(ctx, html, { keyboard, replyTo });
    rememberTurn(
      ctx.session,
      { question: result.standalone || question, answer: result.answer, region: result.region?.path ?? null },
      result.citations,
    );
    ctx.stats.questionsAnswered++;
    ctx.logger.info(
      { refused: result.refused, citations: result.citations.length, ms: result.timings.totalMs },
      'question answered',
    );
  } finally {
    streamer?.cancel();
    stopTyping();
  }
}

export function askFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('ask', (ctx) =>
    answerQuestion(ctx, ctx.match, isPrivate(ctx) ? undefined : ctx.msg.message_id),
  );

  composer.on('message:text', async (ctx, next) => {
    const question = questionOf(ctx, ctx.msg);
    if (question === null) return next();
    await answerQuestion(ctx, question, isPrivate(ctx) ? undefined : ctx.msg.message_id);
  });

  // See the module comment: private edits are new questions, group edits are ignored.
  composer.on('edited_message:text', async (ctx, next) => {
    if (!isPrivate(ctx)) return;
    const question = questionOf(ctx, ctx.msg);
    if (question === null) return next();
    await answerQuestion(ctx, question, ctx.msg.message_id);
  });

  return composer;
}
