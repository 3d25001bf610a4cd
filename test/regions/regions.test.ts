import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRegionResolver, isWithin, MAX_CANDIDATES, type Region } from '../../src/regions/regions.js';
import { REGION_ALIASES } from '../../src/regions/aliases.js';

const resolver = createRegionResolver();
const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

const MENGLA = ['云南省', '西双版纳傣族自治州', '勐腊县'];
const FENGQING = ['云南省', '临沧市', '凤庆县'];
const QAMDO = ['西藏自治区', '昌都市'];
const HULUNBUIR = ['内蒙古自治区', '呼伦贝尔市'];
const SHANGRILA = ['云南省', '迪庆藏族自治州', '香格里拉市'];
const XIAOZHONGDIAN = [...SHANGRILA, '小中甸镇'];

/** The corpus file whose name starts with `prefix`, as published. */
function article(prefix: string): string {
  const file = readdirSync(corpusDir).find((name) => name.startsWith(prefix));
  assert.ok(file, `corpus file ${prefix}`);
  return readFileSync(corpusDir + file, 'utf8');
}

/** Drops 003's trailing spam list of county names (`定远县| 灵丘县| ...`), as the cleaner does. */
function withoutNameList(text: string): string {
  return text.replace(/(?:[^|\n]+\|\s*){5,}[^|\n]*$/u, '');
}

/** Title and body as the cleaner hands them over: the title line, then the rest. */
function titledArticle(prefix: string, isTitle: (line: string) => boolean): { title: string; text: string } {
  const raw = withoutNameList(article(prefix));
  const lines = raw.split('\n');
  const at = lines.findIndex((line) => isTitle(line.trim()));
  assert.ok(at >= 0, `title line of ${prefix}`);
  return { title: (lines[at] ?? '').trim(), text: lines.slice(at + 1).join('\n') };
}

function paths(regions: Region[]): string[] {
  return regions.map((region) => region.path.join('/'));
}

function firstPath(name: string): string[] | undefined {
  return resolver.resolve(name)[0]?.path;
}

function mentionPaths(text: string): string[] {
  return resolver.findMentions(text).map((m) => m.region.path.join('/'));
}

test('resolve: the corpus regions by suffix-less Chinese names, in either script', () => {
  assert.deepEqual(firstPath('勐腊'), MENGLA);
  assert.deepEqual(firstPath('凤庆'), FENGQING);
  assert.deepEqual(firstPath('昌都'), QAMDO);
  assert.deepEqual(firstPath('呼伦贝尔'), HULUNBUIR);
  assert.deepEqual(firstPath('小中甸'), XIAOZHONGDIAN);
  assert.deepEqual(firstPath('呼倫貝爾'), HULUNBUIR);
  assert.deepEqual(firstPath('雲南'), ['云南省']);
  assert.deepEqual(firstPath('西双版纳'), ['云南省', '西双版纳傣族自治州']);
  assert.deepEqual(firstPath('西双版纳州'), ['云南省', '西双版纳傣族自治州']);
  assert.deepEqual(firstPath('内蒙古'), ['内蒙古自治区']);
  assert.deepEqual(firstPath('新疆'), ['新疆维吾尔自治区']);
  assert.deepEqual(firstPath('孟连'), ['云南省', '普洱市', '孟连傣族拉祜族佤族自治县']);
});

test('resolve: official names at every level, and the 2014 rename of 香格里拉县', () => {
  assert.deepEqual(firstPath('云南省'), ['云南省']);
  assert.deepEqual(firstPath('迪庆藏族自治州'), ['云南省', '迪庆藏族自治州']);
  assert.deepEqual(firstPath('陈巴尔虎旗'), [...HULUNBUIR, '陈巴尔虎旗']);
  assert.deepEqual(firstPath('陳巴爾虎旗'), [...HULUNBUIR, '陈巴尔虎旗']);
  const town = resolver.resolve('小中甸镇')[0];
  assert.equal(town?.code, '533401102');
  assert.equal(town?.level, 'street');
  assert.deepEqual(town?.path, XIAOZHONGDIAN);
  assert.deepEqual(firstPath('香格里拉县'), SHANGRILA);
  assert.deepEqual(firstPath('香格里拉縣'), SHANGRILA);
  assert.deepEqual(firstPath('中甸县'), SHANGRILA);
  assert.deepEqual(firstPath('新左旗'), [...HULUNBUIR, '新巴尔虎左旗']);
  assert.deepEqual(firstPath('新右旗'), [...HULUNBUIR, '新巴尔虎右旗']);
  // Municipalities have no city level in paths (the package's 市辖区 rows are placeholders).
  assert.deepEqual(firstPath('东城区'), ['北京市', '东城区']);
  assert.deepEqual(firstPath('兰州市'), ['甘肃省', '兰州市']);
});

test('resolve: pinyin and English names, insensitive to case, spaces and hyphens', () => {
  const expected: [string, string[]][] = [
    ['Yunnan', ['云南省']],
    ['Tibet', ['西藏自治区']],
    ['Xizang', ['西藏自治区']],
    ['Inner Mongolia', ['内蒙古自治区']],
    ['Qamdo', QAMDO],
    ['Chamdo', QAMDO],
    ['Hulunbuir', HULUNBUIR],
    ['Hulun Buir', HULUNBUIR],
    ['HULUN-BUIR', HULUNBUIR],
    ['  hulun buir ', HULUNBUIR],
    ['Shangri-La', SHANGRILA],
    ['shangri la', SHANGRILA],
    ['ShangriLa', SHANGRILA],
    ['Xishuangbanna', ['云南省', '西双版纳傣族自治州']],
    ['Xishuangbanna Dai Autonomous Prefecture', ['云南省', '西双版纳傣族自治州']],
    ['Lincang', ['云南省', '临沧市']],
    ['Diqing', ['云南省', '迪庆藏族自治州']],
    ['Mengla', MENGLA],
    ['Mengla County', MENGLA],
    ['Fengqing', FENGQING],
    ['Manzhouli', [...HULUNBUIR, '满洲里市']],
    ['Ergun', [...HULUNBUIR, '额尔古纳市']],
    ['New Barag Left Banner', [...HULUNBUIR, '新巴尔虎左旗']],
    ['Xiaozhongdian', XIAOZHONGDIAN],
    ['Lanzhou', ['甘肃省', '兰州市']],
    ['Shenzhen', ['广东省', '深圳市']],
    ['Guangdong', ['广东省']],
    ['Kunming', ['云南省', '昆明市']],
    ['Shaanxi', ['陕西省']],
    ['Shanxi', ['山西省']],
    ["Xi'an", ['陕西省', '西安市']],
    ['Lüliang', ['山西省', '吕梁市']],
    ['Lvliang', ['山西省', '吕梁市']],
    ['Urumqi', ['新疆维吾尔自治区', '乌鲁木齐市']],
    ['Jilin City', ['吉林省', '吉林市']],
    ['Jilin', ['吉林省']],
  ];
  for (const [name, path] of expected) assert.deepEqual(firstPath(name), path, name);
  // County-level pinyin is known to resolve() even without an alias entry.
  assert.deepEqual(firstPath('Gengma'), ['云南省', '临沧市', '耿马傣族佤族自治县']);
  assert.deepEqual(firstPath('Dongcheng District'), ['北京市', '东城区']);
});

test('resolve: ambiguous names give several candidates, best first; unknown names give none', () => {
  const suzhou = paths(resolver.resolve('Suzhou'));
  assert.deepEqual(suzhou, ['江苏省/苏州市', '安徽省/宿州市']);
  const chaoyang = paths(resolver.resolve('朝阳'));
  assert.equal(chaoyang[0], '辽宁省/朝阳市');
  assert.ok(chaoyang.includes('北京市/朝阳区') && chaoyang.includes('吉林省/长春市/朝阳区'));
  assert.deepEqual(paths(resolver.resolve('卡贡乡')), [
    '西藏自治区/昌都市/江达县/卡贡乡',
    '西藏自治区/昌都市/察雅县/卡贡乡',
  ]);
  assert.equal(resolver.resolve('吉林')[0]?.level, 'province');
  assert.equal(resolver.resolve('吉林')[1]?.level, 'city');
  assert.equal(resolver.resolve('城关镇').length, MAX_CANDIDATES);
  assert.deepEqual(resolver.resolve('Narnia'), []);
  assert.deepEqual(resolver.resolve('党员干部'), []);
  assert.deepEqual(resolver.resolve('中国'), []);
});

test('resolve: a path or a phrase gives its most specific region', () => {
  assert.deepEqual(firstPath('云南省临沧市凤庆县'), FENGQING);
  assert.deepEqual(firstPath('云南 迪庆 香格里拉 小中甸'), XIAOZHONGDIAN);
  assert.deepEqual(firstPath('Mengla, Yunnan'), MENGLA);
});

test('resolve: bad input answers [] without throwing', () => {
  for (const input of [
    '',
    '   ',
    '\u0000\u0001\u0002',
    '\ud800\udfff\ufffd',
    '!!!',
    '12345',
    '凤'.repeat(10_000),
  ])
    assert.deepEqual(resolver.resolve(input), [], JSON.stringify(input.slice(0, 20)));
});

test('alias table: every entry names a real region and resolves to it', () => {
  for (const alias of REGION_ALIASES) {
    const region = resolver.byPath(alias.path);
    assert.ok(region, `alias path ${alias.path.join('/')}`);
    assert.deepEqual(region.path, alias.path);
    for (const name of alias.zh ?? []) assert.deepEqual(firstPath(name), alias.path, name);
    for (const name of alias.en ?? [])
      assert.ok(
        paths(resolver.resolve(name)).includes(alias.path.join('/')),
        `${name} → ${alias.path.join('/')}`,
      );
  }
});

test('byPath: full paths, placeholders, historic names; null otherwise', () => {
  assert.equal(resolver.byPath(XIAOZHONGDIAN)?.code, '533401102');
  assert.equal(resolver.byPath(['内蒙古自治区'])?.level, 'province');
  assert.equal(resolver.byPath(['北京市', '市辖区', '东城区'])?.code, '110101');
  assert.equal(resolver.byPath(['云南省', '迪庆藏族自治州', '香格里拉县'])?.code, '533401');
  assert.equal(resolver.byPath(['雲南省', '臨滄市', '鳳慶縣'])?.code, '530921');
  assert.equal(resolver.byPath(['云南省', '临沧市', '香格里拉市']), null);
  assert.equal(resolver.byPath(['火星']), null);
  assert.equal(resolver.byPath([]), null);
  for (const input of [['a/b'], ['', ''], Array<string>(50).fill('云南省')])
    assert.equal(resolver.byPath(input), null);
  // One gazetteer per process: resolvers share their regions.
  assert.equal(createRegionResolver().byPath(FENGQING), resolver.byPath(FENGQING));
});

test('findMentions: questions in either script and in English', () => {
  assert.deepEqual(mentionPaths('凤庆县有多少名党员?'), [FENGQING.join('/')]);
  assert.deepEqual(mentionPaths('陳巴爾虎旗如何安排党员培训?'), [[...HULUNBUIR, '陈巴尔虎旗'].join('/')]);
  assert.deepEqual(mentionPaths('What did Qamdo do?'), [QAMDO.join('/')]);
  assert.deepEqual(mentionPaths('兰州市的边境党建做了什么?'), ['甘肃省/兰州市']);
  assert.deepEqual(mentionPaths('广东省深圳市有哪些基层党建做法?'), ['广东省', '广东省/深圳市']);
  assert.deepEqual(mentionPaths('勐腊县和凤庆县的做法有什么不同?'), [MENGLA.join('/'), FENGQING.join('/')]);
  assert.deepEqual(mentionPaths('香格里拉縣小中甸鎮'), [SHANGRILA.join('/'), XIAOZHONGDIAN.join('/')]);
  assert.deepEqual(mentionPaths('Tell me about Hulun Buir and Shangri-La.'), [
    HULUNBUIR.join('/'),
    SHANGRILA.join('/'),
  ]);
  const english = resolver.findMentions(
    'What about Mengla County in the Xishuangbanna Dai Autonomous Prefecture?',
  );
  assert.deepEqual(
    english.map((m) => [m.text, m.region.path.join('/')]),
    [
      ['Mengla County', MENGLA.join('/')],
      ['Xishuangbanna Dai Autonomous Prefecture', '云南省/西双版纳傣族自治州'],
    ],
  );
});

test('a town named in full is found though jieba glues its unit to the next word (镇有, 鎮靠)', () => {
  assert.deepEqual(mentionPaths('小中甸镇有哪些做法?'), [XIAOZHONGDIAN.join('/')]);
  assert.deepEqual(mentionPaths('小中甸鎮靠什麼產業發展?'), [XIAOZHONGDIAN.join('/')]);
  // Its start must still be a word's: a town's name inside another word is no mention.
  assert.deepEqual(mentionPaths('大小中甸镇'), []);
});

test('English direction words and "new" meet their pinyin (New/Xin, Left/Zuo, Banner/Qi)', () => {
  const left = [...HULUNBUIR, '新巴尔虎左旗'].join('/');
  for (const name of ['Xin Barag Left Banner', 'New Barag Left Banner', 'Xin Barag Zuoqi'])
    assert.equal(resolver.resolve(name)[0]?.path.join('/'), left, name);
  assert.deepEqual(mentionPaths('How does Xin Barag Left Banner in Hulunbuir train herders?'), [
    left,
    HULUNBUIR.join('/'),
  ]);
});

test('findMentions: offsets point at the name as written, in order, without overlaps', () => {
  const text = '近年來,香格里拉縣小中甸鎮與呼倫貝爾市、Qamdo 以及 Lincang 都……';
  const mentions = resolver.findMentions(text);
  assert.deepEqual(
    mentions.map((m) => m.text),
    ['香格里拉縣', '小中甸鎮', '呼倫貝爾市', 'Qamdo', 'Lincang'],
  );
  let end = 0;
  for (const m of mentions) {
    assert.equal(text.slice(m.index, m.index + m.text.length), m.text);
    assert.ok(m.index >= end, 'no overlap');
    end = m.index + m.text.length;
  }
});

test('findMentions: no regions in ordinary text', () => {
  const ordinary = [
    '党员干部',
    '基层党组织',
    '中国',
    '社区干部每月补助',
    '中国共产党',
    '维护边疆长治久安',
    '祝大家平安安康',
    '天下大同',
    '尊敬的来宾们',
    '朝阳产业',
    '平安乡镇',
    '城乡互联共建',
    '新城区建设',
    '老城区改造',
    '全县全州全省',
    '省委组织部',
    '蒙古包哨所牧民哨兵',
    '党的光辉照边疆,边疆人民心向党',
    '城关镇召开会议',
    'How many party members are there in the county?',
    'The subsidy is 2000 yuan per month.',
    'Qamdoville and XQamdoX',
    '动(dòng)员(yuán)县(xiàn)',
  ];
  for (const text of ordinary) assert.deepEqual(mentionPaths(text), [], text);
});

test('findMentions: duplicate town names are placed by the other names in the text', () => {
  assert.deepEqual(mentionPaths('察雅县卡贡乡'), [
    '西藏自治区/昌都市/察雅县',
    '西藏自治区/昌都市/察雅县/卡贡乡',
  ]);
  assert.deepEqual(mentionPaths('江达县卡贡乡'), [
    '西藏自治区/昌都市/江达县',
    '西藏自治区/昌都市/江达县/卡贡乡',
  ]);
  // 卡贡乡 alone could be either: not a mention. 城关镇 exists 88 times; under 永登县 it is that one.
  assert.deepEqual(mentionPaths('卡贡乡'), []);
  assert.deepEqual(mentionPaths('甘肃省永登县城关镇'), [
    '甘肃省',
    '甘肃省/兰州市/永登县',
    '甘肃省/兰州市/永登县/城关镇',
  ]);
  assert.deepEqual(mentionPaths('北京市朝阳区'), ['北京市', '北京市/朝阳区']);
  assert.deepEqual(mentionPaths('吉林省长春市朝阳区'), ['吉林省', '吉林省/长春市', '吉林省/长春市/朝阳区']);
});

test('findMentions: the regions each corpus article mentions, and nothing else', () => {
  const expected: Record<string, string[]> = {
    '000': [
      MENGLA.join('/'),
      '云南省/西双版纳傣族自治州',
      '云南省',
      '云南省/西双版纳傣族自治州/景洪市',
      [...MENGLA, '关累镇'].join('/'),
    ],
    '001': [FENGQING.join('/')],
    '002': [
      QAMDO.join('/'),
      '西藏自治区',
      [...QAMDO, '察雅县'].join('/'),
      [...QAMDO, '察雅县', '卡贡乡'].join('/'),
      [...QAMDO, '卡若区'].join('/'),
      [...QAMDO, '贡觉县'].join('/'),
      [...QAMDO, '八宿县'].join('/'),
    ],
    '003': [
      HULUNBUIR.join('/'),
      [...HULUNBUIR, '满洲里市'].join('/'),
      [...HULUNBUIR, '额尔古纳市'].join('/'),
      [...HULUNBUIR, '陈巴尔虎旗'].join('/'),
      [...HULUNBUIR, '新巴尔虎左旗'].join('/'),
      [...HULUNBUIR, '新巴尔虎右旗'].join('/'),
      [...HULUNBUIR, '新巴尔虎右旗', '克尔伦苏木'].join('/'),
    ],
    '004': [XIAOZHONGDIAN.join('/'), SHANGRILA.join('/')],
  };
  for (const [prefix, regions] of Object.entries(expected)) {
    const found = new Set(mentionPaths(withoutNameList(article(prefix))));
    assert.deepEqual([...found].sort(), [...regions].sort(), prefix);
  }
  // The pinyin notes of the Traditional articles (動(dòng), 縣(xiàn)) are not English place names.
  assert.ok(!mentionPaths(article('003')).includes('陕西省/西安市'));
});

test('assignArticle: each corpus article gets its region from its title', () => {
  const cases: [string, (line: string) => boolean, string[]][] = [
    ['000', (line) => line.startsWith('勐腊县'), MENGLA],
    ['001', (line) => line.startsWith('凤庆'), FENGQING],
    ['002', (line) => line.startsWith('党旗飘扬'), QAMDO],
    ['003', (line) => line.startsWith('呼倫貝爾市'), HULUNBUIR],
  ];
  for (const [prefix, isTitle, region] of cases)
    assert.deepEqual(resolver.assignArticle(titledArticle(prefix, isTitle)).region, region, prefix);

  // 004 is one line: its title is the subtitle before the first space; the body says 香格里拉縣.
  const raw004 = article('004');
  const cut = raw004.indexOf(' ');
  const a004 = resolver.assignArticle({ title: raw004.slice(0, cut), text: raw004.slice(cut + 1) });
  assert.deepEqual(a004.region, XIAOZHONGDIAN);
  assert.deepEqual(a004.subRegions, []);
});

test('assignArticle: sub-regions lie under the primary region (003: two cities, three banners)', () => {
  const a003 = resolver.assignArticle(titledArticle('003', (line) => line.startsWith('呼倫貝爾市')));
  const subs = a003.subRegions.map((path) => path.join('/'));
  for (const name of ['满洲里市', '额尔古纳市', '陈巴尔虎旗', '新巴尔虎左旗', '新巴尔虎右旗'])
    assert.ok(subs.includes([...HULUNBUIR, name].join('/')), name);
  for (const path of a003.subRegions) assert.ok(isWithin(path, HULUNBUIR) && path.length > HULUNBUIR.length);
  assert.equal(new Set(subs).size, subs.length, 'no duplicates');

  const a002 = resolver.assignArticle(titledArticle('002', (line) => line.startsWith('党旗飘扬')));
  assert.deepEqual(
    a002.subRegions.map((path) => path.join('/')),
    ['察雅县', '察雅县/卡贡乡', '卡若区', '贡觉县', '八宿县'].map((tail) => `${QAMDO.join('/')}/${tail}`),
  );
});

test('assignArticle: without a title, the most mentioned region, descended while a child dominates', () => {
  assert.deepEqual(resolver.assignArticle({ title: '', text: article('002') }).region, QAMDO);
  assert.deepEqual(
    resolver.assignArticle({ title: '', text: withoutNameList(article('003')) }).region,
    HULUNBUIR,
  );
  assert.deepEqual(resolver.assignArticle({ title: '', text: article('004') }).region, XIAOZHONGDIAN);
  // A title naming a province and a county: the county, with its real parent chain.
  assert.deepEqual(resolver.assignArticle({ title: '云南凤庆:党建扶贫', text: '' }).region, FENGQING);
});

test('assignArticle: empty or garbled text gives no region and does not throw', () => {
  const none = { region: [], subRegions: [] };
  assert.deepEqual(resolver.assignArticle({ title: '', text: '' }), none);
  assert.deepEqual(resolver.assignArticle({ title: '无地名标题', text: '党员干部学习教育。' }), none);
  assert.deepEqual(resolver.assignArticle({ title: '\u0000\ufffd', text: '\ud800' }), none);
});

test('findMentions: huge or binary input is scanned without throwing', () => {
  const huge = '党员干部凤庆县'.repeat(50_000);
  const mentions = resolver.findMentions(huge);
  assert.equal(mentions.length, 50_000);
  assert.deepEqual(
    resolver.findMentions(String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => i))),
    [],
  );
  assert.deepEqual(resolver.findMentions(''), []);
});
