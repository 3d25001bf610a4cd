import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askedCount, classifyIntent } from '../../src/answer/intents/classify.js';
import type { IntentKind } from '../../src/answer/intents/table.js';
import { toTraditional } from '../../src/text/script.js';

/** Questions of each kind, as people ask them; Traditional versions are derived, not written twice. */
const CASES: { q: string; kind: IntentKind; places?: string[]; en?: boolean }[] = [
  { q: '勐腊县行政村干部每月补助多少?', kind: 'fact' },
  { q: '小中甸镇自2011年以来举办了几期党员培训?参训多少人?', kind: 'fact' },
  { q: '昌都市建立了多少个村级便民服务站点?', kind: 'fact' },
  { q: '勐腊县“三抓三提”包括哪些内容?', kind: 'list' },
  { q: '凤庆县的“4+”措施是哪四个?', kind: 'list' },
  { q: '呼伦贝尔的“五边行动”是哪五边?', kind: 'list' },
  { q: '昌都市基层党建整改方案列出了哪些问题清单?', kind: 'list' },
  { q: '勐腊县采取了哪些措施加强边疆党建?', kind: 'how' },
  { q: '小中甸镇是怎样发展村级集体经济的?', kind: 'how' },
  { q: '凤庆县“三抓三强化”指的是什么?', kind: 'definition' },
  { q: '“四议两公开”是什么意思?', kind: 'definition' },
  { q: '哪些地方开展了党员冬训?', kind: 'which-places' },
  { q: '哪篇文章提到了流动党校?', kind: 'which-places' },
  { q: '勐腊县和凤庆县的做法有什么不同?', kind: 'comparison', places: ['勐腊县', '凤庆县'] },
  { q: '昌都和呼伦贝尔在培训党员上有什么区别?', kind: 'comparison', places: ['昌都市', '呼伦贝尔市'] },
  { q: '总结一下呼伦贝尔市边境党建的主要做法', kind: 'summary' },
  { q: '介绍一下凤庆县的党建经验', kind: 'summary' },
  { q: '凤庆那篇文章的作者是谁?发表于哪天?', kind: 'metadata' },
  { q: '小中甸那篇报道是谁写的?', kind: 'metadata' },
  { q: '昌都的报道发表在什么媒体上?', kind: 'metadata' },
  { q: '语料中有几篇文章?', kind: 'metadata' },
  { q: '明天昆明天气怎么样?', kind: 'out-of-scope' },
  { q: 'How much is the monthly subsidy for village cadres in Mengla?', kind: 'fact', en: true },
  { q: 'Which are the five border actions of Hulunbuir?', kind: 'list', en: true },
  { q: 'What measures did Mengla take to strengthen party building?', kind: 'how', en: true },
  { q: 'What does "four projects" mean?', kind: 'definition', en: true },
  { q: 'Which counties trained party members in winter?', kind: 'which-places', en: true },
  {
    q: 'How does Mengla differ from Fengqing?',
    kind: 'comparison',
    places: ['勐腊县', '凤庆县'],
    en: true,
  },
  { q: "Summarise Xiaozhongdian's party-building work", kind: 'summary', en: true },
  { q: 'What did Hulunbuir do?', kind: 'summary', en: true },
  { q: 'Who wrote the Fengqing article and when was it published?', kind: 'metadata', en: true },
  { q: 'Tell me a joke', kind: 'out-of-scope', en: true },
  // A greeting or an acknowledgement alone asks nothing.
  { q: 'ok', kind: 'out-of-scope', en: true },
  { q: 'Thanks!', kind: 'out-of-scope', en: true },
  { q: '谢谢', kind: 'out-of-scope' },
  { q: '好的', kind: 'out-of-scope' },
  // A count before the thing asked: a list of members, or (articles, places) which-places.
  { q: 'What four deliberation principles does the Guanlei committee follow?', kind: 'list', en: true },
  { q: 'Which two articles are from Yunnan?', kind: 'which-places', en: true },
  { q: "What is the 'one determination, three haves' mechanism in Mengla?", kind: 'definition', en: true },
  { q: 'What is the subsidy for village cadres in Mengla?', kind: 'fact', en: true },
  { q: '说说小中甸镇党建工作的亮点', kind: 'summary' },
  { q: 'Which regions does the corpus cover?', kind: 'metadata', en: true },
  { q: '语料覆盖哪些地区?', kind: 'metadata' },
];

describe('question intents (table-driven)', () => {
  for (const c of CASES) {
    const variants = c.en ? [c.q] : [c.q, toTraditional(c.q)];
    for (const q of variants) {
      it(`${q} → ${c.kind}`, () => {
        assert.equal(classifyIntent(q, { places: c.places ?? [] }).kind, c.kind);
      });
    }
  }

  it('a comparison cue with one place is not a comparison', () => {
    assert.notEqual(classifyIntent('勐腊县和以前相比有什么不同?', { places: ['勐腊县'] }).kind, 'comparison');
  });

  it('carries the list name, the count asked and the metadata fields', () => {
    const list = classifyIntent('呼倫貝爾的“五邊行動”是哪五邊?');
    assert.equal(list.listName, '五边行动');
    assert.equal(list.count, 5);
    const unquoted = classifyIntent('三抓三提包括哪些?', { listNames: ['三抓三提', '四个工程'] });
    assert.equal(unquoted.kind, 'list');
    assert.equal(unquoted.listName, '三抓三提');
    assert.deepEqual(classifyIntent('凤庆那篇文章的作者是谁?发表于哪天?').fields, ['author', 'date']);
    assert.equal(askedCount('What are the four projects?'), 4);
    assert.equal(askedCount('有多少人?'), null);
  });

  it('odd input gives a fact intent, not a crash', () => {
    for (const q of ['', '   ', '???', 'x'.repeat(5000), '\u0000\u0001']) {
      assert.equal(typeof classifyIntent(q).kind, 'string');
    }
  });
});
