/**
 * The bot's UI strings in Simplified Chinese, Traditional Chinese and English, and the choice of
 * language for a user. Traditional strings are derived from the Simplified ones with OpenCC at load
 * time, so the two Chinese tables can never drift apart; data (titles, quotes) is never converted here.
 */
import { detectScript, toTraditional, type Script } from '../text/script.js';

export type Lang = Script;

type Entry = string | ((...args: never[]) => string);

const zhHans = {
  intro:
    '你好!我回答关于中国边疆地区基层党建的 5 篇新闻报道的问题,每个回答都注明出处。\n' +
    '直接发问即可,例如:勐腊县社区干部每月补助多少?',
  commandsHeading: '命令',
  cmdStart: '开始使用',
  cmdHelp: '使用说明',
  cmdAsk: '提问(群组中使用)',
  cmdSources: '上一个回答的出处',
  cmdSource: '打开第 N 个出处',
  cmdRegion: '某地区的做法总结',
  cmdSummary: '同 /region',
  cmdRegions: '报道覆盖的地区',
  cmdArticles: '报道列表',
  groupHint: '在群组中:用 /ask 提问、@我,或回复我的消息。',
  inlineHint: '在任意聊天中输入 @{bot} 关键词 可搜索原文段落。',
  sourcesHeading: '出处',
  summaryHeading: (name: string) => `${name}:做法总结`,
  date: '日期',
  outlet: '来源',
  author: '作者',
  region: '地区',
  emptyQuestion: '请输入问题,例如:/ask 凤庆县有多少名党员?',
  tooLong: (max: number, got: number) => `问题太长了(${got} 字),请控制在 ${max} 字以内。`,
  unsupportedMedia: '我只能阅读文字。请用文字提问,例如:小中甸镇建立了几个为民服务站?',
  noSources: '还没有可显示的出处。请先提一个问题。',
  sourceUsage: (count: number) => `用法:/source N(N 为 1 到 ${count} 之间的编号)。`,
  passageMissing: '找不到这段原文,索引可能已经更新。请重新提问。',
  openingSource: (n: number) => `出处 [${n}]`,
  regionUsage: '用法:/region 地区名,例如:/region 云南',
  chooseRegion: '请选择地区:',
  chooseSubregion: (name: string) => `${name} — 请选择下一级地区,或总结本地区:`,
  summarizeButton: (name: string) => `📝 总结 ${name}`,
  backButton: '⬅ 返回',
  regionExpired: '这个菜单已过期,请重新发送 /region。',
  notCovered: (query: string) => `报道中没有关于“${query}”的内容。报道覆盖的地区:`,
  coveredHeading: '报道覆盖的地区:',
  articlesHeading: '报道列表:',
  rateLimited: '消息太多了,请稍等一分钟再提问。',
  error: '抱歉,处理你的消息时出错了。请稍后再试。',
  networkError: '抱歉,暂时无法连接 Telegram,请稍后再试。',
  notAdmin: '抱歉,只有管理员可以使用这个命令。',
  stats: (uptime: string, questions: number, articles: number) =>
    `运行时间:${uptime}\n已回答问题:${questions}\n索引中的报道:${articles}`,
  reindexUnavailable: '这个部署不支持重建索引。',
  reindexBusy: '索引正在重建中,请稍候。',
  reindexStart: '正在重建索引……',
  reindexDone: (articles: number, chunks: number) => `索引已重建:${articles} 篇报道,${chunks} 个段落。`,
  reindexFailed: (message: string) => `重建索引失败:${message}`,
  thinking: '正在查找……',
} satisfies Record<string, Entry>;

type Strings = typeof zhHans;
export type StringKey = keyof Strings;

const en: Strings = {
  intro:
    'Hello! I answer questions about 5 news reports on grassroots Party building in China’s border ' +
    'regions, citing my sources.\nJust ask, e.g.: How much is the monthly allowance for community cadres in Mengla?',
  commandsHeading: 'Commands',
  cmdStart: 'Get started',
  cmdHelp: 'How to use the bot',
  cmdAsk: 'Ask a question (in groups)',
  cmdSources: 'Sources of the last answer',
  cmdSource: 'Open source N',
  cmdRegion: 'Summary of a region',
  cmdSummary: 'Same as /region',
  cmdRegions: 'Regions the reports cover',
  cmdArticles: 'List of reports',
  groupHint: 'In groups: ask with /ask, mention me, or reply to one of my messages.',
  inlineHint: 'In any chat, type @{bot} keywords to search the passages.',
  sourcesHeading: 'Sources',
  summaryHeading: (name: string) => `${name}: summary of initiatives`,
  date: 'Date',
  outlet: 'Outlet',
  author: 'Author',
  region: 'Region',
  emptyQuestion: 'Please type a question, e.g. /ask How many Party members does Fengqing have?',
  tooLong: (max: number, got: number) =>
    `Your question is too long (${got} characters); please keep it under ${max}.`,
  unsupportedMedia:
    'I can only read text. Please ask in words, e.g.: How many service stations did Xiaozhongdian set up?',
  noSources: 'No sources to show yet. Ask a question first.',
  sourceUsage: (count: number) => `Usage: /source N (N from 1 to ${count}).`,
  passageMissing: 'That passage could not be found; the index may have changed. Please ask again.',
  openingSource: (n: number) => `Source [${n}]`,
  regionUsage: 'Usage: /region name, e.g. /region Yunnan',
  chooseRegion: 'Choose a region:',
  chooseSubregion: (name: string) => `${name} — choose a sub-region, or summarise this one:`,
  summarizeButton: (name: string) => `📝 Summarise ${name}`,
  backButton: '⬅ Back',
  regionExpired: 'This menu has expired; please send /region again.',
  notCovered: (query: string) => `The reports say nothing about “${query}”. They cover:`,
  coveredHeading: 'Regions the reports cover:',
  articlesHeading: 'Reports:',
  rateLimited: 'Too many messages; please wait a minute before asking again.',
  error: 'Sorry, something went wrong while handling your message. Please try again later.',
  networkError: 'Sorry, Telegram cannot be reached right now. Please try again later.',
  notAdmin: 'Sorry, only administrators may use this command.',
  stats: (uptime: string, questions: number, articles: number) =>
    `Uptime: ${uptime}\nQuestions answered: ${questions}\nReports in the index: ${articles}`,
  reindexUnavailable: 'Rebuilding the index is not available in this deployment.',
  reindexBusy: 'The index is already being rebuilt; please wait.',
  reindexStart: 'Rebuilding the index…',
  reindexDone: (articles: number, chunks: number) =>
    `Index rebuilt: ${articles} reports, ${chunks} passages.`,
  reindexFailed: (message: string) => `Rebuilding the index failed: ${message}`,
  thinking: 'Searching…',
};

const tables: Record<Lang, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHans, en };

type Args<K extends StringKey> = Strings[K] extends (...args: infer A) => string ? A : [];

/** The UI string `key` in `lang`, with its arguments filled in. */
export function t<K extends StringKey>(lang: Lang, key: K, ...args: Args<K>): string {
  const entry = tables[lang][key] as Entry;
  const text = typeof entry === 'function' ? (entry as (...a: unknown[]) => string)(...args) : entry;
  return lang === 'zh-Hant' ? toTraditional(text) : text;
}

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
