/**
 * Stickers, photos, voice, documents and other non-text messages get a short hint that the bot
 * reads text only: in private chats, or in groups when they reply to the bot (else they are
 * not for us).
 */
import { Composer, type FilterQuery } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../../answer/strings/ui.js';

const NON_TEXT: FilterQuery[] = [
  'message:sticker',
  'message:photo',
  'message:voice',
  'message:audio',
  'message:document',
  'message:video',
  'message:video_note',
  'message:animation',
  'message:location',
  'message:contact',
  'message:poll',
  'message:dice',
];

export function mediaFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(NON_TEXT, async (ctx) => {
    const addressed = ctx.chat?.type === 'private' || ctx.msg?.reply_to_message?.from?.id === ctx.me.id;
    if (addressed) await ctx.reply(t(ctx.lang, 'unsupportedMedia'));
  });
  return composer;
}
