/**
 * Decoding of article files: UTF-8 (with or without BOM), UTF-16 with BOM, and GBK/GB18030 for
 * files that are not valid UTF-8. Empty, binary, oversized and implausible (junk, or a decoding that
 * yields no plausible text: see plausibility.ts) files are refused with a reason a person can act on. Valid UTF-8 stays UTF-8 even when it contains U+FFFD or mojibake (the corpus
 * does): repairing those is cleaning's job.
 */
import iconv from 'iconv-lite';
import { implausibility } from './plausibility.js';

export type ArticleEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type DecodeResult =
  { ok: true; text: string; encoding: ArticleEncoding } | { ok: false; reason: string };

/** Human size: `12.3 MB`, `5 MB`, `4.2 KB`, `512 bytes`. */
function formatSize(bytes: number): string {
  const short = (n: number) => n.toFixed(1).replace(/\.0$/u, '');
  if (bytes >= 1e6) return `${short(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${short(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

// C0 controls other than tab, newlines and form feed, plus DEL: text files have (almost) none.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;
const MAX_CONTROL_SHARE = 0.01;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Checks decoded text for content a text article cannot have. */
function refuse(text: string): string | null {
  if (text.includes('\u0000')) return 'binary content (NUL bytes)';
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > 0 && controls / text.length > MAX_CONTROL_SHARE)
    return `binary content (${((100 * controls) / text.length).toFixed(1)}% control characters)`;
  if (text.trim().length === 0) return 'only whitespace';
  return implausibility(text);
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodeResult {
  const body = bytes.subarray(2);
  if (body.length % 2 !== 0)
    return { ok: false, reason: `${encoding.toUpperCase()} file with an odd number of bytes (truncated?)` };
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  const reason = refuse(text);
  return reason ? { ok: false, reason } : { ok: true, text, encoding };
}

/**
 * Decodes the bytes of an article file. Never throws: every failure is `{ ok: false, reason }`.
 * `fileName` only makes the reason for an unsupported format more precise.
 */
export function decodeArticle(bytes: Buffer, fileName: string, maxBytes: number): DecodeResult {
  try {
    if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'not a file content (no bytes given)' };
    const limit = Number.isFinite(maxBytes) && maxBytes > 0 ? maxBytes : Infinity;
    if (bytes.length > limit)
      return {
        ok: false,
        reason: `file is ${formatSize(bytes.length)}, over the ${formatSize(limit)} limit`,
      };
    if (bytes.length === 0) return { ok: false, reason: 'empty file' };

    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      if (bytes[2] === 0 && bytes[3] === 0)
        return { ok: false, reason: 'UTF-32 text is not supported; save the file as UTF-8' };
      return decodeUtf16(bytes, 'utf-16le');
    }
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');

    // Before any 8-bit decoding: a NUL byte never occurs in UTF-8 or GB18030 text.
    if (bytes.includes(0)) {
      const hint = /\.(?:pdf|docx?|xlsx?|pptx?|zip|gz|png|jpe?g|gif)$/iu.test(String(fileName ?? ''))
        ? ', not a plain-text file'
        : '';
      return { ok: false, reason: `binary content (NUL bytes${hint})` };
    }

    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = hasBom ? bytes.subarray(3) : bytes;
    let text: string | null = null;
    try {
      text = utf8.decode(body);
    } catch {
      text = null;
    }
    if (text !== null) {
      const reason = refuse(text);
      return reason ? { ok: false, reason } : { ok: true, text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
    }

    // Not UTF-8: GB18030 (a superset of GBK and GB2312) when it decodes without a single error.
    const gb = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.length), 'gb18030');
    if (!gb.includes('\uFFFD')) {
      const reason = refuse(gb);
      return reason
        ? { ok: false, reason: `not valid UTF-8; as GB18030, ${reason}` }
        : { ok: true, text: gb, encoding: 'gb18030' };
    }
    // A UTF-8 file with a few broken bytes is still the article; cleaning records each U+FFFD.
    const lossy = new TextDecoder('utf-8').decode(body);
    const bad = lossy.match(/\uFFFD/g)?.length ?? 0;
    if (bad <= 8 && bad / lossy.length < 0.01) {
      const reason = refuse(lossy);
      return reason
        ? { ok: false, reason }
        : { ok: true, text: lossy, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
    }
    return {
      ok: false,
      reason: `not valid UTF-8 or GB18030 text (${bad} undecodable byte sequence${bad === 1 ? '' : 's'} as UTF-8)`,
    };
  } catch (err) {
    return { ok: false, reason: `could not decode: ${(err as Error)?.message ?? String(err)}` };
  }
}
