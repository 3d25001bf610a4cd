/**
 * LLM mode in the bot: the real engine on a real temp index, talking to a fake OpenAI-compatible
 * server that streams its answer slowly; the bot shows the partial text by editing one message, no
 * more often than every 1.5 s, then puts the final formatted answer with its buttons in place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STREAM_EDIT_INTERVAL_MS } from '../../src/bot/features/ask.js';
import { createBot } from '../../src/bot/index.js';
import { createLogger } from '../../src/logger.js';
import {
  splitIntoChunks,
  startFakeLlmServer,
  type FakeLlmServer,
  type RecordedRequest,
} from '../helpers/fake-openai.js';
import { createRecordingApi } from '../helpers/recording-api.js';
import { useTempEngine } from '../helpers/temp-index.js';
import { BOT_INFO, textUpdate } from '../helpers/updates.js';

/** The number of the passage block whose text contains `needle`, as the model was shown it. */
function passageWith(request: RecordedRequest, needle: string): number | null {
  const human = request.messages.find((m) => m.role === 'user')?.content ?? '';
  for (const m of human.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g))
    if (m[2]!.includes(needle)) return Number(m[1]);
  return null;
}

describe('streaming answers in LLM mode', () => {
  let server: FakeLlmServer;

  before(async () => {
    server = await startFakeLlmServer();
  });
  const { index, engine } = useTempEngine(() => ({
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: server.url,
    OPENAI_API_KEY: 'x',
    LLM_MODEL: 'fake',
    LLM_TIMEOUT_MS: '10000',
  }));
  after(async () => {
    await server?.close();
  });

  it('edits one message as the answer streams, throttled, and ends with the formatted answer', async () => {
    server.reply((req) => {
      const n = passageWith(req, '2000元') ?? 1;
      const answer = `根据报道，勐腊县社区干部按照每人每月不低于2000元的标准进行补助[${n}]。这一标准从2015年起执行。`;
      return { chunks: splitIntoChunks(answer, 8), delayMs: 350 };
    });
    const api = createRecordingApi();
    const bot = createBot('123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop', {
      engine: engine(),
      config: index().config,
      logger: createLogger('silent'),
      botInfo: BOT_INFO,
      apiTransformers: [api.transformer],
    });
    await bot.handleUpdate(textUpdate('勐腊县社区干部每月补助标准是多少?'));

    const streamed = api.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
    assert.equal(streamed[0]?.method, 'sendMessage', 'the partial answer starts as a new message');
    assert.equal(streamed[0]?.payload.parse_mode, undefined, 'partial text is sent plain');
    assert.equal(api.of('sendMessage').length, 1, 'everything else is an edit of that message');
    const final = streamed.at(-1)!;
    assert.equal(final.method, 'editMessageText');
    assert.equal(final.payload.parse_mode, 'HTML');
    assert.match(
      String(final.payload.text),
      /2000元[^[]*\[1\][\s\S]*<b>出处<\/b>\n[^\n]*勐腊[^\n]*\n +\[1\]/,
    );
    const keyboard = final.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    assert.match(keyboard.inline_keyboard[0]![0]!.callback_data, /^src:/);

    const partial = streamed.slice(0, -1);
    assert.ok(partial.length >= 2, `the answer was shown while it streamed (${partial.length} updates)`);
    for (let i = 1; i < partial.length; i++)
      assert.ok(
        partial[i]!.at - partial[i - 1]!.at >= STREAM_EDIT_INTERVAL_MS - 50,
        `edits ${i - 1} and ${i} were ${partial[i]!.at - partial[i - 1]!.at} ms apart`,
      );
  });
});
