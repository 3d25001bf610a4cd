/**
 * Bot throughput and reply latency over the wire: the real bot, engine (extractive) and a
 * keyword-only index of the real corpus, run by startBot's long-polling loop against the fake Bot
 * API. Latency = update queued at the fake → first sendMessage to that chat received.
 * Each chat asks its next question once the previous update has been fully handled (closed loop).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createEngine } from '../src/answer/engine.js';
import { createBot } from '../src/bot/index.js';
import { startBot } from '../src/bot/server.js';
import { buildIndex } from '../src/ingest/build.js';
import { createLogger } from '../src/logger.js';
import { FAKE_TOKEN, startFakeBotApi } from '../test/helpers/fake-bot-api.js';
import { benchConfig, machineNote, percentile, printTable, tempDir } from './lib.js';

export interface BotBenchRow {
  scenario: string;
  chats: number;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

const FALLBACK_QUESTIONS = [
  '勐腊县社区干部每月补助标准是多少?',
  '凤庆县有多少名党员?',
  '昌都市建立了多少个村级便民服务站点?',
];

function questions(): string[] {
  try {
    const file = fileURLToPath(new URL('../../shared/eval/dev.jsonl', import.meta.url));
    const qs = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { question?: string }).question)
      .filter((q): q is string => typeof q === 'string');
    return qs.length > 0 ? qs : FALLBACK_QUESTIONS;
  } catch {
    return FALLBACK_QUESTIONS;
  }
}

/** Runs the scenarios (1 chat and 50 chats, 200 updates each by default) and returns one row each. */
export async function measure(
  options: { updates?: number; chatCounts?: number[] } = {},
): Promise<BotBenchRow[]> {
  const total = options.updates ?? 200;
  const logger = createLogger('silent');
  const { dir, cleanup } = await tempDir('bench-bot-');
  // Keyword-only: the figures are about the transport and the bot, not the embedding model.
  const indexConfig = benchConfig(path.join(dir, 'index'), { EMBEDDINGS: 'off' });
  let engine;
  try {
    await buildIndex(indexConfig, logger);
    engine = await createEngine({ config: indexConfig, logger });
  } catch (err) {
    await cleanup();
    throw err;
  }
  const qs = questions();
  const rows: BotBenchRow[] = [];
  try {
    for (const chats of options.chatCounts ?? [1, 50]) {
      const api = await startFakeBotApi();
      const config = benchConfig(indexConfig.indexUri, {
        EMBEDDINGS: 'off',
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.apiRoot,
        // The per-user limit would otherwise refuse a benchmark chat after 20 questions.
        RATE_LIMIT_PER_MINUTE: '10000',
      });
      const bot = createBot(FAKE_TOKEN, { engine, config, logger });
      // Probe (not a stub): note when each update's handling has finished, to pace the closed loop.
      const finished = new Map<number, () => void>();
      const handleUpdate = bot.handleUpdate.bind(bot);
      bot.handleUpdate = async (update, envelope) => {
        try {
          await handleUpdate(update, envelope);
        } finally {
          finished.get(update.update_id)?.();
        }
      };
      const firstReply = new Map<number, (at: number) => void>();
      api.onCall((call) => {
        if (call.method === 'sendMessage' && call.status === 200)
          firstReply.get(Number(call.params.chat_id))?.(call.at);
      });
      const running = await startBot(bot, config, logger, { pollTimeoutSeconds: 5 });
      const latencies: number[] = [];
      const perChat = Math.ceil(total / chats);
      let asked = 0;
      const t0 = performance.now();
      try {
        await Promise.all(
          Array.from({ length: chats }, async (_, c) => {
            const chatId = 10_000 + c;
            for (let i = 0; i < perChat && asked < total; i++) {
              asked++;
              const question = qs[(c + i) % qs.length]!;
              const replied = new Promise<number>((resolve) => firstReply.set(chatId, resolve));
              let done!: () => void;
              const handled = new Promise<void>((resolve) => (done = resolve));
              const queuedAt = performance.now();
              const { updateId } = api.pushText(chatId, question);
              finished.set(updateId, done);
              const repliedAt = await replied;
              firstReply.delete(chatId);
              latencies.push(repliedAt - queuedAt);
              await handled;
              finished.delete(updateId);
            }
          }),
        );
      } finally {
        await running.stop();
        await api.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      rows.push({
        scenario: `bot polling, ${chats} chat${chats === 1 ? '' : 's'}`,
        chats,
        updates: latencies.length,
        seconds: Math.round(seconds * 100) / 100,
        updatesPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
        p50Ms: Math.round(percentile(latencies, 50)),
        p95Ms: Math.round(percentile(latencies, 95)),
        maxMs: Math.round(Math.max(...latencies)),
      });
    }
  } finally {
    await engine.close();
    await cleanup();
  }
  return rows;
}

/** Prints the table (the convention of bench/run.ts: each benchmark prints its own). */
export async function run(): Promise<void> {
  const note = machineNote();
  const rows = await measure();
  printTable(
    `Bot over the Bot API (fake server, long polling, extractive, keyword-only) — ${note}`,
    rows.map((r) => ({ ...r })),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await run();
