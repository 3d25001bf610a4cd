import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AskResult } from '../../src/answer/types.js';
import { createLogger } from '../../src/logger.js';
import { openIndex } from '../../src/store/store.js';
import { useTempEngine } from '../helpers/temp-index.js';

const suite = useTempEngine();

/** Every marker resolves and every citation quotes its article verbatim. */
function assertCitationsSound(r: AskResult) {
  const ns = new Set(r.citations.map((c) => c.n));
  for (const m of r.answer.matchAll(/\[(\d+)\]/g))
    assert.ok(ns.has(Number(m[1])), `marker [${m[1]}] resolves`);
  for (const c of r.citations)
    assert.equal(suite.articles().get(c.articleId)!.text.slice(c.start, c.end), c.text);
}

describe('ask: extractive answers', () => {
  test('answers a figure question with the sentence that holds the figure, cited', async () => {
    const r = await suite.engine().ask('勐腊县村干部的补助标准是多少?');
    assert.equal(r.refused, false);
    assert.equal(r.mode, 'extractive');
    assert.equal(r.script, 'zh-Hans');
    assert.match(r.answer, /\d+元/);
    assert.ok(r.citations.length >= 1 && r.citations.every((c) => c.articleId.startsWith('000')));
    assert.deepEqual(r.region?.path, ['云南省', '西双版纳傣族自治州', '勐腊县']);
    assertCitationsSound(r);
    assert.ok(r.retrieved.length <= 5 && r.retrieved.length > 0);
    assert.ok(r.timings.totalMs >= 0);
  });

  test('a Simplified question finds a Traditional article, and the answer is Simplified while the quote stays verbatim', async () => {
    const r = await suite.engine().ask('呼伦贝尔市如何推进边境党建长廊建设?');
    assert.equal(r.refused, false);
    assert.ok(r.citations.some((c) => c.articleId.startsWith('003')));
    const c = r.citations.find((x) => x.articleId.startsWith('003'))!;
    assert.match(c.text, /[邊黨設]/, 'the citation quotes the Traditional article as written');
    assert.doesNotMatch(r.answer, /[邊黨這設]/, 'the answer body is in Simplified');
    assertCitationsSound(r);
  });

  test('a Traditional question gets a Traditional answer, also from a Simplified article', async () => {
    const r = await suite.engine().ask('鳳慶縣有多少名黨員?');
    assert.equal(r.script, 'zh-Hant');
    assert.equal(r.refused, false);
    assert.ok(r.citations.some((c) => c.articleId.startsWith('001')));
    assert.match(r.answer, /黨員/);
    assert.doesNotMatch(r.answer, /党员/);
    assertCitationsSound(r);
  });

  test('everyday words find the report wording, and the quote is narrowed to the clause asked for', async () => {
    const money = await suite.engine().ask('勐腊县给社区干部每个月发多少钱补助?');
    assert.equal(money.refused, false);
    assert.match(money.answer, /2000元/);
    const principle = await suite.engine().ask('关累港口联合工作委员会实行什么议事原则?');
    assert.match(principle.answer, /大事共议/);
    assert.ok(
      principle.citations[0]!.text.length < 60,
      'the quote is the clause, not the whole long sentence',
    );
    assertCitationsSound(principle);
  });

  test('an item of a list keeps the lead-in of the list', async () => {
    const r = await suite.engine().ask('小中甸镇2011年以来党员培训有多少人参训?');
    assert.match(r.answer, /7597/);
  });

  test('a question naming a county is scoped to that county', async () => {
    const r = await suite.engine().ask('凤庆县计划新创建多少个农村党建示范点?');
    assert.ok(r.retrieved.every((p) => p.articleId.startsWith('001')));
    assert.match(r.answer, /26/);
  });

  test('an English question gets an English frame around the Chinese evidence', async () => {
    const r = await suite
      .engine()
      .ask('How many village-level convenience service stations did Qamdo build?');
    assert.equal(r.script, 'en');
    assert.equal(r.refused, false);
    assert.match(r.answer, /^From the articles/);
    assert.match(r.answer, /728/);
    assert.ok(r.citations.every((c) => c.articleId.startsWith('002')));
    assertCitationsSound(r);
    const weather = await suite.engine().ask('What is the weather in Paris?');
    assert.equal(weather.refused, true);
    assert.match(weather.answer, /^The corpus has no evidence/);
  });
});

describe('ask: refusals and bad input', () => {
  test('a region the corpus does not cover is refused, with what it covers', async () => {
    for (const q of [
      '广东省深圳市的基层党建有哪些做法?',
      '兰州市的边境党建做了什么?',
      '定远县的党建工作怎么样?',
    ]) {
      const r = await suite.engine().ask(q);
      assert.equal(r.refused, true, q);
      assert.equal(r.citations.length, 0);
      assert.match(r.answer, /云南省/);
    }
  });

  test('a place inside a covered province is judged by itself, not by its province', async () => {
    const r = await suite.engine().ask('云南省瑞丽市的边境党建怎么做的?');
    assert.equal(r.refused, true);
    assert.match(r.answer, /瑞丽市/);
  });

  test('a covered place asked about something the corpus never mentions is refused', async () => {
    for (const q of ['小中甸镇的海拔是多少?', '勐腊县的GDP是多少?', '满洲里口岸的年货运量是多少?']) {
      const r = await suite.engine().ask(q);
      assert.equal(r.refused, true, q);
    }
  });

  test('a topic the corpus does not mention is refused', async () => {
    const r = await suite.engine().ask('新冠疫苗的接种率是多少?');
    assert.equal(r.refused, true);
    assert.equal(r.citations.length, 0);
  });

  test('empty, huge, binary and hostile input get a clear answer, not a crash', async () => {
    const empty = await suite.engine().ask('   ');
    assert.equal(empty.refused, true);
    assert.match(empty.answer, /请输入/);
    const huge = await suite.engine().ask('党建'.repeat(3000));
    assert.equal(huge.refused, true);
    assert.match(huge.answer, /太长/);
    const binary = await suite
      .engine()
      .ask('\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010');
    assert.equal(binary.refused, true);
    const hostile = await suite
      .engine()
      .ask("勐腊'); DROP TABLE chunks; -- <script>alert(1)</script> OR 1=1 \u202e补助");
    assert.ok(typeof hostile.answer === 'string');
    const again = await suite.engine().ask('勐腊县社区干部每月补助标准是多少?');
    assert.equal(again.refused, false, 'the index still answers after hostile input');
  });
});

describe('ask: follow-ups without an LLM', () => {
  test('"那凤庆呢?" carries the previous question over to the new place', async () => {
    const first = await suite.engine().ask('勐腊县有多少名党员?');
    const follow = await suite.engine().ask('那凤庆呢?', {
      history: [{ question: first.standalone, answer: first.answer, region: first.region?.path }],
    });
    assert.match(follow.standalone, /凤庆/);
    assert.match(follow.standalone, /党员/);
    assert.ok(follow.retrieved.every((p) => p.articleId.startsWith('001')));
    assert.equal(follow.refused, false);
  });

  test('a topic follow-up keeps the previous region', async () => {
    const first = await suite.engine().ask('小中甸镇的党组织是怎么设置的?');
    const follow = await suite.engine().ask('为民服务站呢?', {
      history: [{ question: first.standalone, region: first.region?.path }],
    });
    assert.match(follow.standalone, /小中甸/);
    assert.ok(follow.citations.every((c) => c.articleId.startsWith('004')));
    assert.match(follow.answer, /为民服务站/);
  });
});

describe('summaries', () => {
  const ids = (s: { articles: { articleId: string }[] }) =>
    s.articles.map((a) => a.articleId.slice(0, 3)).sort();

  test('云南 covers every Yunnan article and nothing else', async () => {
    const s = await suite.engine().summarize('云南');
    assert.equal(s.refused, false);
    assert.deepEqual(s.region?.path, ['云南省']);
    assert.deepEqual(ids(s), ['000', '001', '004']);
    assert.ok(s.points.length >= 6);
    for (const c of s.citations)
      assert.equal(suite.articles().get(c.articleId)!.text.slice(c.start, c.end), c.text);
    for (const m of s.summary.matchAll(/\[(\d+)\]/g))
      assert.ok(s.citations.some((c) => c.n === Number(m[1])));
  });

  test('西藏昌都, 呼伦贝尔 (Traditional) and Shangri-La resolve at their level', async () => {
    assert.deepEqual(ids(await suite.engine().summarize('西藏昌都')), ['002']);
    const hulunbuir = await suite.engine().summarize('呼倫貝爾');
    assert.deepEqual(ids(hulunbuir), ['003']);
    assert.match(hulunbuir.summary, /思想築邊|思想筑邊/, 'the section headings are the initiatives');
    assert.match(hulunbuir.summary, /語料/, 'a Traditional query gets a Traditional summary');
    assert.deepEqual(ids(await suite.engine().summarize('Shangri-La')), ['004']);
    assert.deepEqual(ids(await suite.engine().summarize('Lincang')), ['001']);
  });

  test('a place inside the region of an article is summarised from the sentences about it', async () => {
    const s = await suite.engine().summarize('满洲里');
    assert.deepEqual(s.region?.path, ['内蒙古自治区', '呼伦贝尔市', '满洲里市']);
    assert.deepEqual(ids(s), ['003']);
    assert.ok(s.points.length >= 2);
    assert.match(s.citations[0]!.text, /^滿洲里市/);
    // The sentences after "满洲里市出台…" are still about it, until another place takes over.
    assert.ok(s.citations.some((c) => c.text.includes('十分鐘黨課')));
    for (const c of s.citations) assert.doesNotMatch(c.text, /^(?:額爾古納|陳巴爾虎|新巴爾虎|近年來)/u);
  });

  test('an unknown or uncovered region is refused with the covered list', async () => {
    for (const q of ['兰州', '火星', '']) {
      const s = await suite.engine().summarize(q);
      assert.equal(s.refused, true, q);
      assert.ok(s.covered && s.covered.length >= 4);
      assert.equal(s.citations.length, 0);
    }
  });
});

describe('browsing', () => {
  test('covered regions form a tree from province to town', async () => {
    const tree = await suite.engine().coveredRegions();
    const yunnan = tree.find((n) => n.name === '云南省')!;
    assert.deepEqual(yunnan.articleIds.map((id) => id.slice(0, 3)).sort(), ['000', '001', '004']);
    const diqing = yunnan.children.find((n) => n.name === '迪庆藏族自治州')!;
    assert.equal(diqing.children[0]!.children[0]!.name, '小中甸镇');
  });

  test('openPassage returns the paragraph around a citation', async () => {
    const r = await suite.engine().ask('小中甸镇建立了几个为民服务站?');
    const c = r.citations[0]!;
    const p = (await suite.engine().openPassage(c.articleId, c.start, c.end))!;
    assert.equal(p.paragraph.slice(p.highlightStart, p.highlightEnd), c.text);
    assert.equal(await suite.engine().openPassage(c.articleId, -1, 5), null);
    assert.equal(await suite.engine().openPassage('nope', 0, 5), null);
  });
});

describe('an index rebuilt by another process', () => {
  test('the open engine keeps answering across rebuilds and moves to the new version', async () => {
    const { buildIndex } = await import('../../src/ingest/build.js');
    const before = await suite.engine().ask('昌都市建立了多少个村级便民服务站点?');
    // Two rebuilds prune the version the engine opened.
    await buildIndex(suite.index().config, createLogger('silent'));
    const latest = await buildIndex(suite.index().config, createLogger('silent'));
    const after = await suite.engine().ask('昌都市建立了多少个村级便民服务站点?');
    assert.equal(after.answer, before.answer);
    assert.match(after.answer, /728/);
    await suite.engine().reload();
    assert.equal((await openIndex(suite.index().config.indexUri)).manifest.version, latest.version);
  });
});
