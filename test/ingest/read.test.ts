import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeArticle } from '../../src/ingest/read.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const bytesOf = (file: string) => readFileSync(new URL(file, corpusDir));
const textOf = (file: string) => bytesOf(file).toString('utf8');
const LIMIT = 5_000_000;

function decodeOk(bytes: Buffer, name = 'a.txt') {
  const result = decodeArticle(bytes, name, LIMIT);
  if (!result.ok) assert.fail(`expected ${name} to decode, got: ${result.reason}`);
  return result;
}

function reasonFor(bytes: Buffer, name = 'a.txt', limit = LIMIT): string {
  const result = decodeArticle(bytes, name, limit);
  assert.equal(result.ok, false, `expected ${name} to be refused`);
  return (result as { reason: string }).reason;
}

describe('decodeArticle on the real corpus', () => {
  it('has five articles', () => assert.equal(files.length, 5));

  for (const file of files) {
    it(`decodes ${file} as plain UTF-8, unchanged`, () => {
      const result = decodeOk(bytesOf(file), file);
      assert.equal(result.encoding, 'utf-8');
      assert.equal(result.text, textOf(file));
    });
  }

  it('keeps the mojibake of 003 and 004 as it is (valid UTF-8; cleaning repairs it)', () => {
    assert.match(decodeOk(bytesOf(files[4]!)).text, /書\(shū\)屋\?;顒\?dòng\)/u);
    assert.match(decodeOk(bytesOf(files[3]!)).text, /\?\?偸杖\?91/u);
  });
});

describe('decodeArticle encodings', () => {
  it('decodes a GBK file made from a real Simplified article to the same text', () => {
    const text = textOf(files[0]!);
    const gbk = iconv.encode(text, 'gbk');
    assert.notDeepEqual(gbk, Buffer.from(text, 'utf8'));
    const result = decodeOk(gbk);
    assert.equal(result.encoding, 'gb18030');
    assert.equal(result.text, text);
  });

  it('decodes a GB18030 file made from the Traditional, pinyin-annotated article 003', () => {
    const text = textOf(files[3]!);
    const result = decodeOk(iconv.encode(text, 'gb18030'));
    assert.equal(result.encoding, 'gb18030');
    assert.equal(result.text, text);
  });

  it('strips a UTF-8 byte-order mark', () => {
    const text = textOf(files[2]!);
    const result = decodeOk(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    assert.equal(result.encoding, 'utf-8-bom');
    assert.equal(result.text, text);
    assert.notEqual(result.text.charCodeAt(0), 0xfeff);
  });

  it('decodes UTF-16 LE and BE with a byte-order mark', () => {
    const text = textOf(files[1]!);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const fromLe = decodeOk(le);
    const fromBe = decodeOk(be);
    assert.equal(fromLe.encoding, 'utf-16le');
    assert.equal(fromBe.encoding, 'utf-16be');
    assert.equal(fromLe.text, text);
    assert.equal(fromBe.text, text);
  });

  it('accepts UTF-8 with a single broken byte, keeping a U+FFFD for cleaning to record', () => {
    const text = textOf(files[0]!);
    const cut = Buffer.byteLength(text.slice(0, 100));
    const bytes = Buffer.from(text, 'utf8');
    const broken = Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xff]), bytes.subarray(cut)]);
    const result = decodeOk(broken);
    assert.equal(result.encoding, 'utf-8');
    assert.equal(result.text, text.slice(0, 100) + '\uFFFD' + text.slice(100));
  });
});

describe('decodeArticle refusals', () => {
  it('refuses an empty file', () => assert.equal(reasonFor(Buffer.alloc(0)), 'empty file'));

  it('refuses whitespace-only files, whatever the whitespace and encoding', () => {
    assert.equal(reasonFor(Buffer.from(' \n\t\r\n  \u3000\u00a0 ', 'utf8')), 'only whitespace');
    assert.equal(reasonFor(Buffer.from([0xef, 0xbb, 0xbf])), 'only whitespace');
    assert.equal(
      reasonFor(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('  \n ', 'utf16le')])),
      'only whitespace',
    );
  });

  it('refuses NUL-filled and NUL-containing files as binary', () => {
    assert.equal(reasonFor(Buffer.alloc(4096)), 'binary content (NUL bytes)');
    const withNul = Buffer.concat([Buffer.from(textOf(files[0]!), 'utf8'), Buffer.from([0])]);
    assert.match(reasonFor(withNul), /^binary content \(NUL bytes/u);
    assert.match(
      reasonFor(Buffer.from('%PDF-1.4\n\0\0\x01', 'latin1'), 'report.pdf'),
      /NUL bytes, not a plain-text file/u,
    );
  });

  it('refuses text full of control characters as binary', () => {
    const controls = Buffer.from('党建'.repeat(50) + '\x01\x02\x03\x04\x05\x06\x07\x08'.repeat(20), 'utf8');
    assert.match(reasonFor(controls), /^binary content \(\d+\.\d% control characters\)$/u);
  });

  it('refuses random bytes with a reason and never throws', () => {
    // A fixed pseudo-random sequence without NUL bytes, so the 8-bit decoders are exercised.
    let seed = 12345;
    const bytes = Buffer.alloc(20_000, 0).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 1 + (seed % 255);
    });
    const reason = reasonFor(Buffer.from(bytes));
    assert.match(reason, /binary content|not valid UTF-8 or GB18030/u);
  });

  it('refuses oversized files, saying by how much', () => {
    assert.equal(
      reasonFor(Buffer.alloc(12_300_000, 0x61), 'big.txt', 5_000_000),
      'file is 12.3 MB, over the 5 MB limit',
    );
    assert.equal(reasonFor(Buffer.alloc(2_048, 0x61), 'a.txt', 1_000), 'file is 2 KB, over the 1 KB limit');
    // Exactly at the limit is allowed.
    assert.equal(decodeArticle(Buffer.alloc(1_000, 0x61), 'a.txt', 1_000).ok, true);
  });

  it('refuses UTF-16 files cut in the middle of a code unit and UTF-32', () => {
    assert.match(reasonFor(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])), /odd number of bytes/u);
    assert.match(reasonFor(Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00])), /UTF-32/u);
  });

  it('answers a non-buffer argument with a reason instead of throwing', () => {
    const result = decodeArticle('not bytes' as unknown as Buffer, 'x.txt', LIMIT);
    assert.deepEqual(result, { ok: false, reason: 'not a file content (no bytes given)' });
  });
});
