/**
 * Admin commands, for `config.telegram.adminUserIds` only: /stats (uptime, questions answered,
 * index size) and /reindex (rebuilds the index through deps.reindex; one rebuild at a time).
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { t } from '../../answer/strings/ui.js';

/** `3d 4h 5m 6s`, leaving out leading zero units. */
export function formatUptime(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ];
  const out: string[] = [];
  for (const [label, size] of units) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || out.length > 0) out.push(`${n}${label}`);
  }
  out.push(`${s}s`);
  return out.join(' ');
}

const isAdmin = (ctx: BotContext) =>
  ctx.from !== undefined && ctx.config.telegram.adminUserIds.includes(ctx.from.id);

export function adminFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command(['stats', 'reindex'], async (ctx, next) => {
    if (isAdmin(ctx)) return next();
    ctx.logger.info({ user: ctx.from?.id, command: ctx.msg.text }, 'admin command refused');
    await ctx.reply(t(ctx.lang, 'notAdmin'));
  });

  composer.command('stats', async (ctx) => {
    const articles = await ctx.engine.articles();
    await ctx.reply(
      t(
        ctx.lang,
        'stats',
        formatUptime(Date.now() - ctx.stats.startedAt),
        ctx.stats.questionsAnswered,
        articles.length,
      ),
    );
  });

  composer.command('reindex', async (ctx) => {
    if (!ctx.reindex) {
      await ctx.reply(t(ctx.lang, 'reindexUnavailable'));
      return;
    }
    if (ctx.stats.reindexing) {
      await ctx.reply(t(ctx.lang, 'reindexBusy'));
      return;
    }
    ctx.stats.reindexing = true;
    try {
      await ctx.reply(t(ctx.lang, 'reindexStart'));
      const { articles, chunks } = await ctx.reindex();
      await ctx.reply(t(ctx.lang, 'reindexDone', articles, chunks));
    } catch (err) {
      ctx.logger.error({ err }, 'reindex failed');
      await ctx.reply(t(ctx.lang, 'reindexFailed', err instanceof Error ? err.message : String(err)));
    } finally {
      ctx.stats.reindexing = false;
    }
  });

  return composer;
}
