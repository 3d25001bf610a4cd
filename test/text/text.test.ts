import assert from 'node:assert/strict';
import { test } from 'node:test';
import { glossaryTerms } from '../../src/text/glossary.js';
import { normalizeQuestion } from '../../src/text/normalize.js';
import { detectScript, toScript, toSimplified, toTraditional } from '../../src/text/script.js';
import { COUNTED_FIGURE, HAS_FIGURE, SUM, TOTAL_WORDS } from '../../src/text/figures.js';
import { keywords, primaryKeywords, repairCut, repairedWords, toIndexText } from '../../src/text/segment.js';
import { splitSentences } from '../../src/text/sentences.js';

test('script detection and conversion on the corpus vocabulary', () => {
  assert.equal(detectScript('陳巴爾虎旗如何安排牧民黨員的集中培訓時間?'), 'zh-Hant');
  assert.equal(detectScript('勐腊县社区干部每月补助标准是多少?'), 'zh-Hans');
  assert.equal(detectScript('What campaign did Hulunbuir deepen?'), 'en');
  // An English sentence quoting a Chinese term stays English; a Chinese one with a Latin acronym stays Chinese.
  assert.equal(
    detectScript('How many households did each village party branch (党支部) help in Fengqing?'),
    'en',
  );
  assert.equal(detectScript('What is the 两学一做 campaign about in Chamdo?'), 'en');
  assert.equal(detectScript('勐腊县的GDP和党员人数各是多少?'), 'zh-Hans');
  assert.equal(toSimplified('呼倫貝爾市深入推進“五邊行動”'), '呼伦贝尔市深入推进“五边行动”');
  assert.equal(toTraditional('党员'), '黨員');
  // Text already Traditional keeps its characters: 滿洲里 is not turned into 滿洲裡.
  assert.equal(toTraditional('滿洲里市出臺'), '滿洲里市出臺');
  assert.equal(toTraditional('满洲里市出台'), '滿洲里市出臺');
  assert.equal(toScript('党员', 'en'), '党员');
});

test('segmentation: Simplified tokens for either script, function words dropped', () => {
  assert.deepEqual(keywords('凤庆县有多少名党员?').includes('党员'), true);
  assert.ok(!keywords('凤庆县有多少名党员?').includes('多少'));
  // Colloquial joiners are no search words (跟 would match 跟党走 and 跟踪器).
  const joined = keywords('凤庆党建跟扶贫是怎么捆在一起推进的?');
  assert.ok(joined.includes('扶贫') && !joined.includes('跟') && !joined.includes('一起'), joined.join(','));
  assert.deepEqual(toIndexText('黨員冬訓'), toIndexText('党员冬训'));
  assert.ok(!primaryKeywords('小中甸镇有几个村党总支?').includes('几个'));
});

test('sentences carry exact offsets', () => {
  const text = '标题\n一是抓“牛鼻子”。二是好！\n末尾';
  for (const s of splitSentences(text)) assert.equal(text.slice(s.start, s.end), s.text);
  assert.deepEqual(
    splitSentences(text).map((s) => s.text),
    ['标题', '一是抓“牛鼻子”。', '二是好！', '末尾'],
  );
});

test('question normalisation rejects empty, binary and over-long input and strips hidden characters', () => {
  assert.deepEqual(normalizeQuestion('  勐腊\u200b县\u202e补助  ', 100), { ok: true, text: '勐腊县补助' });
  assert.equal(normalizeQuestion('   ', 100).ok, false);
  assert.equal(normalizeQuestion('？？！', 100).ok, false);
  const binary = normalizeQuestion('\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f', 100);
  assert.equal(binary.ok || binary.reason, 'binary');
  // A short line that is a fifth junk (NULs, bytes that were not UTF-8) is binary, not "empty".
  const short = normalizeQuestion('abc\u0000\u0001\u0002\uFFFD\uFFFD', 100);
  assert.equal(short.ok || short.reason, 'binary');
  const nothing = normalizeQuestion('\u0000\u0001', 100);
  assert.equal(nothing.ok || nothing.reason, 'binary');
  // A long question with one stray byte is still a question.
  assert.equal(normalizeQuestion(`勐腊县的补助标准是多少\uFFFD${'呢'.repeat(20)}`, 100).ok, true);
  const long = normalizeQuestion('党'.repeat(101), 100);
  assert.equal(long.ok || long.reason, 'too-long');
});

test('the English glossary maps domain words to the index vocabulary', () => {
  assert.deepEqual(
    glossaryTerms('What border-area party building campaign did Hulunbuir deepen?').sort(),
    ['党建', '深化', '行动', '边境'].sort(),
  );
  assert.deepEqual(glossaryTerms('勐腊县'), []);
});

test('repairedWords: the corpus’s words that jieba’s cut of a question broke apart', () => {
  const corpus = new Set(['联防', '护边', '军警民', '党建']);
  const known = (w: string) => corpus.has(w);
  // jieba cuts 联防护边 as 联/防护/边; the reports write 联防 and 护边.
  assert.deepEqual(repairedWords('在军警民联防护边方面', known), ['联防', '护边']);
  assert.deepEqual(repairedWords('在軍警民聯防護邊方面', known), ['联防', '护边'], 'Traditional too');
  // Words jieba kept whole, or a run the corpus has no word in, add nothing.
  assert.deepEqual(repairedWords('多方联合抓党建', known), []);
  assert.deepEqual(
    repairedWords('防护边', (w) => w === '不在'),
    [],
  );
});

test('嘎查, a Mongolian village, is one word (jieba alone cuts 嘎/查 and 个嘎查)', () => {
  assert.ok(primaryKeywords('新右旗一共有多少个嘎查').includes('嘎查'));
  assert.ok(toIndexText('培树边境堡垒户的10个边境嘎查').split(' ').includes('嘎查'));
});

test('repairCut: the words of a mis-cut run give way to the corpus words read in it', () => {
  const corpus = new Set(['爱边', '护边', '固边', '信念', '教育', '党员']);
  const known = (w: string) => corpus.has(w);
  // jieba cuts 做爱边护边 as 做爱/边护边: neither is a word asked.
  const { words, replaced } = repairCut('怎么给党员做爱边护边固边信念教育', known);
  assert.deepEqual(words, ['爱边', '护边']);
  assert.ok(replaced.includes('做爱') && replaced.includes('边护边'), replaced.join(','));
  // A run the corpus covers only in part keeps its words (they may name what the corpus lacks).
  assert.deepEqual(repairCut('发展旅游业', (w) => w === '发展').replaced, []);
});

test('figures are read in either script: 40個, 1406戶, 3000餘萬元, 全縣', () => {
  assert.ok(COUNTED_FIGURE.test('惠及全鎮40個村民小組、1406戶'));
  assert.ok(COUNTED_FIGURE.test('1406戶') && COUNTED_FIGURE.test('1406户'));
  assert.ok(SUM.test('投入3000餘萬元') && SUM.test('投入3000余万元'));
  assert.ok(TOTAL_WORDS.test('全縣共有') && HAS_FIGURE.test('兩個'));
  assert.ok(!COUNTED_FIGURE.test('2016年'), 'a bare year is no count');
});
