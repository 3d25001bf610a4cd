import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Transformer } from 'grammy';
import type { Citation, OpenedPassage } from '../../src/answer/types.js';
import {
  escapeHtml,
  htmlFallbackTransformer,
  htmlToPlain,
  renderAnswer,
  renderPassage,
  splitHtml,
  truncate,
} from '../../src/bot/format.js';

const HOSTILE = '<script>alert("x")</script> & <b>bold</b> &amp; 1<2>3';

/** Every tag opened in `html` is closed, in order, and no text lies outside known tags' syntax. */
function assertBalanced(html: string): void {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z]+)[^<>]*>/g)) {
    if (m[1]) assert.equal(stack.pop(), m[2], `unbalanced </${m[2]}> in ${html.slice(0, 80)}`);
    else stack.push(m[2]!);
  }
  assert.deepEqual(stack, [], 'tags left open');
  assert.doesNotMatch(html.replace(/<\/?[a-z]+[^<>]*>/g, ''), /[<>]/, 'stray angle bracket');
  assert.doesNotMatch(html, /&(?![a-z]+;|#\d+;)/, 'broken entity');
}

function citation(over: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    articleId: '000_x',
    chunkId: '000_x#1',
    title: '勐腊县<script>',
    date: '2017-04-05',
    source: 'A & B',
    author: null,
    region: ['云南省'],
    text: 'quote',
    start: 0,
    end: 5,
    ...over,
  };
}

describe('escapeHtml / htmlToPlain', () => {
  it('escapes every character Telegram HTML treats specially, and htmlToPlain undoes it', () => {
    const escaped = escapeHtml(HOSTILE);
    assert.doesNotMatch(escaped, /[<>]/);
    assert.ok(escaped.includes('&amp;amp;'), 'an existing entity is escaped, not trusted');
    assert.equal(htmlToPlain(escaped), HOSTILE);
  });

  it('drops tags and decodes named and numeric entities', () => {
    assert.equal(
      htmlToPlain('<b>勐腊</b> &lt;1&gt; &#20013;&#x6587; &quot;q&quot; &bogus;'),
      '勐腊 <1> 中文 "q" &bogus;',
    );
  });

  it('truncates without splitting a surrogate pair', () => {
    const s = 'ab😀cd';
    const cut = truncate(s, 4); // 'ab' + half of the emoji would be 3 units
    assert.ok(!/[\uD800-\uDBFF]…$/.test(cut), `cut inside a surrogate pair: ${JSON.stringify(cut)}`);
    assert.ok(cut.length <= 4);
    assert.equal(truncate('short', 10), 'short');
  });
});

describe('renderAnswer / renderPassage', () => {
  it('escapes the answer and hostile titles, keeps [n] markers, lists sources', () => {
    const html = renderAnswer(
      {
        answer: `补助<script>2000元[1] & more`,
        citations: [
          citation(),
          citation({ n: 2, articleId: '001_y', title: '凤庆<县>', date: null, source: null }),
        ],
      },
      'zh-Hans',
    );
    assertBalanced(html);
    assert.ok(html.includes('2000元[1]'));
    assert.ok(html.includes('&lt;script&gt;'));
    assert.ok(html.includes('勐腊县&lt;script&gt; · 2017-04-05 · A &amp; B\n    [1]'));
    assert.match(
      html,
      /\n凤庆&lt;县&gt;\n +\[2\]$/,
      'missing date and outlet are left out, not printed as null',
    );
    assert.ok(html.includes('<b>出处</b>'));
  });

  it('a refusal without citations has no source list', () => {
    const html = renderAnswer({ answer: '语料中没有相关内容。', citations: [] }, 'zh-Hans');
    assert.equal(html, '语料中没有相关内容。');
  });

  it('bolds exactly the cited span inside its paragraph and shows the metadata', () => {
    const opened: OpenedPassage = {
      article: {
        articleId: 'a',
        title: 'T<1>',
        date: '2017-04-05',
        source: null,
        author: '鲁天才',
        editor: '车婧',
        region: ['云南省', '临沧市'],
      },
      paragraph: '前文。社区干部<每月>2000元。后文。',
      highlightStart: 3,
      highlightEnd: 17,
    };
    const html = renderPassage(opened, 'en');
    assertBalanced(html);
    assert.ok(html.includes('前文。<b>社区干部&lt;每月&gt;2000元。</b>后文。'));
    assert.ok(html.includes('<b>T&lt;1&gt;</b>'));
    assert.ok(html.includes('Author: 鲁天才'));
    assert.ok(html.includes('Editor: 车婧'));
    assert.ok(html.includes('Region: 云南省 › 临沧市'));
    assert.ok(!html.includes('Outlet'), 'an unknown outlet is not shown');
  });
});

describe('splitHtml', () => {
  it('keeps a short text as one part and drops a blank one', () => {
    assert.deepEqual(splitHtml('<b>短</b>'), ['<b>短</b>']);
    assert.deepEqual(splitHtml('  \n '), []);
  });

  it('splits 10,000 characters of hostile text into valid parts ≤ 4096 at sentence ends', () => {
    const sentence = escapeHtml('社区干部按照每人每月不低于2000元的标准补助<script>&。');
    let html = '';
    while (htmlToPlain(html).length < 10_000) html += sentence;
    const parts = splitHtml(html, 4096);
    assert.ok(parts.length >= 3, `expected at least 3 parts, got ${parts.length}`);
    for (const p of parts) {
      assert.ok(p.length <= 4096, `part of ${p.length} units`);
      assertBalanced(p);
      assert.ok(p.endsWith('。'), `part does not end at a sentence: …${p.slice(-20)}`);
    }
    assert.equal(parts.map(htmlToPlain).join(''), htmlToPlain(html), 'no text lost or duplicated');
  });

  it('closes tags at a break and reopens them in the next part', () => {
    const inner = '很长的引文。'.repeat(60); // 360 characters inside one <blockquote><b>
    const html = `开头\n<blockquote><b>${inner}</b></blockquote>\n结尾`;
    const parts = splitHtml(html, 100);
    assert.ok(parts.length > 3);
    for (const p of parts) {
      assert.ok(p.length <= 100);
      assertBalanced(p);
    }
    assert.ok(parts.some((p) => p.startsWith('<blockquote><b>') && p.endsWith('</b></blockquote>')));
    assert.equal(parts.map(htmlToPlain).join('').replace(/\n/g, ''), htmlToPlain(html).replace(/\n/g, ''));
  });

  it('never cuts inside an entity or a surrogate pair, even without any break opportunity', () => {
    const html = '&amp;😀x'.repeat(500); // no spaces, no punctuation
    const parts = splitHtml(html, 97);
    for (const p of parts) {
      assert.ok(p.length <= 97);
      assertBalanced(p);
      assert.doesNotMatch(p, /^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/, 'surrogate pair split');
    }
    assert.equal(parts.join(''), html);
  });

  it('prefers a paragraph break over a later sentence end', () => {
    const html = `${'第一段。'.repeat(20)}\n${'第二段的句子。'.repeat(30)}`;
    const parts = splitHtml(html, 200);
    assert.equal(parts[0], '第一段。'.repeat(20));
  });

  it('rejects a limit too small to hold a tag', () => {
    assert.throws(() => splitHtml('x', 10), RangeError);
  });
});

describe('htmlFallbackTransformer', () => {
  const parseError = {
    ok: false as const,
    error_code: 400,
    description: "Bad Request: can't parse entities: Unsupported start tag",
  };

  async function run(method: string, payload: Record<string, unknown>, first: unknown) {
    const seen: Record<string, unknown>[] = [];
    const prev = (async (_m: string, p: Record<string, unknown>) => {
      seen.push(p);
      return seen.length === 1 ? first : { ok: true, result: true };
    }) as unknown as Parameters<Transformer>[0];
    const transformer = htmlFallbackTransformer();
    const res = await transformer(prev, method as 'sendMessage', payload as never);
    return { res, seen };
  }

  it('resends a refused HTML message as plain text', async () => {
    const { res, seen } = await run(
      'sendMessage',
      { chat_id: 1, text: '<b>补助</b> &lt;2000&gt; <broken', parse_mode: 'HTML' },
      parseError,
    );
    assert.equal(res.ok, true);
    assert.equal(seen.length, 2);
    assert.equal(seen[1]!.parse_mode, undefined);
    assert.equal(seen[1]!.text, '补助 <2000> <broken');
    assert.equal(seen[1]!.chat_id, 1);
  });

  it('applies to editMessageText and leaves other errors and methods alone', async () => {
    assert.equal(
      (await run('editMessageText', { text: '<b>x</b>', parse_mode: 'HTML' }, parseError)).seen.length,
      2,
    );
    const other = { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
    assert.equal((await run('sendMessage', { text: 'x', parse_mode: 'HTML' }, other)).seen.length, 1);
    assert.equal((await run('sendPhoto', { caption: 'x', parse_mode: 'HTML' }, parseError)).seen.length, 1);
    assert.equal((await run('sendMessage', { text: 'x' }, parseError)).seen.length, 1);
  });
});

describe('source list grouped per article', () => {
  it('names each article once, with the numbers cited from it under it, escaped', () => {
    const html = renderAnswer(
      {
        answer: '1. “甲。”[1]\n2. “乙。”[2]\n3. “丙。”[3]',
        citations: [
          citation(),
          citation({ n: 2, articleId: '001_y', title: '凤庆<县>', date: null, source: null }),
          citation({ n: 3 }),
        ],
      },
      'zh-Hans',
    );
    assertBalanced(html);
    assert.ok(html.startsWith('1. “甲。”[1]\n2. “乙。”[2]\n3. “丙。”[3]\n\n'), 'answer text kept as written');
    assert.equal(html.match(/勐腊县&lt;script&gt;/g)?.length, 1, 'one header per article');
    assert.match(
      html,
      /<b>出处<\/b>\n勐腊县&lt;script&gt; · 2017-04-05 · A &amp; B\n +\[1\] \[3\]\n凤庆&lt;县&gt;\n +\[2\]$/,
    );
  });

  it('the source label is the same word in every reply of a language', () => {
    const citations = [citation()];
    assert.match(renderAnswer({ answer: 'a[1]', citations }, 'zh-Hant'), /<b>出處<\/b>/);
    assert.match(renderAnswer({ answer: 'a[1]', citations }, 'en'), /<b>Sources<\/b>/);
    const passage = renderPassage(
      {
        article: { articleId: 'a', title: 'T', date: null, source: '人民网', author: null, region: [] },
        paragraph: 'p',
        highlightStart: 0,
        highlightEnd: 1,
      },
      'zh-Hans',
    );
    assert.match(passage, /媒体: 人民网/);
    assert.doesNotMatch(passage, /来源|出处/, 'the outlet field does not reuse the source label');
  });

  it('an entity name from the text never reaches an inherited property', () => {
    assert.equal(htmlToPlain('&constructor; &toString; &__proto__;'), '&constructor; &toString; &__proto__;');
  });
});
