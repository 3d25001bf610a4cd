import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasValidCitation, keepCitedOnly, renumber, validateMarkers } from '../../src/answer/citations.js';

test('validateMarkers keeps resolving [n] and lists them in order of first use', () => {
  const r = validateMarkers('勐腊县社区干部每月不低于2000元[2]，凤庆县有20000余名党员[1]，另见[2]。', 3);
  assert.equal(r.text, '勐腊县社区干部每月不低于2000元[2]，凤庆县有20000余名党员[1]，另见[2]。');
  assert.deepEqual(r.used, [2, 1]);
});

test('validateMarkers normalises full-width, lenticular, list, range and labelled markers', () => {
  const cases: [string, string, number[]][] = [
    ['补助2000元［1］。', '补助2000元[1]。', [1]],
    ['补助2000元【2】。', '补助2000元[2]。', [2]],
    ['补助2000元[１]。', '补助2000元[1]。', [1]],
    ['两地均有举措[1, 2]。', '两地均有举措[1][2]。', [1, 2]],
    ['两地均有举措［2，1］。', '两地均有举措[2][1]。', [2, 1]],
    ['两地均有举措[1、3]。', '两地均有举措[1][3]。', [1, 3]],
    ['三地[1-3]。', '三地[1][2][3]。', [1, 2, 3]],
    ['见 [Passage 2] 与 [来源1]。', '见 [2] 与 [1]。', [2, 1]],
    ['脚注[^3]。', '脚注[3]。', [3]],
    ['重复[1][1]。', '重复[1]。', [1]],
  ];
  for (const [input, text, used] of cases) assert.deepEqual(validateMarkers(input, 3), { text, used }, input);
});

test('validateMarkers drops markers that do not resolve, with the space before them', () => {
  assert.deepEqual(validateMarkers('Mengla pays at least 2000 yuan [1] and more [7].', 2), {
    text: 'Mengla pays at least 2000 yuan [1] and more.',
    used: [1],
  });
  assert.deepEqual(validateMarkers('补贴[0]与[1, 9]和【12】', 2), { text: '补贴与[1]和', used: [1] });
  // A "range" as wide as a year is not a citation list.
  assert.deepEqual(validateMarkers('自[1-2017]起', 5), { text: '自起', used: [] });
  // Dropping a marker at the start of a line keeps the line break.
  assert.equal(validateMarkers('第一行。\n[9] 第二行', 2).text, '第一行。\n 第二行');
});

test('validateMarkers leaves other brackets alone and survives odd input', () => {
  assert.deepEqual(validateMarkers('数组[a]与[ ]以及[1.5]', 3).used, []);
  assert.equal(validateMarkers('数组[a]与[ ]', 3).text, '数组[a]与[ ]');
  assert.deepEqual(validateMarkers('', 3), { text: '', used: [] });
  assert.deepEqual(validateMarkers('text [1]', 0), { text: 'text', used: [] });
  assert.deepEqual(validateMarkers('text [1]', Number.NaN), { text: 'text', used: [] });
  const huge = '党建[1]'.repeat(50_000) + '\u0000\uFFFD[2]';
  const r = validateMarkers(huge, 1);
  assert.deepEqual(r.used, [1]);
  assert.ok(!r.text.includes('[2]'));
});

test('renumber makes the used citations dense 1..k in the given order', () => {
  const v = validateMarkers('昌都[3]，凤庆[1][3]，不存在[5]', 4);
  assert.deepEqual(v.used, [3, 1]);
  assert.equal(renumber(v.text, v.used), '昌都[1]，凤庆[2][1]，不存在');
  assert.equal(renumber('无引用', []), '无引用');
});

test('keepCitedOnly returns the cited citations renumbered with the text', () => {
  const citations = [
    { n: 1, text: '社区干部按照每人每月不低于2000元' },
    { n: 2, text: '党总支书记50名' },
    { n: 3, text: '20000余名党员' },
  ];
  const r = keepCitedOnly('党员两万余名［3］，补助标准2000元[1]，另见[8]。', citations);
  assert.equal(r.text, '党员两万余名[1]，补助标准2000元[2]，另见。');
  assert.deepEqual(r.citations, [
    { n: 1, text: '20000余名党员' },
    { n: 2, text: '社区干部按照每人每月不低于2000元' },
  ]);
  assert.equal(citations[0]!.n, 1, 'the input citations are not mutated');
});

test('hasValidCitation tells whether any marker resolves', () => {
  assert.equal(hasValidCitation('补助2000元[1]', 1), true);
  assert.equal(hasValidCitation('补助2000元[2]', 1), false);
  assert.equal(hasValidCitation('补助2000元', 5), false);
  assert.equal(hasValidCitation('补助2000元【1】', 5), true);
});
