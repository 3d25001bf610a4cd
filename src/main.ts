/**
 * `npm start`: ensure the index exists (ingest when missing), open the engine, then run the
 * Telegram bot when TELEGRAM_BOT_TOKEN is set, else the terminal chat on the same engine.
 */
import type { Engine } from './answer/types.js';
import { createEngine } from './answer/engine.js';
import { botCommands, createBot } from './bot/index.js';
import { onShutdownSignals, startBot } from './bot/server.js';
import { createSessionStore } from './bot/session-store.js';
import { runChat } from './cli/chat.js';
import { runCli } from './cli/run.js';
import { loadConfig, secretsOf, type Config } from './config.js';
import { buildIndex, formatReport, indexExists } from './ingest/build.js';
import { createLogger, type Logger } from './logger.js';
import type { Script } from './text/script.js';

/** The terminal chat's language, from the system locale (Intl reads LANG/LC_ALL for us). */
function localeScript(): Script {
  const locale = Intl.DateTimeFormat().resolvedOptions().locale.toLowerCase();
  if (!locale.startsWith('zh')) return 'en';
  return /hant|-tw|-hk|-mo/.test(locale) ? 'zh-Hant' : 'zh-Hans';
}

async function ensureIndex(config: Config, logger: Logger): Promise<void> {
  if (await indexExists(config)) return;
  logger.info({ indexUri: config.indexUri, corpusDir: config.corpusDir }, 'no index yet: building it');
  const report = await buildIndex(config, logger);
  process.stderr.write(`${formatReport(report)}\n`);
}

async function runTelegram(engine: Engine, config: Config, logger: Logger, token: string): Promise<void> {
  let rebuilding: Promise<{ articles: number; chunks: number }> | undefined;
  const reindex = () =>
    (rebuilding ??= (async () => {
      try {
        const report = await buildIndex(config, logger);
        await engine.reload();
        return { articles: report.articles, chunks: report.chunks };
      } finally {
        rebuilding = undefined;
      }
    })());
  const sessions = await createSessionStore(config, logger);
  const bot = createBot(token, {
    engine,
    config,
    logger,
    reindex,
    sessionStorage: sessions.storage,
    seenUpdates: sessions.seen,
  });
  const running = await startBot(bot, config, logger, {
    health: async () => ({ articles: (await engine.articles()).length }),
    // Telegram picks the list by the user's app language; Chinese is the default.
    commands: { default: botCommands('zh-Hans'), en: botCommands('en') },
  });
  const shutdown = async () => {
    await running.stop();
    await sessions.close();
    await engine.close();
  };
  onShutdownSignals(shutdown, logger);
  running.finished.catch(async (err: unknown) => {
    // The token was refused (401/404): retrying cannot help.
    logger.fatal(
      { err },
      `the bot stopped receiving updates: ${err instanceof Error ? err.message : String(err)}`,
    );
    await engine.close().catch(() => undefined);
    process.exit(1);
  });
}

async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  await ensureIndex(config, logger);
  const engine = await createEngine({ config, logger });
  const token = config.telegram.token;
  if (token) {
    try {
      await runTelegram(engine, config, logger, token);
    } catch (err) {
      await engine.close().catch(() => undefined);
      throw err;
    }
    // The runner or the webhook server keeps the process alive until a signal arrives.
    return 0;
  }
  await runChat(engine, {
    input: process.stdin,
    output: process.stdout,
    script: localeScript(),
    maxQuestionChars: config.maxQuestionChars,
  });
  await engine.close();
  // After /quit stdin is still open (a TTY or an unfinished pipe) and would keep the process alive.
  process.stdin.destroy();
  return 0;
}

await runCli(main);
