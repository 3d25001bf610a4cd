/**
 * Normalises user input the same way for every entry point: removes zero-width and control
 * characters, folds whitespace and full-width forms, and caps the length.
 */
export type NormalizedQuestion =
  { ok: true; text: string } | { ok: false; reason: 'empty' | 'too-long' | 'binary'; text: string };

// Zero-width, bidi and other format characters used to hide or reorder text.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u00AD]/g;
// C0/C1 controls except tab and newlines (matching them is the point of this pattern).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cleans a question; rejects empty, mostly-binary and over-long input with a reason. */
export function normalizeQuestion(input: string, maxChars: number): NormalizedQuestion {
  const raw = String(input ?? '');
  // Controls and U+FFFD (bytes that were not UTF-8) are what binary input decodes to.
  const bad = (raw.match(CONTROL)?.length ?? 0) + (raw.match(/\uFFFD/g)?.length ?? 0);
  const text = raw
    .replace(LONE_SURROGATE, '')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(/\uFFFD/g, '')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim();
  // A long text with a few stray bytes is still a question; a short one that is a fifth junk is not.
  if (raw.length > 0 && ((bad > 8 && bad / raw.length > 0.1) || (bad >= 2 && bad / raw.length > 0.2)))
    return { ok: false, reason: 'binary', text: '' };
  if (text.length === 0 || !/[\p{L}\p{N}]/u.test(text))
    return { ok: false, reason: bad > 0 ? 'binary' : 'empty', text };
  if ([...text].length > maxChars)
    return { ok: false, reason: 'too-long', text: [...text].slice(0, maxChars).join('') };
  return { ok: true, text };
}
