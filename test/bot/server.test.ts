/**
 * The transport on its own terms: per-chat ordering under the concurrent runner, the webhook
 * server's answers to bad requests, start-up failures and stopping. Real bot, engine and index.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBot } from '../../src/bot/index.js';
import { MAX_WEBHOOK_BODY_BYTES, startBot } from '../../src/bot/server.js';
import { createLogger } from '../../src/logger.js';
import type { Transformer } from 'grammy';
import { FAKE_BOT_INFO, FAKE_TOKEN, startFakeBotApi } from '../helpers/fake-bot-api.js';
import { testConfig, useTempEngine } from '../helpers/temp-index.js';

const logger = createLogger('silent');

describe('startBot with the real bot', () => {
  const { index, engine } = useTempEngine();

  /**
   * createBot orders one chat's updates whatever the transport: the first answer to chat 601 is
   * held back on its way to Telegram, and without per-chat order the second would overtake it.
   */
  for (const mode of ['polling', 'webhook'] as const)
    test(`${mode}: a slow answer is not overtaken by the next one in its chat; other chats go ahead`, async () => {
      const api = await startFakeBotApi();
      const config = testConfig({
        INDEX_URI: index().config.indexUri,
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: api.apiRoot,
        BOT_MODE: mode,
        WEBHOOK_URL: 'https://bot.example.org/telegram',
        WEBHOOK_SECRET: 'sec',
        HOST: '127.0.0.1',
        PORT: '0',
      });
      let held = false;
      const holdFirstAnswer: Transformer = async (prev, method, payload, signal) => {
        if (method === 'sendMessage' && (payload as { chat_id?: number }).chat_id === 601 && !held) {
          held = true;
          await new Promise((r) => setTimeout(r, 600));
        }
        return prev(method, payload, signal);
      };
      const bot = createBot(FAKE_TOKEN, {
        engine: engine(),
        config,
        logger,
        botInfo: FAKE_BOT_INFO,
        apiTransformers: [holdFirstAnswer],
      });
      const running = await startBot(bot, config, logger, { pollTimeoutSeconds: 1 });
      const update = (id: number, chatId: number, text: string) => ({
        update_id: id,
        message: {
          message_id: id,
          date: 0,
          chat: { id: chatId, type: 'private', first_name: 'T' },
          from: { id: chatId, is_bot: false, first_name: 'T', language_code: 'zh-hans' },
          text,
        },
      });
      const post = (body: object) =>
        fetch(`${running.url}/telegram`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'sec' },
        });
      const send = async (id: number, chatId: number, text: string) => {
        if (mode === 'polling') api.pushText(chatId, text);
        else void post(update(id, chatId, text));
      };
      try {
        await send(1, 601, '凤庆县有多少名党员?');
        // The first question is being handled (typing shown) before the others arrive.
        await api.waitForCall('sendChatAction', (c) => c.params.chat_id === 601);
        await send(2, 601, '昌都市建立了多少个村级便民服务站点?');
        await send(3, 602, '勐腊县选举产生了多少名村(社区)党总支书记?');
        const answered = (chatId: number) =>
          api.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId && c.status === 200);
        await api.waitForCall('sendMessage', () => answered(601).length >= 2, 20_000);
        const texts = answered(601).map((c) => String(c.params.text));
        assert.match(texts[0]!, /20000/, 'the first question is answered first');
        assert.match(texts[1]!, /728/);
        const order = api.callsOf('sendMessage').map((c) => c.params.chat_id);
        assert.ok(order.indexOf(602) < order.indexOf(601), 'another chat is not held up by the slow one');
      } finally {
        await running.stop();
        await api.close();
      }
    });

  test('polling: updates of one chat are answered in order while chats run concurrently', async () => {
    const api = await startFakeBotApi();
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    const running = await startBot(
      createBot(FAKE_TOKEN, { engine: engine(), config, logger }),
      config,
      logger,
      {
        pollTimeoutSeconds: 1,
        commands: {
          default: [{ command: 'help', description: '帮助' }],
          en: [{ command: 'help', description: 'Help' }],
        },
      },
    );
    try {
      const questions: [string, RegExp][] = [
        ['凤庆县有多少名党员?', /20000/],
        ['昌都市建立了多少个村级便民服务站点?', /728/],
        ['勐腊县选举产生了多少名村(社区)党总支书记?', /50名/],
        ['新巴尔虎右旗为没有项目产业的嘎查争取了多少项目资金?', /100万/],
      ];
      for (const [q] of questions) {
        api.pushText(501, q);
        api.pushText(502, q);
      }
      for (const chatId of [501, 502]) {
        const replies = () =>
          api.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId && c.status === 200);
        await api.waitForCall('sendMessage', () => replies().length >= questions.length, 20_000);
        replies().forEach((reply, i) =>
          assert.match(String(reply.params.text), questions[i]![1], `reply ${i} to chat ${chatId}`),
        );
      }
      const commands = api.callsOf('setMyCommands');
      assert.deepEqual(
        commands.map((c) => c.params.language_code),
        [undefined, 'en'],
      );
    } finally {
      await running.stop();
      await running.stop(); // idempotent
      await api.close();
    }
  });

  test('webhook: wrong method, wrong path, non-JSON, non-update and oversized bodies get 4xx and the server stays up', async () => {
    const api = await startFakeBotApi();
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.org/hooks/tg/',
      WEBHOOK_SECRET: 'sec',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const running = await startBot(
      createBot(FAKE_TOKEN, { engine: engine(), config, logger, botInfo: FAKE_BOT_INFO }),
      config,
      logger,
    );
    const url = `${running.url}/hooks/tg`;
    const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', body, headers: { 'x-telegram-bot-api-secret-token': 'sec', ...headers } });
    try {
      assert.equal((await fetch(url)).status, 405);
      assert.equal((await fetch(`${running.url}/telegram`, { method: 'POST', body: '{}' })).status, 404);
      assert.equal((await post('not json')).status, 400);
      assert.equal((await post('[1,2,3]')).status, 400);
      assert.equal((await post(Buffer.from([0xff, 0x00, 0xfe, 0x7b]))).status, 400);
      assert.equal(
        (await post('{"update_id":1,"x":"' + 'a'.repeat(MAX_WEBHOOK_BODY_BYTES) + '"}')).status,
        413,
      );
      // A chunked body (no Content-Length) is refused unread: Telegram always sends the length.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
          controller.close();
        },
      });
      const chunked = await fetch(url, {
        method: 'POST',
        body: stream,
        headers: { 'x-telegram-bot-api-secret-token': 'sec' },
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 411);
      assert.equal((await fetch(`${running.url}/healthz`, { method: 'DELETE' })).status, 405);
      const health = await fetch(`${running.url}/healthz`);
      assert.equal(health.status, 200, 'still up after the bad requests');
      assert.equal(api.callsOf('sendMessage').length, 0);
    } finally {
      await running.stop();
      await api.close();
    }
  });

  test('an unreachable Bot API ends start-up with a message instead of a silent hang', async () => {
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:1',
    });
    const t0 = Date.now();
    await assert.rejects(
      startBot(createBot(FAKE_TOKEN, { engine: engine(), config, logger }), config, logger, {
        initTimeoutMs: 1500,
      }),
      (err: Error) => !err.message.includes(FAKE_TOKEN.split(':')[1]!),
      'the token never appears in the message',
    );
    await assert.rejects(
      startBot(createBot(FAKE_TOKEN, { engine: engine(), config, logger }), config, logger, {
        initTimeoutMs: 1500,
      }),
      /Cannot reach the Bot API at http:\/\/127\.0\.0\.1:1: no answer to getMe within 1\.5 s \(.*ECONNREFUSED.*\); check TELEGRAM_API_ROOT/,
    );
    assert.ok(Date.now() - t0 < 10_000);
  });

  test('a token Telegram rejects fails start-up with a message naming getMe', async () => {
    const api = await startFakeBotApi({ token: '999:OtherTokenOtherTokenOtherToken' });
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    try {
      await assert.rejects(
        startBot(createBot(FAKE_TOKEN, { engine: engine(), config, logger }), config, logger),
        /The Bot API at http:\/\/127\.0\.0\.1:\d+ refused the bot token \(401 Unauthorized\): check TELEGRAM_BOT_TOKEN/,
      );
    } finally {
      await api.close();
    }
  });
});
