/**
 * Per-user rate limit (@grammyjs/ratelimiter): `config.telegram.rateLimitPerMinute` updates per user
 * per 60 s window. The first update over the limit gets a polite reply; the rest of the window is
 * dropped silently, so a flood does not turn into a flood of refusals.
 */
import { limit } from '@grammyjs/ratelimiter';
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../../answer/strings/ui.js';

export const RATE_WINDOW_MS = 60_000;

export function rateLimitFeature(perMinute: number): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(
    limit<BotContext, never>({
      timeFrame: RATE_WINDOW_MS,
      limit: perMinute,
      // Only what a user sends counts; membership and similar service updates do not.
      keyGenerator: (ctx) =>
        ctx.message || ctx.editedMessage || ctx.callbackQuery || ctx.inlineQuery
          ? ctx.from?.id.toString()
          : undefined,
      onLimitExceeded: async (ctx) => {
        ctx.logger.info({ user: ctx.from?.id }, 'rate limit reached');
        try {
          if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t(ctx.lang, 'rateLimited') });
          else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 5 });
          else if (ctx.chat) await ctx.reply(t(ctx.lang, 'rateLimited'));
        } catch (err) {
          ctx.logger.warn({ err }, 'rate limit reply failed');
        }
      },
    }),
  );
  return composer;
}
