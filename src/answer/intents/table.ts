/**
 * The question intents and the cues that signal them: data, in one place. Chinese cues are written
 * once in Simplified; a Traditional question is matched after OpenCC turns it into Simplified, so the
 * two scripts cannot drift apart. English cues match the lower-cased question.
 *
 * Order matters: the first intent whose cue matches (and whose condition holds) wins; `fact` is the
 * default when none does.
 */
import { HAN_NUMERALS } from '../../text/numerals.js';
import { toSimplified } from '../../text/script.js';

export type IntentKind =
  | 'out-of-scope'
  | 'metadata'
  | 'summary'
  | 'comparison'
  | 'definition'
  | 'list'
  | 'which-places'
  | 'how'
  | 'fact';

export type MetadataField = 'author' | 'editor' | 'date' | 'source' | 'title' | 'articles' | 'untitled';

export interface IntentCues {
  kind: IntentKind;
  /** Simplified Chinese patterns (Traditional questions are converted before matching). */
  zh: RegExp[];
  /** Patterns on the lower-cased English question. */
  en: RegExp[];
  /** Extra condition on the question beyond a cue match. */
  needs?: 'two-places' | 'no-domain-word' | 'article-word-or-field';
}

/** A greeting or an acknowledgement alone (你好, 谢谢, 好的; hi, ok, thanks): it asks nothing. */
const SOCIAL_ZH =
  /^(?:你好|您好|嗨|哈喽|谢谢|多谢|感谢|好的?|行|嗯+|哦+|噢|对|是的?|不是|没有|再见|拜拜|收到|明白了?|知道了)[啊呀吧呢了！!。.？?～~\s]*$/u;
const SOCIAL_EN =
  /^\s*(?:hi|hello|hey|ok|okay|k|thanks?|thank you|thx|yes|yeah|yep|no|nope|good|great|cool|nice|bye|goodbye)(?:\s+(?:there|you|so much|a lot|then))?[\s.!?~]*$/u;

/** Whether a message is only a greeting or an acknowledgement (no follow-up to carry a topic into). */
export function isSocialMessage(text: string): boolean {
  const hans = toSimplified(text.normalize('NFKC')).trim();
  return SOCIAL_ZH.test(hans) || SOCIAL_EN.test(hans.toLowerCase());
}

export const INTENT_TABLE: readonly IntentCues[] = [
  {
    kind: 'out-of-scope',
    // (A greeting or an acknowledgement alone asks nothing: it gets what the corpus covers, not a quote.)
    zh: [/天气|股票|股价|彩票|写一首|写首诗|讲个笑话|笑话|菜谱|食谱|电影|翻译成/u, SOCIAL_ZH],
    en: [/\b(weather|stock price|lottery|joke|poem|recipe|movie|translate)\b/u, SOCIAL_EN],
    needs: 'no-domain-word',
  },
  {
    kind: 'metadata',
    zh: [
      /(?<!工)作者|谁写|写的人|哪(?:一|两|几)?(?:位|个人|些人)(?:写|撰写)|是谁(?:写|撰写)|撰写|撰稿|责编|责任编辑|编辑(?:是|叫)|(?:谁|哪位|哪个)(?:编辑|编的)|记者是|通讯员|发表|发布|刊发|刊登|刊载|见报|出处|来源|哪(?:家|个|一个)(?:媒体|报|网|刊物)|什么(?:媒体|报纸|网站|刊物)|标题|题目|几篇|多少篇|哪几篇文章|语料.{0,8}(?:有|包括|包含|涵盖|覆盖|收录)/u,
    ],
    en: [
      /\b(author|editor|edited by|who edited|who wrote|written by|byline|published|publication date|outlet|where (?:was|is|were|did) .{0,60}(?:appear|printed)|newspaper|headline|title of|how many articles|which articles are|what articles|articles (are|does) (in|the corpus)|corpus (contains?|holds?|has|have|includes?|covers?)|(does|do) the (corpus|articles) cover|(latest|newest|earliest|oldest|most recent) (article|report|one))\b/u,
    ],
    needs: 'article-word-or-field',
  },
  // (Before summaries: 两地各做了什么 compares, though 做了什么 alone asks for a summary.)
  {
    kind: 'comparison',
    zh: [
      /不同|区别|比一比|比比看|比一下|(?:哪个|谁)(?:更)?(?:多|少|大|强)|差别|差异|异同|相比|比较|对比|不一样|一样吗|共同点|相同点|差在|(?:各自|分别|各)(?:是)?(?:怎么|如何|怎样|采取|有(?:什么|哪些|啥)|的做法)|(?:各自|分别|各)(?!是)\p{Script=Han}{1,3}?了?(?:什么|哪些|啥)/u,
    ],
    en: [
      /\b(compare|comparison|compared|differ|difference|differences|versus|vs\.?|similar|in common)\b/u,
      // (How do A and B each …: two ways of doing it; how many … each is a figure of each, a fact.)
      /\b(?:how|what) (?!many\b|much\b)(?:do|did|does|have|has|are|were)\b.{1,80}\b(?:each|respectively)\b/u,
    ],
    needs: 'two-places',
  },
  {
    kind: 'summary',
    zh: [
      /总结|概括|归纳|综述|概述|汇总|简介|简要介绍|介绍一下|介绍下|整理一下|梳理一下|盘点一下|(?:整理|梳理|盘点).{0,14}(?:经验|做法|情况|工作|举措)|介绍.{0,14}(?:经验|做法|情况|工作)|整体情况|做了(?:什么|哪些工作)|有(?:什么|哪些)经验|^(?:请|麻烦)?(?:说说|讲讲|谈谈|聊聊)/u,
    ],
    en: [
      // (What X did *to* or *for* something asks how it did that: a topic, not a summary.)
      /\b(summari[sz]e|summary|overview|tell me about|describe|what (did|has|have|does|is) .{1,40} (do|done|doing)\b(?! (?:to|for|about|on|against|with)\b))/u,
    ],
  },
  {
    kind: 'definition',
    zh: [/是指什么|指的是什么|指什么|是什么意思|什么意思|的含义|何谓|什么叫|什么是/u],
    // (What is a quoted term — 'one determination, three haves' — asks what it means.)
    en: [
      /\b(what does .{1,80} (mean|refer to|stand for)|meaning of|what is meant by|define)\b/u,
      /\bwhat(?: is|'s| are) (?:the |a |an )?["'“‘][^"'”’]{3,60}["'”’]/u,
    ],
  },
  {
    kind: 'list',
    zh: [
      /哪(?:[一二两三四五六七八九十]|\d+)(?:个|项|条|种|类|大|边|方面|件)?|都有谁|都是谁|有哪些人|哪几位|包括哪|包含哪|有哪几(?!篇|个?(?:地方|地区|县|市|旗|镇|乡|州|省|村))|分别是|都是什么|都有什么|列举|哪些内容|哪些方面|哪几个方面|哪几项|哪几条|哪几(?!篇|个?(?:地方|地区|县|市|旗|镇|乡|州|省|村))/u,
    ],
    en: [
      /\b(which are the|what are the (two|three|four|five|six|seven|eight|nine|ten|\d+)|(what|which) (two|three|four|five|six|seven|eight|nine|ten|\d+) (?!(articles?|reports?|stories|places?|regions?|county|counties|provinces?|areas?)\b)[^\s?]+|list (the|all)|name the|what does .{1,40} (include|consist of|comprise)|what are its)\b/u,
    ],
  },
  {
    kind: 'which-places',
    zh: [
      /哪些(?:地方|地区|县|市|旗|镇|乡|州|省|区域|文章|报道)|哪(?:个|几个)(?:地方|地区|县|市|旗|镇|乡|州|省)|在哪里|在哪儿|哪里|哪篇|哪几篇/u,
    ],
    en: [
      /\b(which (of the )?((two|three|four|five|six|seven|eight|nine|ten|\d+) )?(places?|regions?|county|counties|banners?|towns?|city|cities|areas?|provinces?|articles?|reports?)|where\b|in which)/u,
    ],
  },
  {
    kind: 'how',
    zh: [
      /怎么|怎样|如何|措施|做法|举措|办法|经验|途径|手段|路子|方法|方式|靠什么|通过什么|采取了?(?:哪些|什么)|(?:有|是)(?:什么|哪些|啥)(?:\p{Script=Han}{0,4})?(?:特色|亮点|特点|安排|部署|招数|高招)/u,
    ],
    en: [
      /\b(how (did|does|do|has|have|is|are|was|were|to|can)|what (measures|steps|actions|methods)|approach|practices|measures|initiatives|what (?:did|does|do|has|have) .{1,40} (?:do|done) (?:to|for|about|on|against|with))\b/u,
    ],
  },
  {
    // A plain 哪些 without a measure word asks for the members of whatever it names.
    kind: 'list',
    zh: [/哪些|有什么/u],
    en: [/\b(what are|which)\b/u],
  },
];

/** Metadata fields and their cues. */
export const METADATA_FIELDS: readonly { field: MetadataField; zh: RegExp; en: RegExp }[] = [
  {
    field: 'author',
    zh: /(?<!工)作者|谁写|写的人|哪(?:一|两|几)?(?:位|个人|些人)(?:写|撰写)|撰写|撰稿|记者|通讯员/u,
    en: /\b(author|who wrote|written by|by whom|byline)\b/u,
  },
  {
    field: 'editor',
    zh: /责编|责任编辑|(?:谁|哪位|哪个)(?:编辑|编的)|编辑(?:是|叫)/u,
    en: /\b(editor|edited by|who edited)\b/u,
  },
  {
    field: 'date',
    zh: /(?:发表|发布|刊发|刊登|见报|报道|写)(?:于|在|的)?(?:哪天|哪一天|何时|什么时候|时间|日期|哪一?年|哪月)|(?:哪一?年|哪月|几月|哪一?天|何时|什么时候).{0,6}(?:发表|发布|刊发|刊登|见报|写的|登的|出的)|日期|哪天|什么时候发|(?:发表|发布|刊发|刊登)得?(?:最早|最晚|最新)|(?:最早|最晚|最新|最近)(?:发表|发布|刊发|的一篇)|(?:^|[?？,，。;；])\s*(?:是|又是|那)?(?:什么时候|何时|哪一?天|哪一?年)(?:的|呢|发的)?[?？。]?\s*$/u,
    en: /\b(when was|when were|and when|publication date|date|published on|what day|(?:which|what) (?:year|month)|latest|newest|earliest|oldest|most recent)\b/u,
  },
  {
    field: 'source',
    zh: /来源|出处|哪家|什么媒体|哪个媒体|报纸|网站|刊物|媒体|(?:发表|刊登|刊发|发布)(?:在|于)?(?:哪里|哪儿|何处)/u,
    en: /\b(outlet|newspaper|source|which paper|which site|website|media|published (in|by)|where (?:was|is|were|did) .{0,60}(?:published|appear|run|printed))\b/u,
  },
  { field: 'title', zh: /标题|题目|叫什么/u, en: /\b(title|headline|called)\b/u },
  {
    field: 'untitled',
    zh: /没有?(?:自己的)?(?:标题|题目)|无标题|缺(?:少|了)?(?:标题|题目)|标题缺失/u,
    en: /\b(?:no (?:head(?:line)?|title)|without (?:a |an |its own )?(?:title|headline)|untitled|missing (?:a |an |its )?(?:title|headline)|lacks? (?:a |an |its own )?(?:title|headline))\b/u,
  },
  {
    field: 'articles',
    zh: /几篇|(?:资料|数据)库.{0,8}(?:有|包括|包含|涵盖|覆盖|收录)|多少篇|哪几篇文章|哪些文章|语料.{0,8}(?:有|包括|包含|涵盖|覆盖|收录)/u,
    en: /\b(how many articles|which articles|what articles|corpus (contains?|holds?|has|have|includes?|covers?)|(does|do) the (corpus|articles) cover)/u,
  },
];

/** A question word that places it in the corpus's domain (no out-of-scope refusal then). */
export const DOMAIN_WORD =
  /党|组织|干部|边|村|嘎查|培训|扶贫|社区|支部|书记|party|cadre|border|village|training|poverty/u;

/** Words that point at an article (a metadata question needs one unless a field says so alone). */
export const ARTICLE_WORD =
  /文章|报道|那篇|资料库|数据库|这篇|该篇|稿|新闻|语料|\barticles?\b|\breports?\b|\bstory\b|\bpiece\b|\bcorpus\b/u;

/** Words a question about measures uses without naming a topic. */
export const GENERIC_WORDS = new Set(
  (
    '措施 做法 举措 办法 经验 工作 党建 基层 党组织 组织 建设 加强 推进 推动 边疆 边境 开展 采取 主要 哪些 什么 方面 ' +
    '地区 如何 怎么 怎样 情况 成效 介绍 总结 一下 采取了 做了 党的 强化 特色 亮点 特点 安排 部署 特别 party building work party-building ' +
    // (The words of asking for a summary: 整体情况, 简单概括.)
    '整体 总体 全面 简单 简要 大致 大概 概括 ' +
    // (And the words for "the way it is done": 思路上有什么不同, 路子有什么不同.)
    '思路 路子 方法 方式 途径 手段 招数 高招 ' +
    // (And the places compared, counted: 三地的做法, 两县各自.)
    '两地 三地 几地 各地 两县 三县 两市 双方 规模 ' +
    'measures measure steps approach practices initiatives border did do does done what how'
  ).split(' '),
);

/** Counts written in words (English) and digits. */
export const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  ...HAN_NUMERALS,
};
