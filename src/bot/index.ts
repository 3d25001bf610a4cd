/**
 * createBot(token, deps): the grammY bot with every feature mounted, and nothing started — the
 * transport (long polling or webhook, src/bot/server.ts) is someone else's job. No module-level
 * state: everything the bot needs comes in through `deps`, so tests pass `botInfo` and never touch
 * the network.
 */
import { sequentialize } from '@grammyjs/runner';
import {
  Bot,
  GrammyError,
  HttpError,
  type ApiClientOptions,
  type BotError,
  type Middleware,
  type StorageAdapter,
  type Transformer,
} from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Engine } from '../answer/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createContextConstructor, type BotContext, type BotStats } from './context.js';
import { deliveryTransformers } from './delivery.js';
import { accessFeature } from './features/access.js';
import { adminFeature } from './features/admin.js';
import { askFeature } from './features/ask.js';
import { fallbackFeature } from './features/fallback.js';
import { inlineFeature } from './features/inline.js';
import { mediaFeature } from './features/media.js';
import { rateLimitFeature } from './features/rate-limit.js';
import { regionFeature } from './features/region.js';
import { sourcesFeature } from './features/sources.js';
import { startFeature } from './features/start.js';
import { htmlFallbackTransformer } from './format.js';
import { t } from '../answer/strings/ui.js';
import { BoundedMemoryStorage } from './memory-storage.js';
import { createSession } from './session.js';
import type { SessionData } from './session-data.js';
import { rejectMalformedUpdates } from './validate-update.js';
import { memorySeenUpdates, type SeenUpdates } from './session-store.js';

export type { BotContext } from './context.js';
export type { SessionData } from './session-data.js';
export { botCommands } from './features/start.js';

export interface BotDeps {
  engine: Engine;
  config: Config;
  logger: Logger;
  botInfo?: UserFromGetMe;
  /** rebuilds the index and swaps it in (admin /reindex) */
  reindex?: () => Promise<{ articles: number; chunks: number }>;
  /** Where sessions live (default: memory with TTL and a bound, lost on restart). */
  sessionStorage?: StorageAdapter<SessionData>;
  /** Update ids already handled, shared by replicas when backed by Redis (default: memory). */
  seenUpdates?: SeenUpdates;
  /** Extra API client options; `apiRoot` defaults to `config.telegram.apiRoot`. */
  client?: ApiClientOptions;
  /**
   * API transformers installed first, i.e. closest to the network, beneath auto-retry and the HTML
   * fallback (tests record calls here and answer them without a network).
   */
  apiTransformers?: Transformer[];
}

/** Logs a failed update and apologises to the user in their language; never throws. */
async function handleError(error: BotError<BotContext>): Promise<void> {
  const { ctx, error: err } = error;
  const update_id = ctx.update.update_id;
  if (err instanceof GrammyError)
    ctx.logger.warn(
      { err, update_id, method: err.method, code: err.error_code },
      'Telegram refused an API call',
    );
  else if (err instanceof HttpError) ctx.logger.warn({ err, update_id }, 'network error talking to Telegram');
  else ctx.logger.error({ err, update_id }, 'handling an update failed');
  // An inline query has no chat to apologise in; Telegram simply shows no results.
  if (!ctx.chat) return;
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    // One attempt window, not a second full budget: the API may well still be failing.
    const short = AbortSignal.timeout(ctx.config.telegram.timeoutMs);
    await ctx.reply(
      t(ctx.lang, err instanceof HttpError ? 'networkError' : 'error'),
      undefined,
      short as unknown as Parameters<BotContext['reply']>[2],
    );
  } catch (replyErr) {
    ctx.logger.warn({ err: replyErr, update_id }, 'apology could not be sent');
  }
}

/** The key updates are ordered by: the chat, else the user (inline queries), else none. */
export function orderKey(ctx: Pick<BotContext, 'chat' | 'from'>): string | undefined {
  return (ctx.chat?.id ?? ctx.from?.id)?.toString();
}

/** Handles each update_id once: Telegram re-sends a webhook call that failed or timed out. */
function dropDuplicates(seen: SeenUpdates): Middleware<BotContext> {
  return async (ctx, next) => {
    if (await seen.firstSeen(`${ctx.me.id}:${ctx.update.update_id}`)) return next();
    ctx.logger.info('duplicate update ignored');
  };
}

/** Long polls stay open up to 50 s (Telegram's maximum); other calls have their own timeout. */
const LONG_POLL_MAX_SECONDS = 50;

/**
 * Builds the bot: API transformers, per-chat order, de-duplication, access, rate limit, session,
 * then one composer per feature.
 */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const { engine, config, logger } = deps;
  const stats: BotStats = { startedAt: Date.now(), questionsAnswered: 0, reindexing: false };
  const bot = new Bot<BotContext>(token, {
    botInfo: deps.botInfo,
    client: {
      apiRoot: config.telegram.apiRoot,
      // grammY's default is 500 s; this bounds even the long poll (per-call timeouts: delivery.ts).
      timeoutSeconds: LONG_POLL_MAX_SECONDS + config.telegram.timeoutMs / 1000,
      ...deps.client,
    },
    ContextConstructor: createContextConstructor({ engine, config, logger, stats, reindex: deps.reindex }),
  });

  if (deps.apiTransformers?.length) bot.api.config.use(...deps.apiTransformers);
  const t = config.telegram;
  bot.api.config.use(
    ...deliveryTransformers({
      timeoutMs: t.timeoutMs,
      budgetMs: t.retryBudgetMs,
      maxRetryAfterSeconds: t.maxRetryAfterSeconds,
      retryBaseMs: t.retryBaseMs,
    }),
  );
  bot.api.config.use(htmlFallbackTransformer());

  // One chat's updates in order, whatever the transport (runner or webhook), as the grammY template does.
  bot.use(sequentialize(orderKey));
  bot.use(rejectMalformedUpdates);
  bot.use(dropDuplicates(deps.seenUpdates ?? memorySeenUpdates()));

  // Channel posts have no sender to keep a session or a rate limit for; the bot serves people.
  bot.drop((ctx) => ctx.channelPost !== undefined || ctx.editedChannelPost !== undefined);
  const guarded = bot.errorBoundary(handleError);
  guarded.use(accessFeature());
  guarded.use(rateLimitFeature(config.telegram.rateLimitPerMinute));
  guarded.use(
    createSession(
      deps.sessionStorage ??
        new BoundedMemoryStorage<SessionData>(t.sessionTtlSeconds * 1000, t.sessionMaxEntries),
    ),
  );
  guarded.use(startFeature());
  guarded.use(adminFeature());
  guarded.use(sourcesFeature());
  guarded.use(regionFeature());
  guarded.use(inlineFeature());
  guarded.use(askFeature());
  guarded.use(mediaFeature());
  guarded.use(fallbackFeature());

  // Only reached if the boundary's own handler throws; bot.catch keeps polling alive.
  bot.catch((err) =>
    logger.error({ err: err.error, update_id: err.ctx.update.update_id }, 'unhandled bot error'),
  );
  return bot;
}
