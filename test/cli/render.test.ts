import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citationLabels, groupByArticle } from '../../src/answer/strings/cited-articles.js';
import type { Citation } from '../../src/answer/types.js';
import { renderAnswer, renderSummary } from '../../src/cli/render.js';

function citation(n: number, articleId: string, over: Partial<Citation> = {}): Citation {
  return {
    n,
    articleId,
    chunkId: `${articleId}#${n}`,
    title: articleId === 'a' ? '勐腊县探索边疆党建新路子' : '凤庆县“4+”措施强化基层党建',
    date: articleId === 'a' ? '2017-04-05' : null,
    source: articleId === 'a' ? '云南日报' : null,
    author: null,
    region: articleId === 'a' ? ['云南省', '西双版纳傣族自治州', '勐腊县'] : ['云南省', '临沧市', '凤庆县'],
    text: `第${n}句。`,
    start: n * 10,
    end: n * 10 + 4,
    ...over,
  };
}

describe('source lists grouped per article', () => {
  const citations = [citation(1, 'a'), citation(2, 'b'), citation(3, 'a'), citation(4, 'a')];

  it('groups citations by article in the order of their first number', () => {
    const groups = groupByArticle([...citations].reverse());
    assert.deepEqual(
      groups.map((g) => [g.articleId, g.citations.map((c) => c.n)]),
      [
        ['a', [1, 3, 4]],
        ['b', [2]],
      ],
    );
  });

  it('the terminal lists each article once with its quoted passages under it; the answer is untouched', () => {
    const answer = '勐腊县的做法包括:\n1. “第1句。”[1]\n2. “第3句。”[3]';
    const text = renderAnswer({ answer, citations, script: 'zh-Hans' });
    assert.ok(text.startsWith(`${answer}\n\n出处:\n`), text);
    assert.equal(text.match(/勐腊县探索边疆党建新路子/g)?.length, 1, 'one header per article');
    assert.match(
      text,
      /勐腊县探索边疆党建新路子 · 2017-04-05 · 云南日报 \(云南省 › 西双版纳傣族自治州 › 勐腊县\)\n {2}\[1\] “第1句。”\n {2}\[3\] “第3句。”\n {2}\[4\] “第4句。”\n凤庆县/,
    );
    assert.match(
      text,
      /凤庆县“4\+”措施强化基层党建 \(云南省 › 临沧市 › 凤庆县\)\n {2}\[2\] “第2句。”$/,
      'no null date or outlet',
    );
  });

  it('labels follow the asker: Traditional and English', () => {
    assert.match(renderAnswer({ answer: 'x', citations, script: 'zh-Hant' }), /\n出處:\n/);
    assert.match(renderAnswer({ answer: 'x', citations, script: 'en' }), /\nSources:\n/);
    assert.equal(renderAnswer({ answer: '没有。', citations: [], script: 'zh-Hans' }), '没有。');
  });

  it('a summary uses the same source list, labelled in the script of the region typed', () => {
    const text = renderSummary({
      query: 'Mengla',
      region: null,
      refused: false,
      articles: [],
      summary: '一是……[1]',
      points: [],
      citations: [citation(1, 'a')],
    });
    assert.match(text, /^一是……\[1\]\n\nSources:\n勐腊县/);
  });

  it('button labels: number and the article’s place; the title when two articles share a place', () => {
    assert.deepEqual(citationLabels(citations), ['[1] 勐腊县', '[2] 凤庆县', '[3] 勐腊县', '[4] 勐腊县']);
    const twoInOnePlace = [
      citation(1, 'a'),
      citation(2, 'c', {
        region: ['云南省', '西双版纳傣族自治州', '勐腊县'],
        title: '另一篇很长很长的关于勐腊县的报道标题',
      }),
    ];
    const labels = citationLabels(twoInOnePlace);
    assert.equal(labels[0], '[1] 勐腊县探索边疆党建新路子');
    assert.equal(labels[1], '[2] 另一篇很长很长的关于勐…');
    for (const l of labels) assert.ok([...l].length <= 16);
  });
});
