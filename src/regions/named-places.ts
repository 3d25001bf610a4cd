/**
 * The places below an article's region that its text names (a town of its county), found at ingest
 * (`ArticleRecord.namedPlaces`) so that scoping a question to a place reads no article text.
 */
import { toSimplified } from '../text/script.js';
import type { RegionResolver } from './regions.js';

/** Separator of a region key (`云南省/临沧市/凤庆县`), as in the index's `regionKeys`. */
const KEY_SEPARATOR = '/';

/** A place as running text names it: without a town's suffix (小中甸镇 → 小中甸). */
export const townBare = (name: string) => name.replace(/(镇|乡|街道|苏木|嘎查|村)$/, '');

/** Region keys of the places below `region` whose bare name the text contains. */
export function placesNamedIn(
  resolver: Pick<RegionResolver, 'below'>,
  article: { region: string[]; text: string },
): string[] {
  if (article.region.length === 0) return [];
  const hans = toSimplified(article.text);
  return resolver
    .below(article.region)
    .filter((r) => hans.includes(townBare(r.name)))
    .map((r) => r.path.join(KEY_SEPARATOR));
}
