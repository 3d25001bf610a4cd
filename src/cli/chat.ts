/**
 * The terminal chat (`npm start` without a bot token): a readline REPL on the same engine as the
 * bot. Lines are handled one at a time, so piped input keeps its order and EOF ends the session.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Citation, CoveredRegion, Engine, Turn } from '../answer/types.js';
import { detectScript, toTraditional, type Script } from '../text/script.js';

export interface ChatOptions {
  input: Readable;
  output: Writable;
  /** Language of the chat's own messages (answers follow the asker's script). Default zh-Hans. */
  script?: Script;
  /** Longer questions are refused with a message (default 500, like MAX_QUESTION_CHARS). */
  maxQuestionChars?: number;
  /** Earlier exchanges kept for follow-ups (default 4). */
  maxTurns?: number;
}

const zhHans = {
  welcome: '边疆党建报道问答。直接输入问题;/help 查看命令。',
  help: [
    '直接输入问题即可,例如:勐腊县社区干部每月补助多少?',
    '/region 地区名   总结某地区的做法(不带地区名则列出报道覆盖的地区)',
    '/articles        报道列表',
    '/sources         上一个回答的出处',
    '/source N        打开第 N 个出处的原文段落',
    '/help            显示本说明',
    '/quit            退出',
  ].join('\n'),
  sources: '出处',
  articles: '报道列表:',
  noSources: '还没有可显示的出处。请先提一个问题。',
  sourceUsage: (n: number) => `用法:/source N(N 为 1 到 ${n} 之间的编号)。`,
  passageMissing: '找不到这段原文,索引可能已经更新。',
  covered: '报道覆盖的地区:',
  notCovered: (q: string) => `报道中没有关于“${q}”的内容。报道覆盖的地区:`,
  empty: '(空行已忽略。请输入问题,或 /help 查看命令。)',
  tooLong: (max: number, got: number) => `问题太长了(${got} 字),请控制在 ${max} 字以内。`,
  binary: '这一行看起来不是文字(含有控制字符或无法解码的字节),已忽略。',
  unknown: (cmd: string) => `未知命令 ${cmd}。/help 查看命令。`,
  error: (msg: string) => `出错了:${msg}`,
  bye: '再见。',
};
type Strings = typeof zhHans;

const en: Strings = {
  welcome: 'Questions on the border-region Party building reports. Type a question; /help for commands.',
  help: [
    'Just type a question, e.g.: How much is the monthly allowance for community cadres in Mengla?',
    '/region NAME     summary of a region’s initiatives (without a name: the regions covered)',
    '/articles        the reports in the index',
    '/sources         sources of the last answer',
    '/source N        open the passage of source N',
    '/help            this help',
    '/quit            leave',
  ].join('\n'),
  sources: 'Sources',
  articles: 'Reports:',
  noSources: 'No sources to show yet. Ask a question first.',
  sourceUsage: (n: number) => `Usage: /source N (N from 1 to ${n}).`,
  passageMissing: 'That passage cannot be found; the index may have changed.',
  covered: 'Regions the reports cover:',
  notCovered: (q: string) => `The reports say nothing about “${q}”. They cover:`,
  empty: '(Empty line ignored. Type a question, or /help for commands.)',
  tooLong: (max: number, got: number) => `That question is too long (${got} characters; at most ${max}).`,
  binary: 'That line does not look like text (control characters or undecodable bytes); ignored.',
  unknown: (cmd: string) => `Unknown command ${cmd}. /help lists the commands.`,
  error: (msg: string) => `Something went wrong: ${msg}`,
  bye: 'Bye.',
};

const zhHant: Strings = {
  ...zhHans,
  welcome: toTraditional(zhHans.welcome),
  help: toTraditional(zhHans.help),
  sources: toTraditional(zhHans.sources),
  articles: toTraditional(zhHans.articles),
  noSources: toTraditional(zhHans.noSources),
  sourceUsage: (n) => toTraditional(zhHans.sourceUsage(n)),
  passageMissing: toTraditional(zhHans.passageMissing),
  covered: toTraditional(zhHans.covered),
  notCovered: (q) => toTraditional(zhHans.notCovered('\u0000')).replace('\u0000', q),
  empty: toTraditional(zhHans.empty),
  tooLong: (max, got) => toTraditional(zhHans.tooLong(max, got)),
  binary: toTraditional(zhHans.binary),
  unknown: (cmd) => toTraditional(zhHans.unknown('\u0000')).replace('\u0000', cmd),
  error: (msg) => toTraditional(zhHans.error('\u0000')).replace('\u0000', msg),
  bye: toTraditional(zhHans.bye),
};

const STRINGS: Record<Script, Strings> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en };

/**
 * True when a line is not text a person typed: NUL or other C0 controls (tabs aside), or many
 * U+FFFD from undecodable bytes.
 */
export function looksBinary(line: string): boolean {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point here
  if (/[\u0000-\u0008\u000e-\u001f\u007f]/.test(line)) return true;
  const replacements = line.match(/\uFFFD/g)?.length ?? 0;
  return replacements > 0 && replacements >= Math.max(1, line.length / 10);
}

function sourceLines(citations: Citation[], label: string): string[] {
  if (citations.length === 0) return [];
  const lines = [`${label}:`];
  for (const c of citations) {
    const meta = [c.title, c.date, c.source].filter((x): x is string => Boolean(x)).join(' · ');
    const region = c.region.length > 0 ? ` (${c.region.join(' › ')})` : '';
    lines.push(`[${c.n}] ${meta}${region}`, `    “${c.text.replace(/\s+/g, ' ').trim()}”`);
  }
  return lines;
}

function regionTree(nodes: CoveredRegion[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}- ${n.name} (${n.articleIds.length})`,
    ...regionTree(n.children, depth + 1),
  ]);
}

/**
 * Runs the REPL until `/quit` or the end of `input`; resolves once the session is over.
 * Never throws for bad input or engine errors: they are reported on `output` and the chat goes on.
 */
export async function runChat(engine: Engine, options: ChatOptions): Promise<void> {
  const { input, output } = options;
  const maxChars = options.maxQuestionChars ?? 500;
  const maxTurns = options.maxTurns ?? 4;
  const ui = STRINGS[options.script ?? 'zh-Hans'];
  const terminal = Boolean((input as { isTTY?: boolean }).isTTY && (output as { isTTY?: boolean }).isTTY);
  const say = (text: string) => output.write(`${text}\n`);

  let turns: Turn[] = [];
  let lastCitations: Citation[] = [];

  const rl = readline.createInterface({
    input,
    output: terminal ? output : undefined,
    terminal,
    crlfDelay: Infinity,
  });
  rl.setPrompt('> ');
  say(ui.welcome);
  if (terminal) rl.prompt();

  const ask = async (question: string) => {
    const result = await engine.ask(question, { history: turns });
    const labels = STRINGS[result.script] ?? ui;
    say([result.answer, ...sourceLines(result.citations, labels.sources)].join('\n'));
    turns = [...turns, { question, answer: result.answer, region: result.region?.path ?? null }].slice(
      -maxTurns,
    );
    lastCitations = result.citations;
  };

  const region = async (name: string) => {
    if (name === '') {
      say([ui.covered, ...regionTree(await engine.coveredRegions())].join('\n'));
      return;
    }
    const script = detectScript(name) === 'en' ? (options.script ?? 'en') : detectScript(name);
    const summary = await engine.summarize(name, { script });
    if (summary.refused) {
      const covered = summary.covered ?? regionTree(await engine.coveredRegions()).map((l) => l.trim());
      say([ui.notCovered(name), ...covered.map((c) => (c.startsWith('-') ? c : `- ${c}`))].join('\n'));
      return;
    }
    const heading = summary.region ? summary.region.path.join(' › ') : name;
    const body =
      summary.points.length > 0 ? summary.points.map((p) => `• ${p.text}`).join('\n') : summary.summary;
    say([heading, body, ...sourceLines(summary.citations, STRINGS[script].sources)].join('\n'));
    lastCitations = summary.citations;
  };

  const openSource = async (arg: string) => {
    if (lastCitations.length === 0) return say(ui.noSources);
    const n = Number(arg);
    const c = lastCitations.find((x) => x.n === n);
    if (!/^\d+$/.test(arg) || !c) return say(ui.sourceUsage(lastCitations.length));
    const passage = await engine.openPassage(c.articleId, c.start, c.end);
    if (!passage) return say(ui.passageMissing);
    const p = passage.paragraph;
    const marked = `${p.slice(0, passage.highlightStart)}【${p.slice(passage.highlightStart, passage.highlightEnd)}】${p.slice(passage.highlightEnd)}`;
    const a = passage.article;
    const meta = [a.title, a.date, a.source, a.author].filter((x): x is string => Boolean(x)).join(' · ');
    say([`[${n}] ${meta}`, marked].join('\n'));
  };

  /** Returns false when the session should end. */
  const handle = async (raw: string): Promise<boolean> => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '') {
      say(ui.empty);
      return true;
    }
    if (looksBinary(line)) {
      say(ui.binary);
      return true;
    }
    const command = /^\/([A-Za-z_]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(line);
    if (command) {
      const name = command[1]!.toLowerCase();
      const arg = (command[2] ?? '').trim();
      switch (name) {
        case 'quit':
        case 'exit':
          return false;
        case 'help':
        case 'start':
          say(ui.help);
          return true;
        case 'region':
        case 'summary':
          if (arg.length > maxChars) say(ui.tooLong(maxChars, arg.length));
          else await region(arg);
          return true;
        case 'regions':
          await region('');
          return true;
        case 'articles': {
          // As the bot's /articles: one line per report, with its region.
          const list = (await engine.articles()).map((a, i) => {
            const meta = [a.title, a.date, a.source].filter(Boolean).join(' · ');
            return `${i + 1}. ${meta}${a.region.length ? ` — ${a.region.join(' › ')}` : ''}`;
          });
          say([ui.articles, ...list].join('\n'));
          return true;
        }
        case 'sources':
          say(lastCitations.length === 0 ? ui.noSources : sourceLines(lastCitations, ui.sources).join('\n'));
          return true;
        case 'source':
          await openSource(arg);
          return true;
        case 'ask':
          if (arg === '') say(ui.empty);
          else if (arg.length > maxChars) say(ui.tooLong(maxChars, arg.length));
          else await ask(arg);
          return true;
        default:
          say(ui.unknown(`/${name}`));
          return true;
      }
    }
    if (line.length > maxChars) {
      say(ui.tooLong(maxChars, line.length));
      return true;
    }
    await ask(line);
    return true;
  };

  try {
    for await (const line of rl) {
      let goOn = true;
      try {
        goOn = await handle(line);
      } catch (err) {
        say(ui.error(err instanceof Error ? err.message : String(err)));
      }
      if (!goOn) break;
      if (terminal) rl.prompt();
    }
  } finally {
    rl.close();
  }
  say(ui.bye);
}
