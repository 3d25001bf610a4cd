import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { cleanArticle, type CleanedArticle } from '../../src/ingest/clean.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const raw = files.map((f) => readFileSync(new URL(f, corpusDir), 'utf8'));
const cleaned = raw.map((r) => cleanArticle(r));
const [a000, a001, a002, a003, a004] = cleaned as [
  CleanedArticle,
  CleanedArticle,
  CleanedArticle,
  CleanedArticle,
  CleanedArticle,
];

const TONE = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
const ANNOTATION = new RegExp(`[(（][a-zü]*[${TONE}][a-zü]*[)）]`, 'u');
const lines = (c: CleanedArticle) => c.text.split('\n');

/**
 * The publisher's damage as reconstructed from 003 and 004: the GBK bytes were cut inside the
 * character at `at`; its first byte became `?`, the rest was decoded one byte out of step until an
 * ASCII byte, swallowed with the dangling lead byte into another `?`; full-width punctuation was
 * folded to ASCII afterwards.
 */
function damage(text: string, at: number): string {
  const bytes = iconv.encode(text.slice(at), 'gbk');
  let out = '?';
  let i = 1;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const trail = bytes[i + 1];
    if (lead < 0x80 || trail === undefined) break;
    if (trail < 0x40 || trail === 0x7f) {
      out += '?';
      i += 2;
      break;
    }
    out += iconv.decode(Buffer.from([lead, trail]), 'gbk');
    i += 2;
    if (trail < 0x80) break;
  }
  out += iconv.decode(bytes.subarray(i), 'gbk');
  return (
    text.slice(0, at) + out.replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  );
}

describe('cleanArticle: pinyin annotations', () => {
  it('removes every annotation from the annotated articles 003 and 004', () => {
    assert.ok(ANNOTATION.test(raw[3]!) && ANNOTATION.test(raw[4]!));
    for (const c of cleaned) assert.doesNotMatch(c.text, ANNOTATION);
    assert.ok(a003.stats.pinyinRemoved > 300, `003: ${a003.stats.pinyinRemoved}`);
    assert.ok(a004.stats.pinyinRemoved > 300, `004: ${a004.stats.pinyinRemoved}`);
    assert.equal(a000.stats.pinyinRemoved + a001.stats.pinyinRemoved + a002.stats.pinyinRemoved, 0);
  });

  it('leaves the characters they annotated in place', () => {
    assert.equal(lines(a003)[0], '呼倫貝爾市:深化“五邊行動”推動邊境地區黨建工作構建新格局展現新成效');
    assert.ok(a003.text.includes('近年來,呼倫貝爾市立足邊疆民族地區實際,深入推進“五邊行動”'));
    assert.ok(a004.text.includes('近年來,香格里拉縣小中甸鎮圍繞中心抓黨建'));
    assert.ok(a004.text.includes('鄉村公路'));
  });

  it('keeps real parentheses: 村(社区), (镇), (征求意见稿), lists in brackets', () => {
    assert.ok(a000.text.includes('村(社区)党总支委员296名'));
    assert.ok(a001.text.includes('乡(镇)党委书记'));
    assert.ok(a002.text.includes('指导意见(征求意见稿)》'));
    assert.ok(a003.text.includes('兩市(滿洲里市、額爾古納市)三旗(陳巴爾虎旗、新左旗、新右旗)'));
    const count = (t: string) => t.match(/[(（][^()（）]*[)）]/gu)?.length ?? 0;
    for (const [i, c] of [a000, a001, a002].entries()) assert.equal(count(c.text), count(raw[i]!), files[i]);
  });

  it('never strips acronyms, English words or untoned Latin in parentheses', () => {
    const c = cleanArticle(
      '標題在此處\n鄉(xiāng)村振興(GDP)與村(社区)和(APP),總值(ok)與鄉村(xiāngcūn)不變。',
    );
    assert.equal(lines(c)[1], '鄉村振興(GDP)與村(社区)和(APP),總值(ok)與鄉村不變。');
    assert.equal(c.stats.pinyinRemoved, 2);
  });
});

describe('cleanArticle: page chrome', () => {
  it('removes the breadcrumb and the click counter of 002', () => {
    assert.ok(raw[2]!.startsWith('您当前的位置'));
    assert.doesNotMatch(a002.text, /您当前的位置|网站首页|点击/u);
    assert.equal(a002.stats.chromeLinesRemoved, 2);
  });

  it('removes click counters embedded in the byline line (001)', () => {
    assert.match(raw[1]!, /点击率:0/u);
    assert.deepEqual(a001.bylineLines, ['作者:鲁天才 发布时间:2017/6/16 17:14:43']);
    assert.equal(a001.stats.chromeLinesRemoved, 1);
  });

  it('removes the lone number, the social-media blocks with their outlet lines, and 責編 (003)', () => {
    assert.ok(!lines(a003).some((l) => /^\d+$/u.test(l)));
    assert.doesNotMatch(a003.text, /微信公眾號|官方微博|責編|車婧/u);
    assert.ok(!lines(a003).includes('鄉村干部報網'));
    assert.equal(a003.stats.chromeLinesRemoved, 6);
  });

  it('removes the trailing pipe of 004', () => {
    assert.ok(raw[4]!.trimEnd().endsWith('|'));
    assert.ok(!a004.text.includes('|'));
  });

  it('leaves no chrome in any article', () => {
    for (const c of cleaned)
      assert.doesNotMatch(c.text, /点击|點擊|您当前的位置|微信公|官方微博|责编|責編|\|/u);
  });
});

describe('cleanArticle: spam list of county names (003)', () => {
  const list = raw[3]!.trimEnd().split('\n').at(-1)!;
  const names = list
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);

  it('removes the whole list, counting its names', () => {
    assert.equal(names.length, 41);
    assert.equal(a003.stats.countyListRemoved, 41);
    for (const name of [...names, '市辖区', '年辖'])
      assert.ok(!a003.text.includes(name), `${name} left in 003`);
  });

  it('finds no such list in the other articles', () => {
    for (const c of [a000, a001, a002, a004]) assert.equal(c.stats.countyListRemoved, 0);
  });

  it('removes a list glued to the end of a paragraph too', () => {
    const c = cleanArticle(`標題在此處\n正文一句話。定远县| 灵丘县| 临西县| 丰城市| 浑源县| 松滋市|`);
    assert.equal(lines(c)[1], '正文一句話。');
    assert.equal(c.stats.countyListRemoved, 6);
  });
});

describe('cleanArticle: title and byline', () => {
  it('returns the title as the first line of the text', () => {
    const titles = [
      '勐腊县“三抓三提”力推边疆党建',
      '凤庆:“三抓三强化”建强基层组织',
      '党旗飘扬筑梦三江—昌都市2016年上半年基层党建工作扫描',
      '呼倫貝爾市:深化“五邊行動”推動邊境地區黨建工作構建新格局展現新成效',
      '——小中甸鎮黨建工作綜述',
    ];
    cleaned.forEach((c, i) => {
      assert.equal(c.titleLine, titles[i], files[i]);
      assert.equal(lines(c)[0], titles[i], files[i]);
    });
  });

  it('takes the byline lines out of the text', () => {
    const bylines = [
      ['作者: 发布时间:2017/4/5 17:12:57'],
      ['作者:鲁天才 发布时间:2017/6/16 17:14:43'],
      ['2016-07-07 09:55 来源:西藏日报'],
      ['2022-02-23 16:08:00 來源:鄉村干部報網 作者:呼組軒', '責編:車婧'],
      ['(和金蓮 和義光)'],
    ];
    cleaned.forEach((c, i) => {
      assert.deepEqual(c.bylineLines, bylines[i], files[i]);
      assert.doesNotMatch(c.text, /发布时间|來源:|来源:|作者:|和金蓮|責編/u, files[i]);
    });
  });

  it('gives no title to a text that is a single paragraph', () => {
    const c = cleanArticle('只有一段正文,沒有標題。');
    assert.equal(c.titleLine, null);
    assert.equal(c.text, '只有一段正文,沒有標題。');
  });
});

describe('cleanArticle: mojibake', () => {
  it('reproduces three corpus spans with the reconstructed damage (the model is right)', () => {
    assert.ok(raw[4]!.includes('書(shū)屋?;顒?dòng)場'));
    assert.equal(damage('書(shū)屋。活動(dòng)場', 7), '書(shū)屋?;顒?dòng)場');
    assert.equal(damage('邊防同保”為主要內(nèi)容', 3), '邊防同?!睘橹饕獌?nèi)容');
    assert.equal(damage('百分點。總收入891萬', 3), '百分點??偸杖?91萬');
    assert.ok(raw[3]!.includes('邊防同?!睘橹饕獌?nèi)容') && raw[3]!.includes('點(diǎn)??偸杖?91萬'));
  });

  it('leaves no damaged character in any cleaned text', () => {
    for (const c of cleaned) assert.doesNotMatch(c.text, /[?\uFFFD]|顒|偸|睘|橹|饕|獌|氐|霓/u);
  });

  it('keeps the exactly recovered characters of 004 and records both spans', () => {
    assert.ok(a004.text.includes('4個農家書屋活動場所的建立一方面發揮“議事中心”作用'));
    assert.deepEqual(
      a004.stats.mojibake.map(({ original, repaired, kept, reading }) => ({
        original,
        repaired,
        kept,
        reading,
      })),
      [
        { original: '?;顒?dòng)', repaired: null, kept: '活動', reading: '□活動' },
        { original: '?shù)氐霓r', repaired: null, kept: '的農', reading: '□□的農' },
      ],
    );
  });

  it('resolves the last character from its surviving annotation and drops a sentence whose figure lost a byte (003)', () => {
    const quote = a003.stats.mojibake.find((m) => m.original.startsWith('?!'));
    const figure = a003.stats.mojibake.find((m) => m.original.startsWith('??'));
    assert.equal(a003.stats.mojibake.length, 2);
    assert.equal(quote?.kept, '”為主要內');
    assert.ok(a003.text.includes('北疆邊防同”為主要內容的“五同”聯建活動10余次'));
    assert.equal(figure?.kept, '');
    assert.equal(figure?.reading, '□總收□□');
    assert.match(figure!.original, /^\?\?偸杖\?91萬\(wàn\)元,同比增長/u);
    assert.ok(a003.text.includes('同比增長23個百分點。\n'));
    assert.ok(!a003.text.includes('91萬元'));
  });

  it('gives offsets into the cleaned text', () => {
    for (const c of cleaned)
      for (const m of c.stats.mojibake)
        assert.equal(c.text.slice(m.offset, m.offset + m.kept.length), m.kept);
    assert.equal(a000.stats.mojibake.length + a001.stats.mojibake.length + a002.stats.mojibake.length, 0);
  });

  it('repairs UTF-8 shown as GBK exactly', () => {
    const sentence = '边疆党建工作';
    const garbled = iconv.decode(Buffer.from(sentence, 'utf8'), 'gbk');
    assert.equal(garbled, '杈圭枂鍏氬缓宸ヤ綔');
    const before = `${lines(a000)[0]}\n近年来,勐腊县大力推进`;
    const c = cleanArticle(`${before}${garbled}。`);
    assert.equal(lines(c)[1], `近年来,勐腊县大力推进${sentence}。`);
    assert.deepEqual(c.stats.mojibake, [
      { original: garbled, repaired: sentence, kept: sentence, reading: sentence, offset: before.length },
    ]);
  });

  it('keeps what is exact of UTF-8-as-GBK whose last byte was lost', () => {
    const garbled = iconv.decode(Buffer.from('基层党组织建设', 'utf8'), 'gbk');
    assert.ok(garbled.endsWith('\uFFFD'));
    const c = cleanArticle(`標題在此處\n加强${garbled}工作。`);
    assert.equal(lines(c)[1], '加强基层党组织建工作。');
    assert.equal(c.stats.mojibake[0]?.repaired, null);
    assert.equal(c.stats.mojibake[0]?.reading, '基层党组织建□');
  });

  it('recovers the inner characters of out-of-step damage done to a real paragraph', () => {
    const paragraph = lines(a002)[5]!;
    const at = paragraph.indexOf('整改方案');
    const c = cleanArticle(`${lines(a002)[0]}\n${damage(paragraph, at)}`);
    assert.doesNotMatch(c.text, /\?/u);
    const [span] = c.stats.mojibake;
    assert.equal(span?.repaired, null);
    assert.ok(span!.reading.startsWith('□改方案'), span!.reading);
    assert.ok(lines(c)[1]!.startsWith(paragraph.slice(0, at) + '改方案'));
  });

  it('drops a lone U+FFFD and records it; keeps a genuine question mark', () => {
    const c = cleanArticle('標題在此處\n怎麼辦?加強黨\uFFFD建工作。');
    assert.equal(lines(c)[1], '怎麼辦?加強黨建工作。');
    const offset = '標題在此處\n怎麼辦?加強黨'.length;
    assert.deepEqual(c.stats.mojibake, [
      { original: '\uFFFD', repaired: null, kept: '', reading: '□', offset },
    ]);
  });
});

describe('cleanArticle: whitespace and paragraphs', () => {
  it('folds indentation, full-width and no-break spaces and blank lines (002, 003)', () => {
    for (const c of cleaned) {
      assert.doesNotMatch(c.text, /[\u00a0\u3000\t]|\n\n|^\s|\s$|\s\n|\n\s| {2}/u);
      assert.ok(lines(c).every((l) => l.length > 0));
    }
    assert.equal(lines(a002).length, 23);
  });

  it('splits the one-line 004 into paragraphs and headings, joining wrapped sentences', () => {
    assert.equal(raw[4]!.includes('\n'), false);
    assert.equal(lines(a004).length, 13);
    assert.ok(lines(a004).includes('戰斗堡壘作用日益增強'));
    assert.ok(a004.text.includes('堅持“資源轉化資金”的原則,積極引導各村探索發展思路'));
    assert.ok(a004.text.includes('全面實現硬化公路村村通,田間溝渠條條順的目標。'));
  });

  it('keeps spaces inside a sentence and inside brackets', () => {
    assert.ok(a000.text.includes('记录民情日记 186篇'));
    assert.ok(a003.text.includes('《筑牢新時代北疆基層戰斗堡壘 建設“最強黨支部”實施方案》'));
  });

  it('keeps the original script', () => {
    assert.ok(a003.text.includes('呼倫貝爾') && a004.text.includes('小中甸鎮'));
    assert.ok(a000.text.includes('勐腊县'));
  });
});

describe('cleanArticle: headings', () => {
  const expected = [
    [],
    ['明责任、抓示范、促提升,党的声音“传下去”', '双推进、重引领、树典型,基层民心“聚起来”'],
    ['紧盯薄弱领域促整体提升', '抓牢管理教育固战斗堡垒', '规范阵地建设强工作保障'],
    [
      '思想筑邊:意識共識進一步凝聚',
      '組織固邊:基層網絡進一步織密',
      '富民興邊:黨建引領進一步發展',
      '幫扶強邊:各類資源進一步整合',
      '共建穩邊:融合聯創進一步強化',
    ],
    ['戰斗堡壘作用日益增強', '立足實際強產業', '平安建設出亮點'],
  ];

  it('finds the section headings of every article, with offsets into the text', () => {
    cleaned.forEach((c, i) => {
      assert.deepEqual(
        c.headings.map((h) => h.text),
        expected[i],
        files[i],
      );
      for (const h of c.headings) {
        assert.equal(c.text.slice(h.start, h.end), h.text);
        assert.ok(h.start === 0 || c.text[h.start - 1] === '\n');
        assert.equal(c.text[h.end], '\n');
      }
    });
  });
});

describe('cleanArticle: hostile input', () => {
  const check = (input: string) => {
    const c = cleanArticle(input);
    assert.equal(typeof c.text, 'string');
    assert.ok(Array.isArray(c.headings) && Array.isArray(c.bylineLines) && Array.isArray(c.stats.mojibake));
    assert.doesNotMatch(c.text, /[\uF000-\uF7CF]/u);
    for (const m of c.stats.mojibake) assert.equal(c.text.slice(m.offset, m.offset + m.kept.length), m.kept);
    return c;
  };

  it('survives a 5 MB random string', () => {
    check(randomBytes(5_000_000).toString('utf8'));
  });

  it('survives lone surrogates, controls and characters posing as span marks', () => {
    const c = check('標題\ud800在此\udc00處\n正文\u0001\u0007一句\uF000話\uF005。');
    assert.equal(c.text, '標題在此處\n正文一句話。');
  });

  it('gives empty text for punctuation, whitespace or nothing', () => {
    for (const input of ['', '   \n\n\t', '。,!?、;:“”()《》……——\n。。。', '|||| |', '?????'])
      assert.equal(check(input).text, '');
  });

  it('survives a `?` between every two characters', () => {
    check('黨建工作?'.repeat(50_000));
  });
});
