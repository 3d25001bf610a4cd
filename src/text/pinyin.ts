/** Toneless pinyin, for English names and for pinyin typed in English questions. */
import { createRequire } from 'node:module';

type PinyinFn = (text: string, options: { toneType: 'none'; type: 'array'; v: boolean }) => string[];
let pinyinFn: PinyinFn | undefined;

/** Toneless pinyin of Chinese text, syllables joined ("lanzhou"), with ü as u and nothing but letters. */
export function pinyinKey(text: string): string {
  // pinyin-pro spends ~100 ms loading its dictionary: only pay for it once it is needed.
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: PinyinFn }).pinyin;
  return pinyinFn(text, { toneType: 'none', type: 'array', v: true })
    .join('')
    .replace(/v/g, 'u')
    .replace(/[^a-z]/g, '');
}
