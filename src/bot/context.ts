/**
 * The one Context type every feature sees: grammY's context plus the session flavour and the
 * services (engine, config, a logger bound to the update, counters), attached per update.
 */
import { Context, type Api, type SessionFlavor } from 'grammy';
import type { InlineKeyboardMarkup, Message, Update, UserFromGetMe } from 'grammy/types';
import type { Engine } from '../answer/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MESSAGE_LIMIT, splitHtml } from './format.js';
import { chooseLang, type Lang } from '../answer/strings/ui.js';
import type { SessionData } from './session-data.js';

/** Counters for /stats, shared by all updates of one bot. */
export interface BotStats {
  startedAt: number;
  questionsAnswered: number;
  reindexing: boolean;
}

/** What createBot hands every context. */
export interface BotServices {
  engine: Engine;
  config: Config;
  logger: Logger;
  stats: BotStats;
  reindex?: () => Promise<{ articles: number; chunks: number }>;
}

interface ServicesFlavor {
  engine: Engine;
  config: Config;
  /** Child of the bot's logger carrying this update's id. */
  logger: Logger;
  stats: BotStats;
  reindex?: () => Promise<{ articles: number; chunks: number }>;
  /** The language to talk to this user in (see chooseLang). */
  lang: Lang;
}

export type BotContext = Context & SessionFlavor<SessionData> & ServicesFlavor;

/** The text the user wrote in this update, if any (message, edited message, callback, inline query). */
function updateText(update: Update): string | undefined {
  const msg = update.message ?? update.edited_message;
  return msg?.text ?? msg?.caption ?? update.inline_query?.query;
}

/** A Context class with the services bound, for `new Bot(token, { ContextConstructor })`. */
export function createContextConstructor(services: BotServices) {
  return class extends Context {
    readonly engine = services.engine;
    readonly config = services.config;
    readonly stats = services.stats;
    readonly reindex = services.reindex;
    readonly logger: Logger;
    lang: Lang;

    constructor(update: Update, api: Api, me: UserFromGetMe) {
      super(update, api, me);
      this.logger = services.logger.child({ update_id: update.update_id });
      this.lang = chooseLang(this.from?.language_code, updateText(update));
    }
  } as unknown as new (update: Update, api: Api, me: UserFromGetMe) => BotContext;
}

/** Options for replyHtml. */
export interface ReplyHtmlOptions {
  /** Attached to the last part, so buttons sit under the end of the answer. */
  keyboard?: InlineKeyboardMarkup;
  /** Quote this message (used in groups, so the answer is visibly tied to its question). */
  replyTo?: number;
}

/**
 * Sends Telegram HTML to the current chat, split into as many messages as it needs (≤ 4096 each).
 * Link previews are off: sources are named, not linked.
 */
export async function replyHtml(
  ctx: BotContext,
  html: string,
  options: ReplyHtmlOptions = {},
): Promise<Message[]> {
  const parts = splitHtml(html, MESSAGE_LIMIT);
  const sent: Message[] = [];
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    sent.push(
      await ctx.reply(parts[i]!, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: last ? options.keyboard : undefined,
        reply_parameters:
          i === 0 && options.replyTo !== undefined
            ? { message_id: options.replyTo, allow_sending_without_reply: true }
            : undefined,
      }),
    );
  }
  return sent;
}

/** Shows "typing…" now and every few seconds until the returned function is called. */
export function keepTyping(ctx: BotContext): () => void {
  if (!ctx.chat) return () => {};
  const send = () =>
    ctx
      .replyWithChatAction('typing')
      .catch((err: unknown) => ctx.logger.debug({ err }, 'chat action failed'));
  void send();
  // Telegram shows the indicator for about 5 s.
  const timer = setInterval(send, 4500);
  timer.unref();
  return () => clearInterval(timer);
}
