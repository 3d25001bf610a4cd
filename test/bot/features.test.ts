/**
 * Feature tests: the real bot (createBot) on the real engine over a real index built from the real
 * corpus in a temp dir; Telegram is a recording API transformer, updates go in through handleUpdate.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import type { Engine } from '../../src/answer/types.js';
import { createBot, type BotDeps } from '../../src/bot/index.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRecordingApi, type RecordingApi } from '../helpers/recording-api.js';
import { useTempEngine } from '../helpers/temp-index.js';
import {
  BOT_INFO,
  GROUP,
  USER,
  botMessage,
  callbackUpdate,
  editedUpdate,
  inlineUpdate,
  myChatMemberUpdate,
  stickerUpdate,
  textUpdate,
} from '../helpers/updates.js';

const TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop';
const MENGLA_Q = '勐腊县社区干部每月补助标准是多少?';

const { index, engine } = useTempEngine();

interface Harness {
  api: RecordingApi;
  send(update: Update): Promise<void>;
  /** sendMessage payloads so far. */
  messages(): Record<string, unknown>[];
  lastText(): string;
}

function setup(
  telegram: Partial<Config['telegram']> = {},
  deps: Partial<BotDeps> = {},
  config: Partial<Config> = {},
): Harness {
  const api = createRecordingApi();
  const bot = createBot(TOKEN, {
    engine: engine(),
    config: { ...index().config, ...config, telegram: { ...index().config.telegram, ...telegram } },
    logger: createLogger('silent'),
    botInfo: BOT_INFO,
    apiTransformers: [api.transformer],
    ...deps,
  });
  return {
    api,
    send: (u) => bot.handleUpdate(u),
    messages: () => api.of('sendMessage'),
    lastText: () => String(api.of('sendMessage').at(-1)?.text ?? ''),
  };
}

type Keyboard = { inline_keyboard: { text: string; callback_data: string }[][] };
const buttons = (payload: Record<string, unknown> | undefined) =>
  ((payload?.reply_markup as Keyboard | undefined)?.inline_keyboard ?? []).flat();

describe('questions', () => {
  it('answers a private question with a cited answer, a source list and one button per citation', async () => {
    const h = setup();
    await h.send(textUpdate(MENGLA_Q));
    assert.equal(h.api.calls[0]?.method, 'sendChatAction', 'typing is shown before the engine works');
    assert.equal(h.api.calls[0]?.payload.action, 'typing');
    const [reply] = h.messages();
    assert.ok(reply, 'an answer was sent');
    assert.equal(reply.parse_mode, 'HTML');
    const text = String(reply.text);
    assert.match(text, /2000/);
    assert.match(text, /\[1\]/);
    assert.match(text, /<b>出处<\/b>\n[^\n]*勐腊[^\n]*\n +\[1\]/, 'each article once, its [n] under it');
    const b = buttons(reply);
    const citations = (text.split('<b>出处</b>')[1]!.match(/\[\d+\]/g) ?? []).length;
    assert.equal(b.length, citations, 'one button per listed source');
    for (const button of b) {
      assert.match(button.callback_data, /^src:/);
      assert.ok(Buffer.byteLength(button.callback_data) <= 64);
    }
  });

  it('in a group answers only /ask, a mention, or a reply to the bot', async () => {
    const h = setup();
    await h.send(textUpdate(MENGLA_Q, { chat: GROUP }));
    assert.equal(h.messages().length, 0, 'a plain group message is not for the bot');

    await h.send(textUpdate(`@${BOT_INFO.username} ${MENGLA_Q}`, { chat: GROUP }));
    assert.equal(h.messages().length, 1);
    assert.match(h.lastText(), /2000/);
    const replyParams = h.messages()[0]!.reply_parameters as { message_id: number } | undefined;
    assert.ok(replyParams?.message_id, 'the answer quotes its question in a group');

    await h.send(
      textUpdate('小中甸镇建立了几个为民服务站?', { chat: GROUP, replyTo: botMessage('…', GROUP) }),
    );
    assert.equal(h.messages().length, 2);
    assert.match(h.lastText(), /3个为民服务站/);

    await h.send(
      textUpdate(`/ask@${BOT_INFO.username} 昌都市建立了多少个村级便民服务站点?`, { chat: GROUP }),
    );
    assert.equal(h.messages().length, 3);
    assert.match(h.lastText(), /728/);

    await h.send(textUpdate('@someone_else 你好', { chat: GROUP }));
    assert.equal(h.messages().length, 3, 'a mention of someone else is ignored');
  });

  it('answers a Traditional question in Traditional', async () => {
    const h = setup();
    await h.send(textUpdate('勐臘縣社區幹部每月補助標準是多少?'));
    const text = h.lastText();
    assert.match(text, /2000/);
    assert.match(text, /<b>出處<\/b>/, 'UI strings follow the asker’s script');
  });

  it('keeps the conversation: "那凤庆呢?" after a Mengla question is about Fengqing', async () => {
    const h = setup();
    await h.send(textUpdate('勐腊县有多少名党员?'));
    await h.send(textUpdate('那凤庆呢?'));
    const text = h.lastText();
    assert.match(text, /<b>出处<\/b>\n[^\n]*凤庆[^\n]*\n +\[1\]/, 'the follow-up cites the Fengqing article');
    assert.doesNotMatch(text, /勐腊/, 'and no longer the Mengla one');
    const [answer] = text.split('<b>出处</b>');
    assert.match(answer!, /党员/, 'the topic (party members) carried over from the earlier turn');
  });

  it('refuses an empty /ask and a 5,000-character question without calling the engine', async () => {
    const h = setup();
    await h.send(textUpdate('/ask   '));
    assert.match(h.lastText(), /请输入问题/);
    await h.send(textUpdate('党'.repeat(5000)));
    assert.match(h.lastText(), /太长/);
    assert.match(h.lastText(), /5000/);
    assert.equal(h.api.of('sendChatAction').length, 0, 'the engine never started');
  });

  it('answers an edited question again in a private chat and ignores edits in groups', async () => {
    const h = setup();
    await h.send(editedUpdate('小中甸镇建立了几个为民服务站?'));
    assert.match(h.lastText(), /3个为民服务站/);
    const before = h.messages().length;
    await h.send(editedUpdate(`@${BOT_INFO.username} 小中甸镇建立了几个为民服务站?`, { chat: GROUP }));
    assert.equal(h.messages().length, before);
  });

  it('asks the engine for a question with no answer in the corpus and says so, with no sources', async () => {
    const h = setup();
    await h.send(textUpdate('广东省深圳市的基层党建有哪些做法?'));
    const [reply] = h.messages();
    assert.ok(reply);
    assert.doesNotMatch(String(reply.text), /<b>出处<\/b>/);
    assert.equal(buttons(reply).length, 0);
  });
});

describe('sources', () => {
  it('a button press opens the cited passage in context with its metadata', async () => {
    const h = setup();
    await h.send(textUpdate(MENGLA_Q));
    const button = buttons(h.messages()[0]).find((b) => b.callback_data.startsWith('src:'));
    assert.ok(button);
    await h.send(callbackUpdate(button.callback_data));
    assert.equal(h.api.of('answerCallbackQuery').length, 1);
    const text = h.lastText();
    assert.match(text, /<blockquote>[\s\S]*<b>[^<]+<\/b>[\s\S]*<\/blockquote>/);
    assert.match(text, /勐腊/);
    assert.match(text, /日期: 2017-04-05/);
    assert.match(text, /地区: 云南省 › /);
  });

  it('/sources repeats the last answer’s sources and /source N opens one', async () => {
    const h = setup();
    await h.send(textUpdate('/sources'));
    assert.match(h.lastText(), /还没有/);
    await h.send(textUpdate(MENGLA_Q));
    const answer = h.lastText();
    await h.send(textUpdate('/sources'));
    const list = h.lastText();
    assert.ok(answer.endsWith(list), 'the same source list as under the answer');
    assert.ok(buttons(h.messages().at(-1)).length > 0);
    await h.send(textUpdate('/source 1'));
    assert.match(h.lastText(), /<blockquote>/);
    await h.send(textUpdate('/source 99'));
    assert.match(h.lastText(), /用法/);
  });

  it('sessions are per user and chat: another group member has no sources yet', async () => {
    const h = setup();
    await h.send(textUpdate(`/ask ${MENGLA_Q}`, { chat: GROUP }));
    await h.send(textUpdate('/sources', { chat: GROUP, from: { ...USER, id: 2002 } }));
    assert.match(h.lastText(), /还没有/);
    await h.send(textUpdate('/sources', { chat: GROUP }));
    assert.match(h.lastText(), /<b>出处<\/b>/);
  });

  it('a forged button for a passage that does not exist gets a clear message', async () => {
    const h = setup();
    await h.send(callbackUpdate('src:no_such_article:0:10'));
    assert.equal(h.api.of('answerCallbackQuery').length, 1);
    assert.match(h.lastText(), /找不到/);
  });
});

describe('finding 11: forged source buttons', () => {
  it('callback data naming any other range, or a button from another chat, opens nothing: one short message', async () => {
    const h = setup();
    await h.send(textUpdate(MENGLA_Q));
    const real = buttons(h.messages()[0]).find((b) => b.callback_data.startsWith('src:'))!;
    const [, articleId] = /^src:([^:]+):/.exec(real.callback_data)!;
    const before = h.messages().length;
    // The amplification from the red-team pass: a crafted range on a real article.
    await h.send(callbackUpdate(`src:${articleId}:0:10`));
    const forged = real.callback_data.replace(
      /:(\d+):(\d+):/,
      (_m, a: string, b: string) => `:${a}:${Number(b) + 1}:`,
    );
    await h.send(callbackUpdate(forged));
    // The real button pressed in another chat.
    await h.send(callbackUpdate(real.callback_data, { from: { ...USER, id: 3003 } }));
    const sent = h.messages().slice(before);
    assert.equal(sent.length, 3, 'one message per press');
    for (const m of sent) assert.match(String(m.text), /找不到/);
    // The button itself still works where it was sent.
    await h.send(callbackUpdate(real.callback_data));
    assert.equal(h.messages().length, before + 4, 'one message for one press');
    assert.match(h.lastText(), /<blockquote>/);
  });
});

describe('finding 15: bounded in-memory sessions', () => {
  it('the default session store keeps at most SESSION_MAX_ENTRIES sessions', async () => {
    const h = setup({ sessionMaxEntries: 1 });
    await h.send(textUpdate(MENGLA_Q));
    await h.send(textUpdate(MENGLA_Q, { from: { ...USER, id: 5005 } }));
    await h.send(textUpdate('/sources'));
    assert.match(h.lastText(), /还没有/, 'the first user’s session made room for the second');
  });
});

describe('finding 10: updates the bot does not expect', () => {
  it('a message without `from` (an anonymous group admin) is answered like any other', async () => {
    const h = setup();
    const update = textUpdate(`/ask ${MENGLA_Q}`, { chat: GROUP });
    delete (update.message as { from?: unknown }).from;
    (update.message as unknown as Record<string, unknown>).sender_chat = GROUP;
    await h.send(update);
    assert.match(h.lastText(), /2000/);
    assert.doesNotMatch(h.lastText(), /出错|抱歉/);
  });

  it('a text_mention without `user` does not break a reply to the bot', async () => {
    const h = setup();
    const update = textUpdate(`看看 ${MENGLA_Q}`, { chat: GROUP, replyTo: botMessage('…', GROUP) });
    (update.message as unknown as Record<string, unknown>).entities = [
      { type: 'text_mention', offset: 0, length: 2 },
    ];
    await h.send(update);
    assert.match(h.lastText(), /2000/);
  });
});

describe('regions', () => {
  it('/region 云南 summarises the Yunnan articles with sources', async () => {
    const h = setup();
    await h.send(textUpdate('/region 云南'));
    const text = h
      .messages()
      .map((m) => String(m.text))
      .join('\n');
    for (const place of ['勐腊', '凤庆', '小中甸']) assert.ok(text.includes(place), `mentions ${place}`);
    assert.doesNotMatch(text, /呼伦贝尔|昌都/);
    assert.ok(buttons(h.messages().at(-1)).length > 0, 'citation buttons under the summary');
  });

  it('/summary of a region the corpus does not cover lists the covered regions', async () => {
    const h = setup();
    await h.send(textUpdate('/summary 广东'));
    const text = h.lastText();
    assert.match(text, /广东/);
    assert.match(text, /云南省/);
    assert.match(text, /西藏自治区/);
  });

  it('/region without a name drills down province → city → county and summarises there', async () => {
    const h = setup();
    await h.send(textUpdate('/region'));
    const root = buttons(h.messages().at(-1));
    const yunnan = root.find((b) => b.text.includes('云南'));
    assert.ok(yunnan, 'Yunnan is offered');
    assert.ok(root.some((b) => b.text.includes('西藏')) && root.some((b) => b.text.includes('内蒙古')));

    const menu = botMessage('…');
    const press = async (data: string) => {
      await h.send(callbackUpdate(data, { message: menu }));
      return h.api.of('editMessageText').at(-1)!;
    };
    const city = buttons(await press(yunnan.callback_data)).find((b) => b.text.includes('西双版纳'));
    assert.ok(city, 'Xishuangbanna under Yunnan');
    const county = buttons(await press(city.callback_data)).find((b) => b.text.includes('勐腊'));
    assert.ok(county, 'Mengla under Xishuangbanna');
    const level = await press(county.callback_data);
    assert.match(String(level.text), /勐腊/);
    const summarise = buttons(level).find((b) => b.callback_data.startsWith('rs:'));
    assert.ok(summarise, 'a summarise button at each level');
    assert.ok(
      buttons(level).some((b) => b.callback_data.startsWith('rg:')),
      'a back button',
    );
    await h.send(callbackUpdate(summarise.callback_data, { message: menu }));
    assert.match(h.lastText(), /勐腊/);
    assert.doesNotMatch(h.lastText(), /凤庆县有|呼伦贝尔/);
    await h.send(callbackUpdate('rg:9.9.9', { message: menu }));
    assert.match(h.lastText(), /过期/);
  });

  it('/regions and /articles list what the corpus covers', async () => {
    const h = setup();
    await h.send(textUpdate('/regions'));
    assert.match(h.lastText(), /云南省[\s\S]*勐腊县/);
    await h.send(textUpdate('/articles'));
    const lines = h
      .lastText()
      .split('\n')
      .filter((l) => /^\d+\. /.test(l));
    assert.equal(lines.length, (await engine().articles()).length);
  });
});

describe('inline mode', () => {
  it('answers a keyword query with passages and their sources', async () => {
    const h = setup();
    await h.send(inlineUpdate('社区干部补助'));
    const [call] = h.api.of('answerInlineQuery');
    assert.ok(call);
    const results = call.results as {
      type: string;
      id: string;
      input_message_content: { message_text: string };
    }[];
    assert.ok(results.length > 0);
    assert.ok(new Set(results.map((r) => r.id)).size === results.length, 'unique ids');
    assert.ok(results.every((r) => r.type === 'article' && Buffer.byteLength(r.id) <= 64));
    assert.ok(results.some((r) => r.input_message_content.message_text.includes('2000')));
  });

  it('an empty query lists the covered articles', async () => {
    const h = setup();
    await h.send(inlineUpdate(''));
    const results = h.api.of('answerInlineQuery')[0]!.results as unknown[];
    assert.equal(results.length, (await engine().articles()).length);
  });
});

describe('robustness', () => {
  it('a sticker gets a hint in private and nothing in a group', async () => {
    const h = setup();
    await h.send(stickerUpdate());
    assert.match(h.lastText(), /文字/);
    await h.send(stickerUpdate({ chat: GROUP }));
    assert.equal(h.messages().length, 1);
  });

  it('a flood of 30 messages gets the allowed answers and one polite rate-limit reply', async () => {
    const h = setup({ rateLimitPerMinute: 5 });
    for (let i = 0; i < 30; i++) await h.send(textUpdate(MENGLA_Q));
    const texts = h.messages().map((m) => String(m.text));
    assert.equal(texts.filter((t) => /稍等/.test(t)).length, 1, 'one rate-limit reply per window');
    assert.equal(texts.filter((t) => /2000/.test(t)).length, 5);
    assert.equal(texts.length, 6);
  });

  it('unknown commands get the help; /start speaks the user’s language', async () => {
    const h = setup();
    await h.send(textUpdate('/frobnicate'));
    assert.match(h.lastText(), /\/region/);
    await h.send(textUpdate('/start', { from: { ...USER, id: 7, language_code: 'en' } }));
    assert.match(h.lastText(), /^Hello!/);
    await h.send(textUpdate('/help', { from: { ...USER, id: 8, language_code: 'zh-TW' } }));
    assert.match(h.lastText(), /報道/);
    await h.send(textUpdate('/frobnicate@other_bot', { chat: GROUP }));
    assert.equal(h.messages().length, 3, 'a command for another bot is not ours to answer');
  });

  it('hostile and malformed input gets clear answers, escaped, without a crash', async () => {
    const h = setup();
    await h.send(textUpdate('<script>alert(1)</script> & 勐腊县社区干部补助\u0000\u0007\uFFFF'));
    for (const m of h.messages()) assert.doesNotMatch(String(m.text), /<script>/);
    await h.send(textUpdate('\u200b \n\t'));
    assert.match(h.lastText(), /请输入问题/);
    await h.send(textUpdate('/source abc'));
    await h.send(textUpdate(`/region ${'云'.repeat(300)}`));
    assert.match(h.lastText(), /用法/);
    const before = h.messages().length;
    await h.send(callbackUpdate('garbage-data'));
    await h.send(callbackUpdate('rs:not.a.path'));
    assert.equal(h.api.of('answerCallbackQuery').length, 2, 'every button press is acknowledged');
    await h.send(inlineUpdate('补'.repeat(600)));
    assert.deepEqual(h.api.of('answerInlineQuery').at(-1)?.results, []);
    assert.ok(h.messages().length >= before);
  });

  it('falls back to plain text when Telegram cannot parse the HTML', async () => {
    const h = setup();
    h.api.failNext('sendMessage', {
      error_code: 400,
      description: "Bad Request: can't parse entities: boom",
    });
    await h.send(textUpdate(MENGLA_Q));
    const [html, plain] = h.messages();
    assert.equal(html?.parse_mode, 'HTML');
    assert.ok(plain, 'sent again');
    assert.equal(plain.parse_mode, undefined);
    assert.doesNotMatch(String(plain.text), /<b>/);
    assert.match(String(plain.text), /出处\n[^\n]+\n +\[1\]/);
  });
});

describe('access', () => {
  it('outside the allowlist the bot answers nothing and leaves groups', async () => {
    const h = setup({ allowedChatIds: [555] });
    await h.send(textUpdate(MENGLA_Q));
    await h.send(inlineUpdate('补助'));
    assert.equal(h.api.calls.length, 0, 'not a single API call for a stranger');
    await h.send(myChatMemberUpdate(GROUP, 'member'));
    assert.deepEqual(
      h.api.calls.map((c) => [c.method, c.payload.chat_id]),
      [['leaveChat', GROUP.id]],
    );
    const allowed = setup({ allowedChatIds: [USER.id] });
    await allowed.send(textUpdate(MENGLA_Q));
    assert.match(allowed.lastText(), /2000/);
  });

  it('admin commands refuse non-admins and work for admins', async () => {
    let rebuilt = 0;
    const h = setup(
      { adminUserIds: [77] },
      {
        reindex: async () => {
          rebuilt++;
          return { articles: 5, chunks: 42 };
        },
      },
    );
    await h.send(textUpdate('/reindex'));
    assert.match(h.lastText(), /只有管理员/);
    assert.equal(rebuilt, 0);
    await h.send(textUpdate('/stats'));
    assert.match(h.lastText(), /只有管理员/);

    const admin = { ...USER, id: 77 };
    await h.send(textUpdate(MENGLA_Q, { from: admin }));
    await h.send(textUpdate('/stats', { from: admin }));
    assert.match(h.lastText(), /已回答问题:1/);
    assert.match(h.lastText(), new RegExp(`索引中的报道:${(await engine().articles()).length}`));
    await h.send(textUpdate('/reindex', { from: admin }));
    assert.equal(rebuilt, 1);
    const last = h
      .messages()
      .slice(-2)
      .map((m) => String(m.text));
    assert.match(last[0]!, /正在重建/);
    assert.match(last[1]!, /5 篇报道,42 个段落/);
  });
});

describe('error boundary', () => {
  /** The real engine, except that one method throws. */
  const failing = (method: 'ask' | 'summarize'): Engine =>
    Object.assign(Object.create(engine()) as Engine, {
      [method]: async () => {
        throw new Error(`engine ${method} exploded`);
      },
    });

  const capture = () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
    return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), raw: lines };
  };

  it('an engine failure is logged with the update id and apologised for in the user’s language', async () => {
    const log = capture();
    const h = setup({}, { engine: failing('ask'), logger: log.logger });
    const update = textUpdate('What does Mengla pay community cadres?', {
      from: { ...USER, language_code: 'en' },
    });
    await h.send(update);
    assert.match(h.lastText(), /^Sorry, something went wrong/);
    const failure = log.records().find((r) => r.msg === 'handling an update failed');
    assert.ok(failure, 'the failure is logged');
    assert.equal(failure.update_id, update.update_id);
    assert.match(JSON.stringify(failure.err), /engine ask exploded/);
    assert.ok(!log.raw.join('').includes(TOKEN.split(':')[1]!), 'the token never reaches the log');

    // The bot keeps working for the next update.
    await h.send(textUpdate('/regions'));
    assert.match(h.lastText(), /云南省/);
  });

  it('Telegram refusing a call and the network failing are told apart', async () => {
    const log = capture();
    // A small delivery budget, so that a persistent failure reaches the boundary quickly.
    const fast = { retryBudgetMs: 300, retryBaseMs: 5, timeoutMs: 200 };
    let failAnswers = false;
    const network: Transformer = (prev, method, payload, signal) => {
      if (
        failAnswers &&
        method === 'sendMessage' &&
        /云南省/.test(String((payload as { text?: string }).text))
      )
        throw new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET'));
      return prev(method, payload, signal);
    };
    const h = setup(fast, { logger: log.logger });
    h.api.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await h.send(textUpdate('/regions'));
    assert.ok(log.records().some((r) => r.msg === 'Telegram refused an API call' && r.code === 403));

    // Network failures are retried away within the budget.
    const reset = () => new HttpError('Network request for sendMessage failed!', new Error('ECONNRESET'));
    for (let i = 0; i < 3; i++) h.api.throwNext('sendMessage', reset());
    await h.send(textUpdate('/regions'));
    assert.ok(!log.records().some((r) => r.msg === 'network error talking to Telegram'));
    assert.match(h.lastText(), /云南省/);

    // A failure that outlasts the budget reaches the boundary: logged, and one short apology.
    // (`network` sits above the recorder, so only calls that got through are recorded.)
    const recorder = createRecordingApi();
    const failing = setup(fast, { logger: log.logger, apiTransformers: [recorder.transformer, network] });
    failAnswers = true;
    await failing.send(textUpdate('/regions'));
    assert.ok(log.records().some((r) => r.msg === 'network error talking to Telegram'));
    const sent = recorder.of('sendMessage');
    assert.equal(sent.length, 1, 'one apology, nothing else');
    assert.match(String(sent[0]!.text), /无法连接/);
  });
});
