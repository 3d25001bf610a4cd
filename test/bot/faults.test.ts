/**
 * Faults on the wire (issue 8, findings 1, 3, 4, 5): the real bot, engine and transport against the
 * fake Bot API on 127.0.0.1 answering 409, 401, 404, 429 with retry_after, 500s, connection resets
 * and requests left hanging. Delivery budgets are configured small so the tests stay quick.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createBot } from '../../src/bot/index.js';
import { startBot, type RunningBot } from '../../src/bot/server.js';
import { createConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FAKE_BOT_INFO, FAKE_TOKEN, startFakeBotApi, type FakeBotApi } from '../helpers/fake-bot-api.js';
import { testConfig, useTempEngine } from '../helpers/temp-index.js';

const silent = createLogger('silent');
const FENGQING = '凤庆县有多少名党员?';
const FENGQING_FACT = /20000/;

/** Fast delivery settings: 2 ms first backoff, 1 s per request, 8 s per call. */
const FAST = {
  TELEGRAM_RETRY_BASE_MS: '2',
  TELEGRAM_TIMEOUT_MS: '1000',
  TELEGRAM_RETRY_BUDGET_MS: '8000',
};

describe('faults on the wire', () => {
  const { index, engine } = useTempEngine();

  async function withBot(
    env: Record<string, string>,
    fn: (api: FakeBotApi, running: RunningBot, log: () => Record<string, unknown>[]) => Promise<void>,
    prepare?: (api: FakeBotApi) => void,
  ) {
    const api = await startFakeBotApi();
    prepare?.(api);
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      ...FAST,
      ...env,
    });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    const bot = createBot(FAKE_TOKEN, { engine: engine(), config, logger, botInfo: FAKE_BOT_INFO });
    const running = await startBot(bot, config, logger, { pollTimeoutSeconds: 1 });
    try {
      await fn(api, running, () => lines.map((l) => JSON.parse(l) as Record<string, unknown>));
    } finally {
      await running.stop();
      await api.close();
    }
  }

  const answeredIn = (api: FakeBotApi, chatId: number) =>
    api.callsOf('sendMessage').filter((c) => c.params.chat_id === chatId && c.status === 200);

  test('finding 1: a 409 from getUpdates is waited out; polling goes on and the question is answered', async () => {
    await withBot(
      {},
      async (api, running, log) => {
        let ended = false;
        void running.finished.then(
          () => (ended = true),
          () => (ended = true),
        );
        api.pushText(7001, FENGQING);
        const reply = await api.waitForCall(
          'sendMessage',
          (c) => c.params.chat_id === 7001 && c.status === 200,
        );
        assert.match(String(reply.params.text), FENGQING_FACT);
        assert.equal(api.callsOf('getUpdates').filter((c) => c.status === 409).length, 3);
        assert.equal(ended, false, 'the runner is still polling');
        const conflicts = log().filter((r) => /another instance is polling/.test(String(r.msg)));
        assert.equal(conflicts.length, 1, 'one warning for the whole episode');
      },
      (api) => {
        for (let i = 0; i < 3; i++) api.failNext('getUpdates', { kind: 'status', status: 409 });
      },
    );
  });

  test('finding 1: connection resets and 500s on getUpdates are waited out too', async () => {
    await withBot(
      {},
      async (api, running) => {
        let ended = false;
        void running.finished.then(
          () => (ended = true),
          () => (ended = true),
        );
        api.pushText(7002, FENGQING);
        const reply = await api.waitForCall(
          'sendMessage',
          (c) => c.params.chat_id === 7002 && c.status === 200,
        );
        assert.match(String(reply.params.text), FENGQING_FACT);
        assert.equal(ended, false, 'the runner is still polling');
      },
      (api) => {
        for (let i = 0; i < 3; i++) {
          api.failNext('getUpdates', { kind: 'reset' });
          api.failNext('getUpdates', { kind: 'status', status: 500 });
        }
      },
    );
  });

  for (const status of [401, 404] as const)
    test(`finding 1: a ${status} from getUpdates (bad token) ends polling with a plain reason`, async () => {
      await withBot({}, async (api, running) => {
        api.failNext('getUpdates', { kind: 'status', status });
        await assert.rejects(running.finished, /refused the bot token on getUpdates \((401|404)/);
      });
    });

  test('finding 3: a sendMessage left hanging times out and is retried; the chat moves on', async () => {
    await withBot({ TELEGRAM_TIMEOUT_MS: '300' }, async (api) => {
      api.failNext('sendMessage', { kind: 'hang' });
      api.pushText(7003, FENGQING);
      await api.waitForCall('sendMessage', () => answeredIn(api, 7003).length >= 1, 15_000);
      assert.match(String(answeredIn(api, 7003)[0]!.params.text), FENGQING_FACT);
      api.pushText(7003, '昌都市建立了多少个村级便民服务站点?');
      await api.waitForCall('sendMessage', () => answeredIn(api, 7003).length >= 2, 15_000);
      assert.match(String(answeredIn(api, 7003)[1]!.params.text), /728/);
    });
  });

  test('finding 4: the defaults honour retry_after up to at least 60 s within a budget above it', () => {
    const { telegram } = createConfig({});
    assert.ok(telegram.maxRetryAfterSeconds >= 60);
    assert.ok(telegram.retryBudgetMs > telegram.maxRetryAfterSeconds * 1000);
    assert.ok(telegram.timeoutMs < 60_000, 'a request has a bounded timeout (grammY: 500 s)');
  });

  test('finding 4: a 429 with retry_after is waited out and the answer arrives', async () => {
    // retry_after 11 s: more than the old bound (10 s), within this budget.
    await withBot({ TELEGRAM_RETRY_BUDGET_MS: '20000' }, async (api) => {
      api.failNext('sendMessage', { kind: '429', retryAfter: 11 });
      api.pushText(7004, FENGQING);
      const reply = await api.waitForCall(
        'sendMessage',
        (c) => c.params.chat_id === 7004 && c.status === 200,
        25_000,
      );
      assert.match(String(reply.params.text), FENGQING_FACT);
      assert.equal(api.callsOf('sendMessage').length, 2, 'one refusal, one delivery, no apology');
    });
  });

  test('finding 4: five connection resets, then the answer', async () => {
    await withBot({}, async (api) => {
      for (let i = 0; i < 5; i++) api.failNext('sendMessage', { kind: 'reset' });
      api.pushText(7005, FENGQING);
      const reply = await api.waitForCall(
        'sendMessage',
        (c) => c.params.chat_id === 7005 && c.status === 200,
      );
      assert.match(String(reply.params.text), FENGQING_FACT);
      assert.equal(answeredIn(api, 7005).length, 1);
    });
  });

  test('finding 4: ten HTTP 500s in a row, then the answer', async () => {
    await withBot({}, async (api) => {
      for (let i = 0; i < 10; i++) api.failNext('sendMessage', { kind: 'status', status: 500 });
      api.pushText(7006, FENGQING);
      const reply = await api.waitForCall(
        'sendMessage',
        (c) => c.params.chat_id === 7006 && c.status === 200,
      );
      assert.match(String(reply.params.text), FENGQING_FACT);
      assert.equal(answeredIn(api, 7006).length, 1);
    });
  });

  test('finding 4: when the budget is spent, one short apology and nothing else', async () => {
    await withBot({ TELEGRAM_RETRY_BUDGET_MS: '400' }, async (api) => {
      api.failWhen('sendMessage', (p) => FENGQING_FACT.test(String(p.text)), { kind: 'status', status: 500 });
      api.pushText(7007, FENGQING);
      const apology = await api.waitForCall(
        'sendMessage',
        (c) => c.params.chat_id === 7007 && c.status === 200,
      );
      assert.doesNotMatch(String(apology.params.text), FENGQING_FACT);
      assert.ok(
        api.callsOf('sendMessage').filter((c) => c.status === 500).length > 1,
        'the answer was retried',
      );
      // The next update of the chat is handled, and no second apology was sent before it.
      api.pushText(7007, '/help');
      await api.waitForCall('sendMessage', () => answeredIn(api, 7007).length >= 2);
      assert.doesNotMatch(String(answeredIn(api, 7007)[1]!.params.text), /抱歉|Sorry/);
    });
  });
});

describe('finding 5: duplicate updates', () => {
  const { index, engine } = useTempEngine();

  test('the same update_id POSTed twice to the webhook is answered once', async () => {
    const api = await startFakeBotApi();
    const config = testConfig({
      INDEX_URI: index().config.indexUri,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_SECRET: 'sec',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const running = await startBot(
      createBot(FAKE_TOKEN, { engine: engine(), config, logger: silent, botInfo: FAKE_BOT_INFO }),
      config,
      silent,
    );
    const body = JSON.stringify({
      update_id: 555,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 7101, type: 'private', first_name: 'T' },
        from: { id: 7101, is_bot: false, first_name: 'T' },
        text: FENGQING,
      },
    });
    const post = () =>
      fetch(`${running.url}/telegram`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'sec' },
      });
    try {
      const statuses = await Promise.all([post(), post()]).then((rs) => rs.map((r) => r.status));
      assert.deepEqual(statuses, [200, 200]);
      assert.equal((await post()).status, 200);
      // A different update afterwards proves the handler had time to answer the duplicates too.
      const after = JSON.parse(body) as { update_id: number; message: { text: string } };
      after.update_id = 556;
      after.message.text = '/help';
      await fetch(`${running.url}/telegram`, {
        method: 'POST',
        body: JSON.stringify(after),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'sec' },
      });
      await api.waitForCall(
        'sendMessage',
        (c) => c.params.chat_id === 7101 && !FENGQING_FACT.test(String(c.params.text)),
      );
      const answers = api.callsOf('sendMessage').filter((c) => FENGQING_FACT.test(String(c.params.text)));
      assert.equal(answers.length, 1);
    } finally {
      await running.stop();
      await api.close();
    }
  });
});
