/**
 * A small English → Chinese glossary of the corpus's domain words, so an English question can use
 * the keyword index when no multilingual embedding model is available. Longest phrases first.
 */
const GLOSSARY: [string, string][] = [
  ['party building', '党建'],
  ['party branch', '党支部'],
  ['party branches', '党支部'],
  ['party organization', '党组织'],
  ['party organizations', '党组织'],
  ['party organisation', '党组织'],
  ['party members', '党员'],
  ['party member', '党员'],
  ['party secretary', '书记'],
  ['general branch', '党总支'],
  ['grassroots', '基层'],
  ['grass roots', '基层'],
  ['border area', '边境'],
  ['border areas', '边境'],
  ['border region', '边境'],
  ['border', '边境'],
  ['frontier', '边疆'],
  ['borderland', '边疆'],
  ['campaign', '行动'],
  ['initiative', '举措'],
  ['initiatives', '举措'],
  ['measures', '措施'],
  ['village', '村'],
  ['villages', '村'],
  ['villagers', '村民'],
  ['herdsmen', '牧民'],
  ['herders', '牧民'],
  ['pastoral', '牧区'],
  ['community', '社区'],
  ['communities', '社区'],
  ['cadre', '干部'],
  ['cadres', '干部'],
  ['officials', '干部'],
  ['subsidy', '补助'],
  ['subsidies', '补助'],
  ['allowance', '补助'],
  ['monthly', '每月'],
  ['per month', '每月'],
  ['salary', '报酬'],
  ['funding', '资金'],
  ['funds', '资金'],
  ['fund', '资金'],
  ['money', '资金'],
  ['yuan', '元'],
  ['poverty alleviation', '扶贫'],
  ['poverty', '贫困'],
  ['training', '培训'],
  ['winter training', '冬训'],
  ['education', '教育'],
  ['service center', '服务中心'],
  ['service centre', '服务中心'],
  ['service station', '服务站'],
  ['service stations', '服务站'],
  ['convenience', '便民'],
  ['collective economy', '集体经济'],
  ['ethnic unity', '民族团结'],
  ['unity', '团结'],
  ['stability', '稳定'],
  ['port', '口岸'],
  ['ports', '口岸'],
  ['honor', '荣誉'],
  ['honour', '荣誉'],
  ['award', '表彰'],
  ['model', '示范'],
  ['demonstration', '示范'],
  ['election', '选举'],
  ['elected', '选举'],
  ['secretaries', '书记'],
  ['secretary', '书记'],
  ['tourism', '旅游'],
  ['ecology', '生态'],
  ['patrol', '巡逻'],
  ['farmers', '农牧民'],
  ['remote education', '远程教育'],
  ['activity venues', '活动场所'],
  ['activity venue', '活动场所'],
  ['leader', '组长'],
  ['leaders', '组长'],
  ['members', '党员'],
  ['develop', '发展'],
  ['development', '发展'],
  ['responsibility', '责任'],
  ['deepen', '深化'],
  ['deepened', '深化'],
  ['deepening', '深化'],
  ['advance', '推进'],
  ['promote', '推进'],
];

const SORTED = [...GLOSSARY].sort((a, b) => b[0].length - a[0].length);

/** Chinese keywords for the English domain words found in a text (empty for Chinese text). */
export function glossaryTerms(text: string): string[] {
  let rest = ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')} `;
  const terms: string[] = [];
  for (const [en, zh] of SORTED) {
    const needle = ` ${en} `;
    if (rest.includes(needle)) {
      terms.push(zh);
      rest = rest.split(needle).join(' ');
    }
  }
  return [...new Set(terms)];
}
