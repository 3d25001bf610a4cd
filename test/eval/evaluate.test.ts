/**
 * The scorer on hand-made answers quoting the real corpus: each check of the evaluation spec fails
 * the answer it is meant to catch (a sibling entity's figure, a missing member, an uncited place, a
 * citation from elsewhere) and passes the right one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  aggregate,
  figuresOf,
  listItemCount,
  parseEvalFile,
  scoreAnswer,
  statesCount,
  type EvalItem,
  type EvalRow,
  type ScoredAnswer,
} from '../../src/answer/evaluate.js';
import { openIndex } from '../../src/store/store.js';
import type { ArticleRecord } from '../../src/types.js';
import { buildTempIndex, type TempIndex } from '../helpers/temp-index.js';

const XIAOZHONGDIAN = '004_867fbc00785c8e64';
const FENGQING = '001_4cc44543ceff4a89';

let index: TempIndex;
let articles: Map<string, ArticleRecord>;
before(async () => {
  index = await buildTempIndex();
  articles = new Map((await (await openIndex(index.config.indexUri)).articles()).map((a) => [a.id, a]));
});
after(() => index?.cleanup());

/** A citation of the first occurrence of `quote` in a real article (throws when the article lacks it). */
function cite(n: number, articleId: string, quote: string) {
  const text = articles.get(articleId)!.text;
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `${articleId} has “${quote}”`);
  return { n, articleId, text: quote, start, end: start + quote.length };
}

function answer(text: string, citations: ScoredAnswer['citations'], refused = false): ScoredAnswer {
  return { answer: text, refused, citations };
}

describe('scoreAnswer on hand-made answers', () => {
  const training: EvalItem = {
    id: 'f1',
    kind: 'fact',
    lang: 'zh-Hant',
    question: '小中甸鎮自2011年以來舉辦了幾期黨員培訓?參訓多少人?',
    answer_all: ['6期', '7597'],
    forbid: ['5期', '150人'],
    cite_only: [XIAOZHONGDIAN],
  };

  it('a sibling entity’s figure fails `forbid` and counts as a confident wrong-entity answer', () => {
    const wrong = scoreAnswer(
      training,
      answer('自2011年以來,全鎮舉辦積極分子培訓5期,參訓人員150人[1]', [
        cite(1, XIAOZHONGDIAN, '全鎮舉辦積極分子培訓5期,參訓人員150人'),
      ]),
      articles,
    );
    assert.equal(wrong.checks.forbid, false);
    assert.deepEqual(wrong.forbidden, ['5期', '150人']);
    assert.equal(wrong.wrongEntity, true);
    assert.equal(wrong.fullyRight, false);
    assert.deepEqual(wrong.missing, ['6期', '7597']);

    const right = scoreAnswer(
      training,
      answer('小中甸鎮黨員培訓6期,參訓人員7597人。[1]', [
        cite(1, XIAOZHONGDIAN, '黨員培訓6期,參訓人員7597人'),
      ]),
      articles,
    );
    assert.deepEqual(right.checks, {
      answerAny: null,
      answerAll: true,
      count: null,
      forbid: true,
      citeArticles: null,
      citeOnly: true,
    });
    assert.equal(right.wrongEntity, false);
    assert.equal(right.fullyRight, true);
  });

  it('a refused sibling question is not a wrong-entity answer, but a false refusal', () => {
    const refused = scoreAnswer(training, answer('語料中沒有找到能回答這個問題的內容。', [], true), articles);
    assert.equal(refused.wrongEntity, false);
    assert.equal(refused.refusedOk, false);
    assert.equal(refused.fullyRight, false);
  });

  const members: EvalItem = {
    id: 'l1',
    kind: 'list',
    lang: 'zh-Hans',
    question: '凤庆县的“三抓三强化”中的“三抓”是哪三个?',
    answer_all: ['抓责任落实', '抓“四个工程”', '抓“百千万”'],
    count: 3,
  };

  it('a missing member fails `answer_all`; a numbered list of every member passes, count included', () => {
    const two = scoreAnswer(
      members,
      answer('凤庆县的“三抓”:\n1. 抓责任落实[1]\n2. 抓“四个工程”[1]', [
        cite(1, FENGQING, '抓责任落实、抓“四个工程”'),
      ]),
      articles,
    );
    assert.equal(two.checks.answerAll, false);
    assert.deepEqual(two.missing, ['抓“百千万”']);
    assert.equal(two.checks.count, false, 'two items, and the count is not stated');
    assert.equal(two.fullyRight, false);

    const all = scoreAnswer(
      members,
      answer('凤庆县的“三抓”:\n1. 抓责任落实[1]\n2. 抓“四个工程”[1]\n3. 抓“百千万”[1]', [
        cite(1, FENGQING, '抓责任落实、抓“四个工程”、抓“百千万”'),
      ]),
      articles,
    );
    assert.equal(all.checks.answerAll, true);
    assert.equal(all.checks.count, true);
    assert.equal(all.fullyRight, true);
  });

  it('members are matched across scripts and full-width forms', () => {
    const hant = scoreAnswer(
      { ...members, count: undefined },
      answer('抓責任落實、抓“四個工程”、抓“百千萬”[1]', [
        cite(1, FENGQING, '抓责任落实、抓“四个工程”、抓“百千万”'),
      ]),
      articles,
    );
    assert.equal(hant.checks.answerAll, true);
    const plus = scoreAnswer(
      { id: 'p', kind: 'fact', question: 'q', answer_any: ['4+'] },
      answer('强化“４＋”措施[1]', [cite(1, FENGQING, '强化“4+”措施')]),
      articles,
    );
    assert.equal(plus.checks.answerAny, true);
  });

  it('a comparison that cites one place only fails `cite_articles`', () => {
    const item: EvalItem = {
      id: 'c1',
      kind: 'comparison',
      question: '凤庆县和小中甸镇在党员培训上有什么不同?',
      cite_articles: [FENGQING, XIAOZHONGDIAN],
    };
    const one = scoreAnswer(item, answer('凤庆:抓责任落实[1]', [cite(1, FENGQING, '抓责任落实')]), articles);
    assert.equal(one.checks.citeArticles, false);
    assert.equal(one.fullyRight, false);
    const both = scoreAnswer(
      item,
      answer('凤庆:抓责任落实[1]\n小中甸:黨員培訓6期[2]', [
        cite(1, FENGQING, '抓责任落实'),
        cite(2, XIAOZHONGDIAN, '黨員培訓6期'),
      ]),
      articles,
    );
    assert.equal(both.checks.citeArticles, true);
    assert.equal(both.fullyRight, true);
  });

  it('a summary citing another place fails `cite_only`', () => {
    const item: EvalItem = {
      id: 's1',
      kind: 'summary',
      question: '总结一下凤庆县的做法',
      cite_only: [FENGQING],
    };
    const mixed = scoreAnswer(
      item,
      answer('抓责任落实[1];黨員培訓6期[2]', [
        cite(1, FENGQING, '抓责任落实'),
        cite(2, XIAOZHONGDIAN, '黨員培訓6期'),
      ]),
      articles,
    );
    assert.equal(mixed.checks.citeOnly, false);
    assert.equal(mixed.fullyRight, false);
  });

  it('a marker without a citation, a quote that is not verbatim, or no citation at all is not fully right', () => {
    const item: EvalItem = { id: 'f2', kind: 'fact', question: 'q', answer_any: ['7597'] };
    const good = cite(1, XIAOZHONGDIAN, '黨員培訓6期,參訓人員7597人');
    const dangling = scoreAnswer(item, answer('7597人[1][3]', [good]), articles);
    assert.equal(dangling.markersResolve, false);
    assert.equal(dangling.fullyRight, false);
    const edited = scoreAnswer(
      item,
      answer('7597人[1]', [{ ...good, text: '党员培训6期,参训人员7597人' }]),
      articles,
    );
    assert.equal(edited.verbatim, false, 'a Simplified rewrite of a Traditional quote is not verbatim');
    assert.equal(edited.fullyRight, false);
    const uncited = scoreAnswer(item, answer('7597人', []), articles);
    assert.equal(uncited.checks.answerAny, true);
    assert.equal(uncited.fullyRight, false);
  });

  it('a negative is right only when refused without citations', () => {
    const item: EvalItem = { id: 'n1', kind: 'negative', question: '深圳市的党建怎么样?', forbid: ['深圳'] };
    assert.equal(
      scoreAnswer(item, answer('语料中没有找到能回答这个问题的内容。', [], true), articles).fullyRight,
      true,
    );
    const answered = scoreAnswer(item, answer('抓责任落实[1]', [cite(1, FENGQING, '抓责任落实')]), articles);
    assert.equal(answered.fullyRight, false);
    assert.equal(answered.refusedOk, false);
  });

  it('recall@5 needs every needle in the top five passages', () => {
    const item: EvalItem = { id: 'r', kind: 'fact', question: 'q', needles: ['7597人', '1820人'] };
    const r = (texts: string[]) =>
      scoreAnswer(item, { ...answer('x', []), retrieved: texts.map((text) => ({ text })) }, articles);
    assert.equal(
      r(['參訓人員7597人', 'a', 'b', 'c', 'd', '參訓人員1820人']).recall,
      0,
      'the sixth does not count',
    );
    assert.equal(r(['a', '參訓人員1820人', '參訓人員7597人']).recall, 1);
    assert.equal(r(['a', '參訓人員1820人', '參訓人員7597人']).rr, 0.5);
  });
});

describe('list counting', () => {
  it('counts numbered and bulleted lines, and finds a stated count', () => {
    assert.equal(listItemCount('包括:\n1. 甲\n2. 乙\n（三）丙\n• 丁\n① 戊\n正文'), 5);
    assert.equal(listItemCount('一是抓党建;二是抓扶贫'), 1, 'one line is one item');
    assert.equal(statesCount('“五边行动”包括五个方面:', 5), true);
    assert.equal(statesCount('共有4项措施', 4), true);
    assert.equal(statesCount('Fengqing lists four measures:', 4), true);
    assert.equal(statesCount('共有14项措施', 4), false);
    assert.equal(statesCount('“三抓三提”的做法', 3), false, 'a name carrying a number is not a count');
  });
});

describe('parseEvalFile and figures', () => {
  it('takes every kind of the spec and the legacy summaries, and names what is wrong with a line', () => {
    const { items, errors } = parseEvalFile(
      [
        JSON.stringify({
          id: 'a',
          kind: 'list',
          lang: 'zh-Hans',
          question: 'q',
          answer_all: ['x'],
          count: 3,
        }),
        JSON.stringify({ id: 'b', kind: 'summary', region: '凤庆', expect: ['凤庆'], forbid: ['勐腊'] }),
        JSON.stringify({ id: 'a', kind: 'fact', question: 'q' }),
        JSON.stringify({ id: 'c', kind: 'list', question: 'q', count: 'three' }),
        JSON.stringify({ id: 'd', kind: 'fact', question: 'q', forbid: '5期' }),
        JSON.stringify({ id: 'e', kind: 'fact' }),
        '[1,2]',
        '{"id": "f", "kind": "fact", "question": "q", "__proto__": {"answer_all": ["x"]}}',
      ].join('\n'),
    );
    assert.deepEqual(
      items.map((i) => i.id),
      ['a', 'b', 'f'],
    );
    assert.equal(items[2]!.answer_all, undefined, 'a "__proto__" key does not smuggle in fields');
    assert.deepEqual(
      errors.map((e) => e.replace(/^line (\d+): .*$/, '$1')),
      ['3', '4', '5', '6', '7'],
    );
    assert.match(errors.join('\n'), /duplicate id "a"[\s\S]*"count" must be[\s\S]*"forbid" must be a list/);
  });

  it('figures per kind and per language, with wrong-entity answers and false refusals counted', () => {
    const row = (over: Partial<EvalRow>): EvalRow => ({
      id: 'x',
      kind: 'fact',
      lang: 'zh-Hans',
      recall: 1,
      rr: 1,
      fact: true,
      refusedOk: null,
      citationsOk: true,
      summaryOk: null,
      ms: 1,
      note: '',
      refused: false,
      verbatim: true,
      markersResolve: true,
      checks: {
        answerAny: true,
        answerAll: null,
        count: null,
        forbid: null,
        citeArticles: null,
        citeOnly: null,
      },
      missing: [],
      forbidden: [],
      wrongEntity: false,
      fullyRight: true,
      ...over,
    });
    const rows = [
      row({}),
      row({ kind: 'list', lang: 'en', fullyRight: false, missing: ['x'] }),
      row({ kind: 'fact', lang: 'zh-Hant', fullyRight: false, wrongEntity: true }),
      row({ kind: 'negative', refused: true, refusedOk: true, recall: null }),
      row({ kind: 'how', refused: true, refusedOk: false, fullyRight: false }),
    ];
    const all = aggregate(rows, 'all');
    assert.equal(all.fullyRight, '2/5');
    assert.equal(all.answerBearingRight, '1/4');
    assert.equal(all.wrongEntity, 1);
    assert.equal(all.falseRefusals, 1);
    assert.equal(all.negativesRefused, '1/1');
    const groups = figuresOf(rows).map((f) => `${f.group} ${f.fullyRight}`);
    assert.deepEqual(groups, [
      'all 2/5',
      'kind:fact 1/2',
      'kind:how 0/1',
      'kind:list 0/1',
      'kind:negative 1/1',
      'lang:en 0/1',
      'lang:zh-Hans 2/3',
      'lang:zh-Hant 0/1',
    ]);
  });
});
