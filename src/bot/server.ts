/**
 * Bot transport, on grammY's own pieces: long polling through @grammyjs/runner (default) or a
 * webhook through `webhookCallback(bot, 'http', { secretToken })` on node:http. The bot itself
 * (features, per-chat order, de-duplication) comes from `createBot`; this module only moves
 * updates in, answers /healthz and refuses what is not a Telegram webhook call.
 */
import http from 'node:http';
import {
  BotError,
  GrammyError,
  HttpError,
  webhookCallback,
  type Bot,
  type Context,
  type Transformer,
} from 'grammy';
import type { BotCommand, LanguageCode } from 'grammy/types';
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Config } from '../config.js';
import { scrubSecrets, type Logger } from '../logger.js';
import { MalformedUpdateError } from './validate-update.js';

/** Largest webhook body accepted; Telegram's updates are a few KB. */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

/** Commands for `setMyCommands`: one list, or lists per language (`default` = no language_code). */
export type CommandSpec = BotCommand[] | Record<string, BotCommand[]>;

export interface StartBotOptions {
  /** Extra fields for `GET /healthz` (e.g. the index's article count). */
  health?: () => Promise<Record<string, unknown>>;
  /** Registered with `setMyCommands` at start. */
  commands?: CommandSpec;
  /** Long-polling `timeout` in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** How long start-up waits for getMe (default 30 s). */
  initTimeoutMs?: number;
  /** Updates processed at once across chats (default 100); one chat is always sequential. */
  concurrency?: number;
}

export interface RunningBot {
  mode: 'polling' | 'webhook';
  /** The webhook server's address (webhook mode only), e.g. `http://127.0.0.1:8080`. */
  url?: string;
  /** Settles when the transport ends on its own; rejects when the token is refused (401/404). */
  finished: Promise<void>;
  /** Stops fetching/accepting updates and waits for running handlers. Idempotent. */
  stop(): Promise<void>;
}

async function registerCommands<C extends Context>(bot: Bot<C>, commands: CommandSpec, logger: Logger) {
  const lists = Array.isArray(commands) ? { default: commands } : commands;
  for (const [lang, list] of Object.entries(lists)) {
    try {
      await bot.api.setMyCommands(
        list,
        lang === 'default' ? undefined : { language_code: lang as LanguageCode },
      );
    } catch (err) {
      // Commands are a convenience: a failure must not keep the bot from answering.
      logger.warn({ err, lang }, 'setMyCommands failed');
    }
  }
}

/** How long start-up may wait for the Bot API's getMe. */
const INIT_TIMEOUT_MS = 30_000;

/** 401 and 404 mean the token is wrong (404: no such bot): retrying cannot help. */
const isBadToken = (code: number | undefined) => code === 401 || code === 404;

/** The reason behind a network failure (HttpError wraps fetch's error, which wraps the socket's). */
function networkReason(err: unknown): string {
  let e: unknown = err instanceof HttpError ? err.error : err;
  const parts: string[] = [];
  for (let depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
    e = e.cause;
  }
  // fetch's message holds the request URL, and so the token: this text ends up on stderr.
  return scrubSecrets(parts.join(': ') || String(err));
}

/** A start-up failure told plainly: a refused token, or a Bot API that does not answer. */
export function startFailure(err: unknown, apiRoot: string, waitedMs: number): Error {
  if (err instanceof GrammyError && isBadToken(err.error_code))
    return new Error(
      `The Bot API at ${apiRoot} refused the bot token (${err.error_code} ${err.description}): ` +
        'check TELEGRAM_BOT_TOKEN (the token @BotFather gave you)',
      { cause: err },
    );
  if (err instanceof GrammyError)
    return new Error(`The Bot API at ${apiRoot} answered getMe with ${err.error_code} ${err.description}`, {
      cause: err,
    });
  return new Error(
    `Cannot reach the Bot API at ${apiRoot}: no answer to getMe within ${waitedMs / 1000} s ` +
      `(${networkReason(err)}); check TELEGRAM_API_ROOT and the network`,
    { cause: err },
  );
}

/**
 * Starts the bot in `config.telegram.mode`: polling deletes any webhook and runs the runner;
 * webhook mode serves `POST <path of WEBHOOK_URL>` and `GET /healthz`, then calls `setWebhook`.
 * Throws with a plain message when Telegram rejects the token or does not answer.
 */
export async function startBot<C extends Context>(
  bot: Bot<C>,
  config: Config,
  logger: Logger,
  options: StartBotOptions = {},
): Promise<RunningBot> {
  const initTimeoutMs = options.initTimeoutMs ?? INIT_TIMEOUT_MS;
  logger.info({ apiRoot: config.telegram.apiRoot }, 'connecting to the Bot API');
  try {
    // getMe directly rather than bot.init(), whose own retry loop hides the reason behind
    // "Aborted delay"; network errors are retried by the delivery transformers until the signal ends.
    // grammY types its signal with the abort-controller shim; the native one is compatible at run time.
    if (!bot.isInited())
      bot.botInfo = await bot.api.getMe(
        AbortSignal.timeout(initTimeoutMs) as unknown as Parameters<typeof bot.api.getMe>[0],
      );
  } catch (err) {
    throw startFailure(err, config.telegram.apiRoot, initTimeoutMs);
  }
  if (options.commands) await registerCommands(bot, options.commands, logger);
  return config.telegram.mode === 'webhook'
    ? startWebhook(bot, config, logger, options)
    : startPolling(bot, config, logger, options);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * getUpdates policy for the runner: a 409 (another instance still polling, e.g. during a deploy),
 * a network error, a 5xx or a 429 is waited out with capped backoff (or `retry_after`), so only a
 * 401/404 (bad token) ends polling, through `onFatal`. Each episode is logged once, and the recovery.
 */
export function pollingGuard(
  logger: Logger,
  retryBaseMs: number,
  onFatal: (err: Error) => void,
): Transformer {
  let failing = false;
  return async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    const nativeSignal = signal as unknown as AbortSignal | undefined;
    let delay = retryBaseMs;
    for (;;) {
      let result: Awaited<ReturnType<typeof prev>> | undefined;
      let error: unknown;
      try {
        result = await prev(method, payload, signal);
      } catch (err) {
        if (nativeSignal?.aborted) throw err;
        error = err;
      }
      if (result?.ok) {
        if (failing) logger.info('getUpdates works again');
        failing = false;
        return result;
      }
      if (result && isBadToken(result.error_code)) {
        onFatal(
          new Error(
            `The Bot API refused the bot token on getUpdates (${result.error_code} ${result.description}): ` +
              'check TELEGRAM_BOT_TOKEN',
          ),
        );
        return result;
      }
      if (!failing) {
        if (result?.error_code === 409)
          logger.warn(
            { code: 409, description: result.description },
            'another instance is polling with this token (409); waiting for it to stop',
          );
        else
          logger.warn(
            { err: error, code: result?.error_code, description: result?.description },
            'getUpdates failed; retrying with backoff',
          );
      }
      failing = true;
      const retryAfter = result?.parameters?.retry_after;
      await pause(typeof retryAfter === 'number' ? retryAfter * 1000 : delay, nativeSignal);
      if (nativeSignal?.aborted) {
        if (result) return result;
        throw error;
      }
      delay = Math.min(delay * 2, 30_000);
    }
  };
}

async function startPolling<C extends Context>(
  bot: Bot<C>,
  config: Config,
  logger: Logger,
  options: StartBotOptions,
): Promise<RunningBot> {
  let fail!: (err: Error) => void;
  const fatal = new Promise<never>((_, reject) => (fail = reject));
  // Avoid an unhandled rejection when nobody awaits `finished`.
  fatal.catch(() => undefined);
  bot.api.config.use(
    pollingGuard(logger, config.telegram.retryBaseMs, (err) => {
      fail(err);
      // Only getUpdates calls this, so the runner below exists by then.
      void handle.stop();
    }),
  );
  // A webhook left from an earlier deployment makes getUpdates fail with 409.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const handle: RunnerHandle = run(bot, {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [] },
      // pollingGuard retries and logs; the runner only sees a refused token.
      silent: true,
    },
    sink: { concurrency: options.concurrency ?? 100 },
  });
  logger.info({ bot: bot.botInfo.username, apiRoot: config.telegram.apiRoot }, 'bot polling');
  const running = handle;
  const finished = Promise.race([Promise.resolve(running.task()), fatal]);
  let stopping: Promise<void> | undefined;
  return {
    mode: 'polling',
    finished,
    stop: () => (stopping ??= running.isRunning() ? running.stop() : Promise.resolve()),
  };
}

function webhookPath(config: Config): string {
  const p = config.telegram.webhookUrl ? new URL(config.telegram.webhookUrl).pathname : '/';
  return p === '/' || p === '' ? '/telegram' : p.replace(/\/+$/, '');
}

async function startWebhook<C extends Context>(
  bot: Bot<C>,
  config: Config,
  logger: Logger,
  options: StartBotOptions,
): Promise<RunningBot> {
  const { webhookUrl, webhookSecret, host, port } = config.telegram;
  if (!webhookUrl || !webhookSecret)
    throw new Error('Invalid config: WEBHOOK_URL and WEBHOOK_SECRET are required when BOT_MODE=webhook');
  const path = webhookPath(config);
  const handleWebhook = webhookCallback(bot, 'http', {
    secretToken: webhookSecret,
    // Telegram re-sends an update whose request fails; answer in time and let the handler finish.
    onTimeout: 'return',
    timeoutMilliseconds: Math.min(50_000, config.llm.timeoutMs + 5_000),
  });
  const inFlight = new Set<Promise<void>>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.headersSent) return void res.end();
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    if (url.pathname === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return json(405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      void (options.health?.() ?? Promise.resolve({}))
        .then((extra) => json(200, { status: 'ok', mode: 'webhook', bot: bot.botInfo.username, ...extra }))
        .catch((err: unknown) => json(503, { status: 'error', error: String(err) }));
      return;
    }
    if (url.pathname !== path) return json(404, { error: 'not found' });
    if (req.method !== 'POST') return json(405, { error: 'method not allowed' }, { allow: 'POST' });
    // Telegram always sends Content-Length; the body is never read past this bound.
    const length = req.headers['content-length'];
    if (length === undefined) return json(411, { error: 'length required' }, { connection: 'close' });
    if (Number(length) > MAX_WEBHOOK_BODY_BYTES)
      return json(413, { error: 'body too large' }, { connection: 'close' });
    const task = handleWebhook(req, res).catch(async (err: unknown) => {
      // Bad JSON, or JSON that is not an update: the sender's fault.
      const malformed =
        err instanceof SyntaxError ||
        (err instanceof BotError && err.error instanceof MalformedUpdateError) ||
        !(err instanceof BotError);
      if (malformed) return json(400, { error: 'not a Telegram update' });
      // The bot's error boundary should have caught it; answer 200 so Telegram does not re-send
      // an update that fails every time.
      await Promise.resolve(bot.errorHandler(err)).catch(() => undefined);
      json(200, { ok: false });
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const localUrl =
    address && typeof address === 'object'
      ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
      : undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  server.once('close', () => finish());

  try {
    await bot.api.setWebhook(webhookUrl, { secret_token: webhookSecret, allowed_updates: [] });
  } catch (err) {
    server.close();
    throw new Error(`Telegram rejected setWebhook(${webhookUrl}): ${networkReason(err)}`, { cause: err });
  }
  logger.info({ bot: bot.botInfo.username, listen: localUrl, path }, 'bot webhook listening');

  let stopping: Promise<void> | undefined;
  return {
    mode: 'webhook',
    url: localUrl,
    finished,
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
      })()),
  };
}

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits 0 (1 if shutdown threw).
 * A second signal while shutting down exits at once.
 */
export function onShutdownSignals(shutdown: () => Promise<void>, logger: Logger): () => void {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    started = true;
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
