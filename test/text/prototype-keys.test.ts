/**
 * Words that name Object.prototype members (`constructor`, `__proto__`, ...) typed by a user must be
 * ordinary words: every lookup keyed by user text (synonyms, region names and unit words, HTML entity
 * names) answers "not found" for them, and questions, summaries and inline queries get a normal answer
 * or a refusal, never a thrown TypeError.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBot } from '../../src/bot/index.js';
import { htmlToPlain } from '../../src/bot/format.js';
import { createLogger } from '../../src/logger.js';
import { createRegionResolver } from '../../src/regions/regions.js';
import { synonymsOf } from '../../src/text/synonyms.js';
import { createRecordingApi } from '../helpers/recording-api.js';
import { useTempEngine } from '../helpers/temp-index.js';
import { BOT_INFO, inlineUpdate } from '../helpers/updates.js';

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

describe('lookups keyed by user text', () => {
  test('synonymsOf knows no prototype member', () => {
    for (const word of PROTOTYPE_WORDS) assert.deepEqual(synonymsOf(word), [], word);
    assert.deepEqual(synonymsOf('钱').slice(0, 2), ['资金', '经费'], 'real entries still answer');
  });

  test('the region resolver finds nothing for them, alone or after a real name', () => {
    const resolver = createRegionResolver();
    for (const word of PROTOTYPE_WORDS) {
      assert.deepEqual(resolver.resolve(word), [], word);
      assert.doesNotThrow(() => resolver.resolve(`Mengla ${word}`), word);
      assert.doesNotThrow(() => resolver.findMentions(`勐腊县${word}党建`), word);
    }
    assert.equal(resolver.resolve('Mengla county')[0]?.name, '勐腊县', 'unit words still narrow');
  });

  test('HTML entity names are not looked up on Object.prototype', () => {
    for (const word of PROTOTYPE_WORDS) assert.equal(htmlToPlain(`a &${word}; b`), `a &${word}; b`, word);
    assert.equal(htmlToPlain('&lt;b&gt; &amp;'), '<b> &');
  });
});

describe('the engine and the bot', () => {
  const { index: built, engine } = useTempEngine();

  test('勐腊县constructor党建 and its kin get an answer or a refusal', async () => {
    for (const word of PROTOTYPE_WORDS)
      for (const q of [`勐腊县${word}党建`, `云南${word}`, `${word} party building in Mengla`, word]) {
        const r = await engine().ask(q);
        assert.equal(typeof r.answer, 'string', q);
        assert.ok(r.answer.length > 0, q);
      }
  });

  test('summaries of a prototype word do not throw', async () => {
    for (const word of PROTOTYPE_WORDS) {
      const r = await engine().summarize(word);
      assert.equal(typeof r.summary, 'string', word);
    }
  });

  test('inline queries with a prototype word are answered', async () => {
    const api = createRecordingApi();
    const bot = createBot('123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop', {
      engine: engine(),
      config: built().config,
      logger: createLogger('silent'),
      botInfo: BOT_INFO,
      apiTransformers: [api.transformer],
    });
    for (const word of PROTOTYPE_WORDS) await bot.handleUpdate(inlineUpdate(`勐腊县${word}党建`));
    assert.equal(api.of('answerInlineQuery').length, PROTOTYPE_WORDS.length, 'every inline query answered');
  });
});
