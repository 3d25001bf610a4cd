/** What the engine says, in each of the asker's scripts, when it cannot answer. */
import type { Script } from '../text/script.js';

export const REFUSAL: Record<Script, (what: string, covered: string, nearest: string) => string> = {
  'zh-Hans': (what, covered, nearest) =>
    `语料中没有找到能回答这个问题的内容${what}。本语料涵盖以下地区的基层党建报道：${covered}。${nearest ? `最接近的文章：${nearest}。` : ''}`,
  'zh-Hant': (what, covered, nearest) =>
    `語料中沒有找到能回答這個問題的內容${what}。本語料涵蓋以下地區的基層黨建報道：${covered}。${nearest ? `最接近的文章：${nearest}。` : ''}`,
  en: (what, covered, nearest) =>
    `The corpus has no evidence that answers this question${what}. It covers party-building reports from: ${covered}.${nearest ? ` Nearest articles: ${nearest}.` : ''}`,
};

export const INPUT_PROBLEM: Record<
  Script,
  Record<'empty' | 'too-long' | 'binary', (max: number) => string>
> = {
  'zh-Hans': {
    empty: () => '请输入一个问题。',
    'too-long': (max) => `问题太长了，请控制在${max}个字以内。`,
    binary: () => '无法识别这段输入，请用文字提问。',
  },
  'zh-Hant': {
    empty: () => '請輸入一個問題。',
    'too-long': (max) => `問題太長了，請控制在${max}個字以內。`,
    binary: () => '無法識別這段輸入，請用文字提問。',
  },
  en: {
    empty: () => 'Please type a question.',
    'too-long': (max) => `The question is too long; please keep it under ${max} characters.`,
    binary: () => 'That input could not be read as text; please ask in words.',
  },
};
