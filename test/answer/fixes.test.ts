/**
 * General behaviours added after the first run of a blind evaluation set: cues people use that the
 * intent table missed, and attribution down to the clause. Own phrasings, the real corpus.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { classifyIntent } from '../../src/answer/intents/classify.js';
import { createEngine } from '../../src/answer/engine.js';
import type { AskResult, Engine } from '../../src/answer/types.js';
import { createLogger } from '../../src/logger.js';
import { openIndex } from '../../src/store/store.js';
import { toSimplified } from '../../src/text/script.js';
import type { ArticleRecord } from '../../src/types.js';
import { buildTempIndex, type TempIndex } from '../helpers/temp-index.js';

const MENGLA = '000';
const FENGQING = '001';

let built: TempIndex;
let engine: Engine;
let articles: Map<string, ArticleRecord>;

before(async () => {
  built = await buildTempIndex();
  engine = await createEngine({ config: built.config, logger: createLogger('silent') });
  articles = new Map((await (await openIndex(built.config.indexUri)).articles()).map((a) => [a.id, a]));
});
after(async () => {
  await engine.close();
  await built.cleanup();
});

function assertSound(r: AskResult) {
  const ns = new Set(r.citations.map((c) => c.n));
  for (const m of r.answer.matchAll(/\[(\d+)\]/g)) assert.ok(ns.has(Number(m[1])), `marker [${m[1]}]`);
  for (const c of r.citations) assert.equal(articles.get(c.articleId)!.text.slice(c.start, c.end), c.text);
}
const cited = (r: AskResult) => [...new Set(r.citations.map((c) => c.articleId.slice(0, 3)))].sort();
const numbered = (r: AskResult) => r.answer.split('\n').filter((l) => /^\d+\.\s/u.test(l));
const hans = (r: AskResult) => toSimplified(r.answer);

describe('intent cues people use', () => {
  test('dates asked before the verb, a corpus called a 资料库, 工作者 is no author, 啥, "refer to"', () => {
    assert.deepEqual(classifyIntent('凤庆的报道是几月发表的?').fields, ['date']);
    assert.equal(classifyIntent('凤庆的报道是几月发表的?').kind, 'metadata');
    const corpus = classifyIntent('资料库里有多少篇文章,讲了哪些地区?');
    assert.equal(corpus.kind, 'metadata');
    assert.deepEqual(corpus.fields, ['articles']);
    assert.notEqual(classifyIntent('那位优秀党务工作者来自哪个苏木?').kind, 'metadata');
    assert.equal(classifyIntent('勐腊的三抓三提是啥', { listNames: ['三抓三提'] }).kind, 'definition');
    const en = classifyIntent('What does Mengla\'s "三抓三提" stand for?');
    assert.equal(en.kind, 'definition');
    assert.equal(en.listName, '三抓三提', "an apostrophe (Mengla's) opens no quote");
  });

  test('the engine answers them: the date from the record, the corpus with its places', async () => {
    const d = await engine.ask('凤庆那篇报道是哪年发布的?');
    assert.equal(d.refused, false);
    assert.equal(d.intent, 'metadata');
    assert.deepEqual(cited(d), [FENGQING]);
    const c = await engine.ask('你的资料库里一共收了几篇文章?');
    assert.equal(c.refused, false);
    for (const p of ['勐腊', '凤庆', '昌都', '小中甸']) assert.ok(hans(c).includes(p), p);
    const l = await engine.ask('勐腊的三抓三提是啥');
    assert.equal(numbered(l).length, 3);
    assert.deepEqual(cited(l), [MENGLA]);
    assertSound(l);
  });
});
