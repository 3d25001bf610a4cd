/**
 * createBot(token, deps): the grammY bot with every feature mounted, and nothing started — the
 * transport (long polling or webhook, src/bot/server.ts) is someone else's job. No module-level
 * state: everything the bot needs comes in through `deps`, so tests pass `botInfo` and never touch
 * the network.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import {
  Bot,
  GrammyError,
  HttpError,
  type ApiClientOptions,
  type BotError,
  type StorageAdapter,
  type Transformer,
} from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Engine } from '../answer/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createContextConstructor, type BotContext, type BotStats } from './context.js';
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
import { createSession, type SessionData } from './session.js';

export type { BotContext } from './context.js';
export type { SessionData } from './session.js';
export { botCommands } from './features/start.js';

export interface BotDeps {
  engine: Engine;
  config: Config;
  logger: Logger;
  botInfo?: UserFromGetMe;
  /** rebuilds the index and swaps it in (admin /reindex) */
  reindex?: () => Promise<{ articles: number; chunks: number }>;
  /** Where sessions live (default: memory, lost on restart). */
  sessionStorage?: StorageAdapter<SessionData>;
  /** Extra API client options; `apiRoot` defaults to `config.telegram.apiRoot`. */
  client?: ApiClientOptions;
  /**
   * API transformers installed first, i.e. closest to the network, beneath auto-retry and the HTML
   * fallback (tests record calls here and answer them without a network).
   */
  apiTransformers?: Transformer[];
}

/**
 * Bounded, so a long 429 or an outage fails the update instead of stalling it for minutes.
 * auto-retry would retry network errors (HttpError) forever, outside maxRetryAttempts, so it
 * rethrows them and networkRetry below gives them a few quick, bounded attempts instead.
 */
const AUTO_RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true };
const NETWORK_RETRIES = 2;
const NETWORK_RETRY_DELAY_MS = 300;

/** An API transformer retrying calls that failed on the network a bounded number of times. */
function networkRetry(): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || attempt >= NETWORK_RETRIES || signal?.aborted) throw err;
        await new Promise((resolve) => setTimeout(resolve, NETWORK_RETRY_DELAY_MS * 2 ** attempt));
      }
    }
  };
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
    await ctx.reply(t(ctx.lang, err instanceof HttpError ? 'networkError' : 'error'));
  } catch (replyErr) {
    ctx.logger.warn({ err: replyErr, update_id }, 'apology could not be sent');
  }
}

/** Builds the bot: API transformers, access, rate limit, session, then one composer per feature. */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const { engine, config, logger } = deps;
  const stats: BotStats = { startedAt: Date.now(), questionsAnswered: 0, reindexing: false };
  const bot = new Bot<BotContext>(token, {
    botInfo: deps.botInfo,
    client: { apiRoot: config.telegram.apiRoot, ...deps.client },
    ContextConstructor: createContextConstructor({ engine, config, logger, stats, reindex: deps.reindex }),
  });

  if (deps.apiTransformers?.length) bot.api.config.use(...deps.apiTransformers);
  bot.api.config.use(networkRetry());
  bot.api.config.use(autoRetry(AUTO_RETRY));
  bot.api.config.use(htmlFallbackTransformer());

  // Channel posts have no sender to keep a session or a rate limit for; the bot serves people.
  bot.drop((ctx) => ctx.channelPost !== undefined || ctx.editedChannelPost !== undefined);
  const guarded = bot.errorBoundary(handleError);
  guarded.use(accessFeature());
  guarded.use(rateLimitFeature(config.telegram.rateLimitPerMinute));
  guarded.use(createSession(deps.sessionStorage));
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
