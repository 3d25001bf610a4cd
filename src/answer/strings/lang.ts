/**
 * Which language to talk to a user in: what they write wins, then their client's `language_code`,
 * then Simplified Chinese.
 */
import { detectScript } from '../../text/script.js';
import type { Lang } from './define.js';

export type { Lang } from './define.js';

const TRADITIONAL_LOCALES = /^zh[-_](tw|hk|mo|hant)/i;

/** The language a Telegram `language_code` asks for: Simplified unless it names Traditional or English. */
export function langFromCode(code: string | undefined): Lang {
  if (!code) return 'zh-Hans';
  if (TRADITIONAL_LOCALES.test(code)) return 'zh-Hant';
  if (/^en\b/i.test(code)) return 'en';
  return 'zh-Hans';
}

/**
 * The language to answer a user in. What they write wins (a Traditional or English question gets a
 * Traditional or English reply); text too short to tell (a bare command, "ok") falls back to the
 * client's `language_code`, then to Simplified.
 */
export function chooseLang(code: string | undefined, text?: string): Lang {
  const words = (text ?? '')
    .replace(/^\/\S+/, '')
    .replace(/@\w+/g, '')
    .trim();
  const han = words.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = words.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  if (han >= 2) return detectScript(words);
  if (han === 0 && latin >= 2) return 'en';
  return langFromCode(code);
}
