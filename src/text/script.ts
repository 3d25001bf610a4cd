/**
 * Chinese script handling: Traditional ↔ Simplified conversion (opencc-js) and detection of the
 * asker's script. The index is Simplified; quotes stay in the article's own script.
 */
import * as OpenCC from 'opencc-js';

export type Script = 'zh-Hans' | 'zh-Hant' | 'en';

// Taiwan and Hong Kong variants both occur in the corpus; 'tw' covers the characters seen there.
const toHansTw = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toHansHk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const toHantTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Traditional (any variant) → Simplified. Leaves Simplified text and non-Chinese text unchanged. */
export function toSimplified(text: string): string {
  return toHansHk(toHansTw(text));
}

/**
 * Simplified → Traditional (Taiwan standard characters, no phrase changes). Text already in
 * Traditional is read as Simplified first: the converter's phrases are Simplified (满洲里 stays
 * 滿洲里), so 滿洲里 fed to it as it stands would come out 滿洲裡.
 */
export function toTraditional(text: string): string {
  return toHantTw(toSimplified(text));
}

const HAN = /\p{Script=Han}/gu;

/**
 * The script a text is written in: 'en' when it has (almost) no Han characters, 'zh-Hant' when
 * converting to Simplified changes a noticeable share of its Han characters, else 'zh-Hans'.
 */
export function detectScript(text: string): Script {
  const han = text.match(HAN) ?? [];
  const latin = text.match(/[A-Za-z]/g) ?? [];
  if (han.length === 0 || (han.length < 2 && latin.length > 3)) return 'en';
  // An English sentence quoting a Chinese term ("each community (社区)", "the 挂包帮 arrangement")
  // is English: its words outnumber the term's characters by far.
  const englishWords = text.match(/[A-Za-z]{2,}/g) ?? [];
  if (englishWords.length >= 3 && latin.length > 2 * han.length) return 'en';
  const hanText = han.join('');
  const simplified = toSimplified(hanText);
  let changed = 0;
  for (let i = 0; i < hanText.length && i < simplified.length; i++)
    if (hanText[i] !== simplified[i]) changed++;
  // Both scripts share most characters; a Traditional text changes in a few percent of them at least.
  const traditionalBack = toTraditional(simplified);
  let differsFromTraditional = 0;
  for (let i = 0; i < hanText.length && i < traditionalBack.length; i++)
    if (hanText[i] !== traditionalBack[i]) differsFromTraditional++;
  if (changed > 0 && changed >= differsFromTraditional) return 'zh-Hant';
  return 'zh-Hans';
}

/** Renders text in the asker's script (English frames keep the Chinese evidence as it is). */
export function toScript(text: string, script: Script): string {
  if (script === 'zh-Hant') return toTraditional(text);
  if (script === 'zh-Hans') return toSimplified(text);
  return text;
}
