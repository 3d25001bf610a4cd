/**
 * Everything the bot and the terminal chat / CLI say around the engine's answers, in Simplified
 * Chinese and English (Traditional derived by OpenCC in `defineStrings`). One word per idea in each
 * language: the list of cited articles is always "出处" / "Sources", and an article's publisher is
 * always "媒体" / "Outlet", so the two never read alike.
 */
import { defineStrings } from './define.js';

export { chooseLang, langFromCode, type Lang } from './lang.js';

const zhHans = {
  // Bot: /start and /help
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

  // Terminal chat
  chatWelcome: '边疆党建报道问答。直接输入问题;/help 查看命令。',
  chatHelp: [
    '直接输入问题即可,例如:勐腊县社区干部每月补助多少?',
    '/region 地区名   总结某地区的做法(不带地区名则列出报道覆盖的地区)',
    '/articles        报道列表',
    '/sources         上一个回答的出处',
    '/source N        打开第 N 个出处的原文段落',
    '/help            显示本说明',
    '/quit            退出',
  ].join('\n'),
  chatEmptyLine: '(空行已忽略。请输入问题,或 /help 查看命令。)',
  chatNotText: '这一行看起来不是文字(含有控制字符或无法解码的字节),已忽略。',
  chatUnknownCommand: (cmd: string) => `未知命令 ${cmd}。/help 查看命令。`,
  chatError: (message: string) => `出错了:${message}`,
  chatBye: '再见。',

  // Answers, sources and passages (bot, chat and CLI alike)
  sourcesHeading: '出处',
  summaryHeading: (name: string) => `${name}:做法总结`,
  date: '日期',
  outlet: '媒体',
  author: '作者',
  editor: '责编',
  region: '地区',
  noSources: '还没有可显示的出处。请先提一个问题。',
  sourceUsage: (count: number) => `用法:/source N(N 为 1 到 ${count} 之间的编号)。`,
  passageMissing: '找不到这段原文,索引可能已经更新。请重新提问。',
  openingSource: (n: number) => `出处 [${n}]`,

  // Questions the bot or the chat cannot take
  emptyQuestion: '请输入问题,例如:/ask 凤庆县有多少名党员?',
  tooLong: (max: number, got: number) => `问题太长了(${got} 字),请控制在 ${max} 字以内。`,
  unsupportedMedia: '我只能阅读文字。请用文字提问,例如:小中甸镇建立了几个为民服务站?',

  // Regions
  regionUsage: '用法:/region 地区名,例如:/region 云南',
  chooseRegion: '请选择地区:',
  chooseSubregion: (name: string) => `${name} — 请选择下一级地区,或总结本地区:`,
  summarizeButton: (name: string) => `📝 总结 ${name}`,
  backButton: '⬅ 返回',
  regionExpired: '这个菜单已过期,请重新发送 /region。',
  notCovered: (query: string) => `报道中没有关于“${query}”的内容。报道覆盖的地区:`,
  coveredHeading: '报道覆盖的地区:',
  articlesHeading: '报道列表:',

  // Bot operations
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
};

const en: typeof zhHans = {
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

  chatWelcome: 'Questions on the border-region Party building reports. Type a question; /help for commands.',
  chatHelp: [
    'Just type a question, e.g.: How much is the monthly allowance for community cadres in Mengla?',
    '/region NAME     summary of a region’s initiatives (without a name: the regions covered)',
    '/articles        the reports in the index',
    '/sources         sources of the last answer',
    '/source N        open the passage of source N',
    '/help            this help',
    '/quit            leave',
  ].join('\n'),
  chatEmptyLine: '(Empty line ignored. Type a question, or /help for commands.)',
  chatNotText: 'That line does not look like text (control characters or undecodable bytes); ignored.',
  chatUnknownCommand: (cmd: string) => `Unknown command ${cmd}. /help lists the commands.`,
  chatError: (message: string) => `Something went wrong: ${message}`,
  chatBye: 'Bye.',

  sourcesHeading: 'Sources',
  summaryHeading: (name: string) => `${name}: summary of initiatives`,
  date: 'Date',
  outlet: 'Outlet',
  author: 'Author',
  editor: 'Editor',
  region: 'Region',
  noSources: 'No sources to show yet. Ask a question first.',
  sourceUsage: (count: number) => `Usage: /source N (N from 1 to ${count}).`,
  passageMissing: 'That passage could not be found; the index may have changed. Please ask again.',
  openingSource: (n: number) => `Source [${n}]`,

  emptyQuestion: 'Please type a question, e.g. /ask How many Party members does Fengqing have?',
  tooLong: (max: number, got: number) =>
    `Your question is too long (${got} characters); please keep it under ${max}.`,
  unsupportedMedia:
    'I can only read text. Please ask in words, e.g.: How many service stations did Xiaozhongdian set up?',

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

/** A key of the UI table. */
export type UiKey = keyof typeof zhHans;

/** The UI strings: `ui.t(lang, 'sourcesHeading')`. */
export const ui = defineStrings(zhHans, en);

/** Shorthand for `ui.t`. */
export const t: typeof ui.t = (lang, key, ...args) => ui.t(lang, key, ...args);
