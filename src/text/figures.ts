/**
 * How figures are written in the reports: one place for the patterns that tell a sentence states a
 * number, a count in a unit, or a sum of money. Each reads either script: half the corpus is
 * Traditional (40個, 1406戶, 3000餘萬元), and callers test quotes as the article writes them.
 */

/** Any figure: digits, or Chinese numerals counting something (三个, 两名, 千余人). */
export const HAS_FIGURE =
  /\d|[一二两兩三四五六七八九十百千万萬亿億]+[个個名位人户戶家所支条條项項期次座处處元年月日%％]/u;

/** A count in a unit (46个, 1.9亿元, 98%): what makes a line concrete, unlike a bare year. */
export const COUNTED_FIGURE =
  /\d[\d.]*\s*(?:余|餘|多)?\s*(?:万|萬|亿|億)?\s*[个個名人户戶元次项項支所座家条條篇期吨噸%％]/u;

/** Words that speak of a whole or its total (全县, 一共, 累计), not of a part of it. */
export const TOTAL_WORDS =
  /全[县縣市镇鎮乡鄉旗区區村州省]|一共|总共|總共|共有|共计|共計|合计|合計|总计|總計|累计|累計|总数|總數/u;

/** A sum in 元 (3000余万元, 1.5亿元). */
export const SUM = /\d[\d.]*\s*(?:余|餘|多)?\s*(?:万|萬|亿|億)?\s*元/u;
