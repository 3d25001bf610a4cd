/**
 * How figures are written in the reports: one place for the patterns that tell a sentence states a
 * number, a count in a unit, or a sum of money.
 */

/** Any figure: digits, or Chinese numerals counting something (三个, 两名, 千余人). */
export const HAS_FIGURE = /\d|[一二两三四五六七八九十百千万亿]+[个名位人户家所支条项期次座处元年月日%％]/u;

/** A count in a unit (46个, 1.9亿元, 98%): what makes a line concrete, unlike a bare year. */
export const COUNTED_FIGURE = /\d[\d.]*\s*(?:余|多)?\s*(?:万|亿)?\s*[个名人户元次项支所座家条篇期吨%％]/u;

/** Words that speak of a whole or its total (全县, 一共, 累计), not of a part of it. */
export const TOTAL_WORDS = /全[县市镇乡旗区村州省]|一共|总共|共有|共计|合计|总计|累计|总数/u;

/** A sum in 元 (3000余万元, 1.5亿元). */
export const SUM = /\d[\d.]*\s*(?:余|多)?\s*(?:万|亿)?\s*元/u;
