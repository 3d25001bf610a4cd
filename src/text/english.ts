/** Light English word handling shared by the glossary and the dictionary: words, stems, function words. */

const BRITISH = /(?:is(?:e|es|ed|ing|ation|ations)|our(?:s|ed|ing)?|tres?|[fc]ences?)$/;

/**
 * A crude English stem: enough to match "stations", "trained", "building" to their entries. British
 * spellings take the American form first (organisation → organization, honour → honor, centre →
 * center); both the dictionary's keys and the question's words go through here, so they meet.
 */
export function stem(raw: string): string {
  const word =
    raw.length > 5 && BRITISH.test(raw)
      ? raw
          .replace(/is(e|es|ed|ing|ation|ations)$/, 'iz$1')
          .replace(/our(s|ed|ing)?$/, 'or$1')
          .replace(/tre(s)?$/, 'ter$1')
          .replace(/([fc])ence(s)?$/, '$1ense$2')
      : raw;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('es') && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Lower-case stemmed words of a text (letters and digits only). */
export function stemmedWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      // (A possessive is no word of its own: "horse's back" is "horse back".)
      .replace(/['’]s\b/g, '')
      .replace(/[^a-z0-9\s]/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
      .map(stem)
  );
}

/**
 * Words a question is made of that carry no topic (stemmed forms), so the dictionary does not turn
 * "what", "did" or "tell" into Chinese search terms.
 */
export const FUNCTION_WORDS = new Set(
  (
    'a an the of in on at to for from by with about into over under between among and or but not no ' +
    'what which who whom whose when where why how many much did do doe done is are was were be been being ' +
    'has have had having it its they them their there this that these those he she his her we our you your ' +
    'i me my can could would should will shall may might must any some all each every per other than then ' +
    'so as if also such very more most same according article articles report reports say said tell told ' +
    'give list name please describe explain summarise summarize summary show one two three four five six ' +
    'seven eight nine ten first second third year years take took taken make made get got carry carried out up s ' +
    // (Places are what a which-question asks for, named by the corpus's own region names.)
    'place places area areas region regions locality localities'
  )
    .split(' ')
    .map(stem),
);
