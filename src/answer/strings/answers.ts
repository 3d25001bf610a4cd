/**
 * Everything the answer engine itself says (refusals, input problems, the lead line of each kind
 * of answer, labels around quotes), in Simplified and English; Traditional is derived by OpenCC.
 * Quotes and titles are data and never pass through here.
 */
import { defineStrings } from './define.js';

const ZH_NUMBERS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 3 → 三 (up to ten; larger counts stay in digits). */
const zhCount = (n: number) => ZH_NUMBERS[n] ?? String(n);

export const answerStrings = defineStrings(
  {
    refusal: (what: string, covered: string, nearest: string) =>
      `语料中没有找到能回答这个问题的内容${what}。本语料涵盖以下地区的基层党建报道：${covered}。${nearest ? `最接近的文章：${nearest}。` : ''}`,
    uncovered: (places: string) => `（语料中没有关于${places}的报道）`,
    outOfScope: (covered: string) =>
      `这个问题不在本语料的范围内。本语料是关于以下地区基层党建的报道：${covered}。`,
    inputEmpty: '请输入一个问题。',
    inputTooLong: (max: number) => `问题太长了，请控制在${max}个字以内。`,
    inputBinary: '无法识别这段输入，请用文字提问。',
    evidenceLead: '根据语料中的报道：',
    listLead: (subject: string, name: string, n: number) => `${subject}的“${name}”包括${zhCount(n)}项：`,
    listLeadUnnamed: (subject: string, n: number) => `${subject}的报道列出了以下${zhCount(n)}项：`,
    listCountDiffers: (asked: number, given: number) =>
      `（问题问的是${zhCount(asked)}项，文章列出的是${zhCount(given)}项。）`,
    howLead: (subject: string, n: number) => `${subject}的主要做法有${zhCount(n)}项：`,
    howLeadTopic: (subject: string) => `${subject}的相关做法：`,
    metadataLead: (n: number) =>
      n === 1 ? '这篇文章的信息（据语料的文章记录）：' : `这${zhCount(n)}篇文章的信息（据语料的文章记录）：`,
    corpusLead: (n: number) => `语料共有${n}篇文章：`,
    untitledLead: (n: number) =>
      `${n === 1 ? '这篇文章' : `这${zhCount(n)}篇文章`}没有自己的标题（记录中的标题取自文中的副题或开头）：`,
    untitledItem: (title: string, place: string) => `记为《${title}》，讲${place}`,
    allTitled: (n: number) => `语料中的${n}篇文章都有自己的标题。`,
    metadataMore: (more: number, byRegion: string) =>
      `……另有${more}篇未列出。各地区的文章数：${byRegion}。可以问某个地方的文章，或用 /articles 查看。`,
    fieldAuthor: '作者',
    fieldEditor: '责编',
    fieldDate: '发表日期',
    asPrinted: (text: string) => `（文中为 ${text}）`,
    fieldSource: '来源',
    fieldTitle: '标题',
    fieldRegion: '地区',
    notStated: '文章未注明',
    comparisonLead: (places: string) => `${places}的做法对比：`,
    comparisonNone: (place: string) => `语料中没有${place}在这方面的内容。`,
    placesLead: (places: string) => `提到这方面内容的地方：${places}。`,
    whoMissing: (title: string) => `语料中的报道没有提到${title}是谁。`,
    moneyWord: '投入资金',
    rateWord: '比例',
    factMissing: (what: string, siblingsOnly: boolean) =>
      `语料中的报道没有给出${what}的数字${siblingsOnly ? '（只有其他地方或其他年份的数字，不作为答案）' : ''}。`,
    summaryHead: (name: string, n: number) => `${name}：语料中有${n}篇相关报道，主要举措如下。`,
    summaryNamed: '另有：',
    listSeparator: '、',
    and: '和',
  },
  {
    refusal: (what: string, covered: string, nearest: string) =>
      `The corpus has no evidence that answers this question${what}. It covers party-building reports from: ${covered}.${nearest ? ` Nearest articles: ${nearest}.` : ''}`,
    uncovered: (places: string) => ` (the corpus has no article about ${places})`,
    outOfScope: (covered: string) =>
      `This question is outside the corpus, which holds reports on grassroots party-building in: ${covered}.`,
    inputEmpty: 'Please type a question.',
    inputTooLong: (max: number) => `The question is too long; please keep it under ${max} characters.`,
    inputBinary: 'That input could not be read as text; please ask in words.',
    evidenceLead: 'From the articles (quoted in the original Chinese):',
    listLead: (subject: string, name: string, n: number) =>
      `${subject}: “${name}” has ${n} parts (quoted in the original Chinese):`,
    listLeadUnnamed: (subject: string, n: number) =>
      `${subject}: the report lists ${n} items (quoted in the original Chinese):`,
    listCountDiffers: (asked: number, given: number) =>
      `(The question asks for ${asked}; the article gives ${given}.)`,
    howLead: (subject: string, n: number) =>
      `${subject}: ${n} main measures (quoted in the original Chinese):`,
    howLeadTopic: (subject: string) => `${subject}: what the reports say (quoted in the original Chinese):`,
    metadataLead: (n: number) =>
      n === 1
        ? 'About this article (from the corpus records):'
        : `About these ${n} articles (from the corpus records):`,
    corpusLead: (n: number) => `The corpus holds ${n} articles:`,
    untitledLead: (n: number) =>
      `${n === 1 ? 'This article has no headline of its own' : `These ${n} articles have no headline of their own`} (the record takes the title from a subtitle or the opening words):`,
    untitledItem: (title: string, place: string) => `recorded as 《${title}》, about ${place}`,
    allTitled: (n: number) => `All ${n} articles in the corpus have a headline of their own.`,
    metadataMore: (more: number, byRegion: string) =>
      `…and ${more} more not listed. Articles per region: ${byRegion}. Ask about one place, or use /articles.`,
    fieldAuthor: 'author',
    fieldEditor: 'editor',
    fieldDate: 'published',
    asPrinted: (text: string) => ` (printed as ${text})`,
    fieldSource: 'outlet',
    fieldTitle: 'title',
    fieldRegion: 'region',
    notStated: 'not stated in the article',
    comparisonLead: (places: string) => `${places} compared (quoted in the original Chinese):`,
    comparisonNone: (place: string) => `The corpus has nothing on this for ${place}.`,
    placesLead: (places: string) => `Places the reports mention for this: ${places}.`,
    whoMissing: (title: string) => `The reports do not say who the ${title} is.`,
    moneyWord: 'the sum spent',
    rateWord: 'the rate',
    factMissing: (what: string, siblingsOnly: boolean) =>
      `The reports give no figure for ${what}${siblingsOnly ? ' (only figures for other places or years, which do not answer this)' : ''}.`,
    summaryHead: (name: string, n: number) =>
      `${name}: ${n === 1 ? 'one article' : `${n} articles`} in the corpus. Its initiatives, quoted in the original Chinese:`,
    summaryNamed: 'Also named: ',
    listSeparator: ', ',
    and: ' and ',
  },
);
