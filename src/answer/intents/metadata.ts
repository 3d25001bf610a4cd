/**
 * Questions about the articles themselves (author, date, outlet, title, what the corpus holds):
 * answered from the article records, each article cited by its own title line — the citation
 * identifies the article; the facts come from its record, and the lead says so.
 */
import { toSimplified } from '../../text/script.js';
import type { ArticleRecord } from '../../types.js';
import { answerStrings as S } from '../strings/answers.js';
import { CitationList, inScript, scopedArticles, titleSpan, type Composer } from './context.js';
import type { MetadataField } from './table.js';

export const composeMetadata: Composer = (ctx) => {
  const { script, intent } = ctx;
  if (intent.fields.includes('untitled')) return composeUntitled(ctx);
  const fields: MetadataField[] = intent.fields.length > 0 ? intent.fields : ['title', 'date', 'source'];
  let articles: ArticleRecord[];
  if (ctx.scope.articleIds) articles = scopedArticles(ctx);
  else if (fields.includes('articles')) {
    // "哪篇文章是2016年发表的?", "西藏日报发表了哪篇文章?": the articles whose record the question names.
    const q = toSimplified(ctx.question);
    const years = [...q.matchAll(/((?:19|20)\d{2})/gu)].map((m) => m[1]!);
    const named = ctx.snapshot.articles.filter(
      (a) =>
        (a.date !== null && years.some((y) => a.date!.startsWith(y))) ||
        (a.source !== null && q.includes(toSimplified(a.source))) ||
        (a.author !== null &&
          a.author.split(/\s+/u).some((name) => name.length >= 2 && q.includes(toSimplified(name)))),
    );
    articles = named.length > 0 ? named : ctx.snapshot.articles;
  } else {
    // "那篇文章的作者" with no place: the article the question's words point to.
    const top = ctx.evidence.ranked[0] ?? null;
    const article = top ? ctx.snapshot.byId.get(top.articleId) : ctx.snapshot.articles[0];
    if (!article) return null;
    articles = [article];
  }
  // "Which article is the latest / the earliest?": the one of the dated articles in scope.
  const order = superlative(ctx.question);
  if (order !== null) {
    const dated = (ctx.scope.articleIds ? articles : ctx.snapshot.articles).filter((a) => a.date !== null);
    const pick = [...dated].sort((a, b) => a.date!.localeCompare(b.date!)).at(order === 'latest' ? -1 : 0);
    if (pick) articles = [pick];
  }
  const cites = new CitationList(script);
  const value = (v: string | null) => (v ? inScript(v, script) : S.t(script, 'notStated'));
  const sep = script === 'en' ? '; ' : '；';
  const colon = script === 'en' ? ': ' : '：';
  const shown: MetadataField[] = fields.includes('articles')
    ? // (What the corpus holds: every article with its place, so "which regions" is answered too.)
      ['author', 'date', 'source', 'region' as MetadataField]
    : fields.filter((f) => f !== 'title');
  const lines = [
    fields.includes('articles') && !ctx.scope.articleIds && articles.length === ctx.snapshot.articles.length
      ? S.t(script, 'corpusLead', articles.length)
      : S.t(script, 'metadataLead', articles.length),
  ];
  // An archive holds thousands: a reply lists the first few and counts the rest per region.
  const listed = articles.slice(0, MAX_LISTED);
  listed.forEach((a, i) => {
    const parts = shown.map((f) => {
      if (f === 'author') return `${S.t(script, 'fieldAuthor')} ${value(a.author)}`;
      if (f === 'editor') return `${S.t(script, 'fieldEditor')} ${value(a.editor ?? null)}`;
      if (f === 'date') {
        // The date as the article prints it too (2017/4/5 17:12:57), when it says more than the ISO date.
        const printed = a.published && a.published !== a.date ? S.t(script, 'asPrinted', a.published) : '';
        return `${S.t(script, 'fieldDate')} ${a.date ?? S.t(script, 'notStated')}${printed}`;
      }
      if (f === 'source') return `${S.t(script, 'fieldSource')} ${value(a.source)}`;
      return `${S.t(script, 'fieldRegion')} ${inScript(a.region.join(''), script)}`;
    });
    const title = `《${inScript(a.title, script)}》`;
    const n = cites.cite(a, titleSpan(a));
    lines.push(
      `${articles.length > 1 ? `${i + 1}. ` : ''}${title}[${n}]${parts.length ? colon + parts.join(sep) : ''}`,
    );
  });
  if (articles.length > listed.length) {
    const perRegion = new Map<string, number>();
    for (const a of articles) {
      const place = a.region.join('') || '—';
      perRegion.set(place, (perRegion.get(place) ?? 0) + 1);
    }
    const top = [...perRegion]
      .sort((x, y) => y[1] - x[1])
      .slice(0, MAX_LISTED)
      .map(([place, n]) => `${inScript(place, script)} ${n}`)
      .join(script === 'en' ? '; ' : '；');
    lines.push(S.t(script, 'metadataMore', articles.length - listed.length, top));
  }
  // One article whose record lacks every field asked (an author it never names): the answer says so,
  // and the corpus does not hold what was asked.
  const missing = (a: ArticleRecord, f: MetadataField) =>
    (f === 'author' && !a.author) ||
    (f === 'editor' && !a.editor) ||
    (f === 'date' && !a.date) ||
    (f === 'source' && !a.source);
  const notGiven = articles.length === 1 && shown.length > 0 && shown.every((f) => missing(articles[0]!, f));
  // (A refusal cites nothing: the title line is named without its marker.)
  if (notGiven)
    return {
      answer: lines.join('\n').replace(/\[\d+\]/gu, ''),
      citations: [],
      refused: true,
      notGiven: true,
    };
  return { answer: lines.join('\n'), citations: cites.citations };
};

/** Whether a question asks for the latest or the earliest article. */
function superlative(question: string): 'latest' | 'earliest' | null {
  const q = toSimplified(question).toLowerCase();
  if (/最新|最近(?:发表|发布|的一篇)|最晚|\b(latest|newest|most recent|last published)\b/u.test(q))
    return 'latest';
  if (/最早|最旧|最老|\b(earliest|oldest|first published)\b/u.test(q)) return 'earliest';
  return null;
}

/** The most articles a metadata reply lists one by one. */
const MAX_LISTED = 10;

/**
 * An article without a headline of its own: its first line is only a subtitle (——…综述), or it has
 * no title line at all and its record's title is its opening words.
 */
export function untitled(article: ArticleRecord): boolean {
  const first = titleSpan(article).text.trim();
  return /^[—–―─-]{1,3}/u.test(first) || !toSimplified(first).includes(article.title);
}

/** "Which article has no headline?": the articles whose records took their title from elsewhere. */
const composeUntitled: Composer = (ctx) => {
  const { script } = ctx;
  const pool = ctx.scope.articleIds ? scopedArticles(ctx) : ctx.snapshot.articles;
  const found = pool.filter(untitled);
  if (found.length === 0) return { answer: S.t(script, 'allTitled', pool.length), citations: [] };
  const cites = new CitationList(script);
  const lines = [S.t(script, 'untitledLead', found.length)];
  found.slice(0, MAX_LISTED).forEach((a, i) => {
    const n = cites.cite(a, titleSpan(a));
    const place = inScript(a.region.join(''), script);
    lines.push(
      `${found.length > 1 ? `${i + 1}. ` : ''}${S.t(script, 'untitledItem', inScript(a.title, script), place)}[${n}]`,
    );
  });
  return { answer: lines.join('\n'), citations: cites.citations };
};
