/**
 * Sentence splitting with character offsets, so chunks and citations can point at exact spans.
 * Boundaries: 。！？；!?; (a closing quote or bracket stays with its sentence) and line breaks.
 */
export interface Span {
  text: string;
  /** Offset of the first character in the source string (UTF-16 units). */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

const TERMINATORS = '。！？；!?;';
const CLOSERS = '”’」』）)】》"\'';

/** Splits into trimmed, non-empty sentences with their offsets in `text`. */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) spans.push({ text: text.slice(s, e), start: s, end: e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(i);
      start = i + 1;
    } else if (TERMINATORS.includes(ch)) {
      let j = i + 1;
      while (j < text.length && (CLOSERS.includes(text[j]!) || TERMINATORS.includes(text[j]!))) j++;
      push(j);
      i = j - 1;
    }
  }
  push(text.length);
  return spans;
}
