/**
 * The bot over the wire: the real createBot, engine and index, the real long-polling loop (or
 * webhook server) from startBot, and a fake Bot API on 127.0.0.1 in place of api.telegram.org.
 * The last test runs `npm start`'s entry point as a child process, as outside evaluation does.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createBot } from '../../src/bot/index.js';
import { startBot, type RunningBot } from '../../src/bot/server.js';
import { createLogger } from '../../src/logger.js';
import {
  FAKE_BOT_INFO,
  FAKE_TOKEN,
  startFakeBotApi,
  validateTelegramHtml,
  type FakeBotApi,
} from '../helpers/fake-bot-api.js';
import { REPO_ROOT, testConfig, useTempEngine } from '../helpers/temp-index.js';

const logger = createLogger('silent');

describe('bot e2e against a fake Bot API', () => {
  const { index, engine } = useTempEngine();

  /** Starts the real bot on a fresh fake API; `fn` runs with both; everything is stopped after. */
  async function withPollingBot(fn: (api: FakeBotApi, running: RunningBot) => Promise<void>) {
    const api = await startFakeBotApi();
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const bot = createBot(FAKE_TOKEN, { engine: engine(), config, logger });
    const running = await startBot(bot, config, logger, { pollTimeoutSeconds: 2 });
    try {
      await fn(api, running);
    } finally {
      await running.stop();
      await api.close();
    }
  }

  const toChat = (chatId: number) => (c: { params: Record<string, unknown>; status: number }) =>
    c.params.chat_id === chatId && c.status === 200;

  test('long polling: a question comes back as a cited answer in valid HTML under 4096 characters', async () => {
    await withPollingBot(async (api) => {
      assert.ok(api.callsOf('deleteWebhook').length === 1, 'polling starts by deleting any webhook');
      api.pushText(1001, '勐腊县社区干部每月补助标准是多少?');
      const reply = await api.waitForCall('sendMessage', toChat(1001));
      const text = String(reply.params.text);
      assert.equal(reply.params.parse_mode, 'HTML');
      assert.equal(validateTelegramHtml(text), null);
      assert.ok(text.length < 4096);
      assert.match(text, /2000/);
      assert.match(text, /\[1\]/);
      // The update was confirmed: the next poll's offset moved past it.
      await api.waitForCall('getUpdates', (c) => Number(c.params.offset) >= 2);
      assert.equal(api.pending(), 0);
    });
  });

  test('a 429 with retry_after is honoured: the answer still arrives, no sooner than retry_after', async () => {
    await withPollingBot(async (api) => {
      api.failNext('sendMessage', { kind: '429', retryAfter: 1 });
      api.pushText(1002, '凤庆县有多少名党员?');
      const refused = await api.waitForCall('sendMessage', (c) => c.status === 429);
      const reply = await api.waitForCall('sendMessage', toChat(1002));
      assert.match(String(reply.params.text), /20000/);
      assert.ok(reply.at - refused.at >= 1000, `retried after ${Math.round(reply.at - refused.at)} ms`);
    });
  });

  test('a 400 "can\'t parse entities" falls back to plain text with the same answer', async () => {
    await withPollingBot(async (api) => {
      api.failNext('sendMessage', { kind: 'bad-entities' });
      api.pushText(1003, '昌都市建立了多少个村级便民服务站点?');
      const refused = await api.waitForCall('sendMessage', (c) => c.status === 400);
      assert.equal(refused.params.parse_mode, 'HTML');
      const reply = await api.waitForCall('sendMessage', toChat(1003));
      assert.equal(reply.params.parse_mode, undefined);
      assert.match(String(reply.params.text), /728/);
      assert.doesNotMatch(String(reply.params.text), /<\/?b>|&amp;/);
    });
  });

  test('webhook: a wrong or missing secret gets 401 and reaches no handler; the right one is answered; /healthz answers', async () => {
    const api = await startFakeBotApi();
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_SECRET: 'right-secret',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const bot = createBot(FAKE_TOKEN, { engine: engine(), config, logger, botInfo: FAKE_BOT_INFO });
    const running = await startBot(bot, config, logger, {
      health: async () => ({ articles: (await engine().articles()).length }),
    });
    try {
      const setWebhook = api.callsOf('setWebhook')[0];
      assert.equal(setWebhook?.params.url, 'https://bot.example.org/telegram');
      assert.equal(setWebhook?.params.secret_token, 'right-secret');
      const update = (id: number, text: string) =>
        JSON.stringify({
          update_id: id,
          message: {
            message_id: id,
            date: 0,
            chat: { id: 2001, type: 'private' },
            from: { id: 2001, is_bot: false, first_name: 'T' },
            text,
          },
        });
      const post = (body: string, secret?: string) =>
        fetch(`${running.url}/telegram`, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
        });
      assert.equal((await post(update(1, '凤庆县有多少名党员?'), 'wrong-secret')).status, 401);
      assert.equal((await post(update(2, '凤庆县有多少名党员?'))).status, 401);
      assert.equal(
        api.callsOf('sendMessage').length + api.callsOf('sendChatAction').length,
        0,
        'no handler ran',
      );
      const ok = await post(update(3, '凤庆县有多少名党员?'), 'right-secret');
      assert.equal(ok.status, 200);
      const reply = await api.waitForCall('sendMessage', toChat(2001), 5000);
      assert.match(String(reply.params.text), /20000/);
      const health = await fetch(`${running.url}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), {
        status: 'ok',
        mode: 'webhook',
        bot: FAKE_BOT_INFO.username,
        articles: 5,
      });
    } finally {
      await running.stop();
      await api.close();
    }
  });

  /** Runs `npm start`'s entry point as a child on the fake API; asks one question. */
  async function startAndAsk(extraEnv: Record<string, string>) {
    const api = await startFakeBotApi();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/main.ts')], {
      cwd: REPO_ROOT,
      // A clean environment: only what the program needs, so a developer's .env values are overridden.
      env: {
        HOME: os.homedir(),
        CORPUS_DIR: index().config.corpusDir,
        INDEX_URI: index().config.indexUri,
        MODELS_DIR: index().config.modelsDir,
        EMBEDDINGS: 'off',
        ALLOW_REMOTE_MODELS: 'false',
        LLM_PROVIDER: 'none',
        BOT_MODE: 'polling',
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.apiRoot,
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // Polling starts right after deleteWebhook; the pending long poll picks the update up.
      await api.waitForCall('deleteWebhook', undefined, 60_000);
      api.pushText(3001, '小中甸镇建立了几个为民服务站?');
      const reply = await api.waitForCall('sendMessage', toChat(3001), 30_000);
      assert.match(String(reply.params.text), /3个为民服务站|3個為民服務站/);
      assert.equal(validateTelegramHtml(String(reply.params.text)), null);
      assert.ok(api.callsOf('setMyCommands').length >= 1, 'commands are registered at start');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      return stderr;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await api.close();
    }
  }

  test('npm start as a child process: answers over the Bot API, exits 0 on SIGTERM', async () => {
    await startAndAsk({});
  });

  test('finding 2: npm start with REDIS_URL on a dead port warns with host:port (no password) and answers', async () => {
    const dead = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const stderr = await startAndAsk({ REDIS_URL: `redis://:pw-s3cret-xyz@127.0.0.1:${dead}` });
    assert.match(stderr, new RegExp(`cannot connect to Redis at 127\\.0\\.0\\.1:${dead}`));
    assert.doesNotMatch(stderr, /pw-s3cret-xyz/);
  });
});

test('npm start with a bad variable prints one line naming it and exits 1', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { HOME: os.homedir(), TELEGRAM_BOT_TOKEN: 'not-a-token' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 1);
  assert.match(stderr, /^error: Invalid config: TELEGRAM_BOT_TOKEN does not look like a bot token/);
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
});
