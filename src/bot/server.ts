/**
 * Bot transport: long polling through @grammyjs/runner (default) or a webhook served by node:http.
 * The bot itself (features, formatting) comes from `createBot`; this module only moves updates in
 * and keeps one chat's updates in order.
 */
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { BotError, webhookCallback, type Bot, type Context } from 'grammy';
import type { BotCommand, LanguageCode, Update } from 'grammy/types';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** Largest webhook body accepted; Telegram's updates are a few KB. */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

/** Commands for `setMyCommands`: one list, or lists per language (`default` = no language_code). */
export type CommandSpec = BotCommand[] | Record<string, BotCommand[]>;

/** grammY and the runner type signals with the abort-controller polyfill; at runtime it is Node's. */
type GrammySignal = NonNullable<Parameters<Bot['api']['getUpdates']>[1]>;

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
  /** Settles when the transport ends on its own (a fatal polling error rejects it). */
  finished: Promise<void>;
  /** Stops fetching/accepting updates and waits for running handlers. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The key that orders updates: the chat id, else the user id (inline queries), else none.
 * Exported so that anything else keyed per chat (sessions, history) uses the same key.
 */
export function chatKey(update: Update): string | undefined {
  const u = update as unknown as Record<
    string,
    { chat?: { id: number }; from?: { id: number }; message?: { chat?: { id: number } } } | undefined
  >;
  for (const value of Object.values(u)) {
    if (value === undefined || typeof value !== 'object') continue;
    const id = value.chat?.id ?? value.message?.chat?.id ?? value.from?.id;
    if (id !== undefined) return String(id);
  }
  return undefined;
}

/**
 * An adapter for `run()` that feeds `bot.handleUpdate` through `sequentialize` keyed by chat.
 * Sequentialize must wrap the whole middleware stack; `createBot` has already installed its
 * middleware, so instead of prepending with `bot.use` it wraps the bot's entry point.
 */
export function sequentializedBot<C extends Context>(bot: Bot<C>, logger?: Logger) {
  const inOrder = sequentialize<Update>(chatKey);
  return {
    init: () => bot.init(),
    handleUpdate: (update: Update) => inOrder(update, () => bot.handleUpdate(update)),
    errorHandler: (err: BotError<C>) => bot.errorHandler(err),
    api: {
      getUpdates: async (args: { offset: number; limit: number; timeout: number }, signal: GrammySignal) => {
        try {
          return await bot.api.getUpdates(args, signal);
        } catch (err) {
          // The runner retries with backoff; log here because it is silenced (it would use console).
          if (!signal.aborted) logger?.warn({ err }, 'getUpdates failed; retrying');
          throw err;
        }
      },
    },
  };
}

/**
 * The bot as webhookCallback sees it, with updates of one chat handled in order: Telegram may
 * deliver several updates of a chat over parallel connections, and they share a session.
 */
function sequentialWebhookBot<C extends Context>(bot: Bot<C>): Bot<C> {
  const inOrder = sequentialize<Update>(chatKey);
  const facade = {
    isRunning: () => bot.isRunning(),
    start: () => bot.start(),
    init: () => bot.init(),
    handleUpdate: (update: Update, envelope?: Parameters<Bot<C>['handleUpdate']>[1]) =>
      inOrder(update, () => bot.handleUpdate(update, envelope)),
  };
  // webhookCallback uses only these members of the bot.
  return facade as unknown as Bot<C>;
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

/**
 * Starts the bot in `config.telegram.mode`: polling deletes any webhook and runs the runner;
 * webhook mode serves `POST <path of WEBHOOK_URL>` and `GET /healthz`, then calls `setWebhook`.
 * Throws with a clear message when Telegram rejects the token or the webhook.
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
    // Network errors are retried with backoff; bound the whole start so a wrong TELEGRAM_API_ROOT
    // or a dead network ends in a message instead of a silent hang.
    // grammY types its signal with the abort-controller shim; the native one is compatible at run time.
    await bot.init(AbortSignal.timeout(initTimeoutMs) as unknown as Parameters<typeof bot.init>[0]);
  } catch (err) {
    throw new Error(
      `Telegram rejected the bot or did not answer (getMe failed at ${config.telegram.apiRoot}, waited at most ${initTimeoutMs / 1000} s): ${describe(err)}`,
      { cause: err },
    );
  }
  if (options.commands) await registerCommands(bot, options.commands, logger);
  return config.telegram.mode === 'webhook'
    ? startWebhook(bot, config, logger, options)
    : startPolling(bot, config, logger, options);
}

async function startPolling<C extends Context>(
  bot: Bot<C>,
  config: Config,
  logger: Logger,
  options: StartBotOptions,
): Promise<RunningBot> {
  // A webhook left from an earlier deployment makes getUpdates fail with 409.
  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const handle: RunnerHandle = run(sequentializedBot(bot, logger), {
    runner: {
      fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [] },
      silent: true,
      retryInterval: 'exponential',
      maxRetryTime: 60 * 60 * 1000,
    },
    sink: { concurrency: options.concurrency ?? 100 },
  });
  logger.info({ bot: bot.botInfo.username, apiRoot: config.telegram.apiRoot }, 'bot polling');
  const finished = Promise.resolve(handle.task());
  let stopping: Promise<void> | undefined;
  return {
    mode: 'polling',
    finished,
    stop: () => (stopping ??= handle.isRunning() ? handle.stop() : Promise.resolve()),
  };
}

class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJsonBody(req: http.IncomingMessage): Promise<Update> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_WEBHOOK_BODY_BYTES) {
      req.resume();
      return reject(new HttpStatusError(413, 'body too large'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        reject(new HttpStatusError(413, 'body too large'));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once('error', reject);
    req.once('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof value !== 'object' || value === null || typeof (value as Update).update_id !== 'number')
          return reject(new HttpStatusError(400, 'not a Telegram update'));
        resolve(value as Update);
      } catch {
        reject(new HttpStatusError(400, 'body is not JSON'));
      }
    });
  });
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
  const inFlight = new Set<Promise<void>>();
  const handleUpdate = webhookCallback(
    sequentialWebhookBot(bot),
    (req: http.IncomingMessage, res: http.ServerResponse) => ({
      // Read lazily: grammY checks the secret first, so a wrong secret never costs a body read.
      get update() {
        return readJsonBody(req);
      },
      header: [req.headers['x-telegram-bot-api-secret-token']].flat()[0],
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized'),
    }),
    {
      secretToken: webhookSecret,
      // Telegram re-sends an update whose request fails; answer in time and let the handler finish.
      onTimeout: 'return',
      timeoutMilliseconds: Math.min(50_000, config.llm.timeoutMs + 5_000),
    },
  );

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'method not allowed' });
      void (options.health?.() ?? Promise.resolve({}))
        .then((extra) => json(200, { status: 'ok', mode: 'webhook', bot: bot.botInfo.username, ...extra }))
        .catch((err: unknown) => json(503, { status: 'error', error: describe(err) }));
      return;
    }
    if (url.pathname !== path) return json(404, { error: 'not found' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return json(405, { error: 'method not allowed' });
    }
    // Checked here as well so that a wrong secret is refused before anything else happens.
    if (!sameSecret([req.headers['x-telegram-bot-api-secret-token']].flat()[0], webhookSecret)) {
      req.resume();
      return json(401, { error: 'unauthorized' });
    }
    const task = (async () => {
      try {
        await handleUpdate(req, res);
      } catch (err) {
        if (err instanceof HttpStatusError) return json(err.status, { error: err.message });
        // The bot's error boundary should have caught it; answer 200 so Telegram does not re-send
        // an update that fails every time.
        if (err instanceof BotError) await Promise.resolve(bot.errorHandler(err)).catch(() => undefined);
        else logger.error({ err }, 'webhook update failed');
        json(200, { ok: false });
      }
    })();
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
    throw new Error(`Telegram rejected setWebhook(${webhookUrl}): ${describe(err)}`, { cause: err });
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

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
