/**
 * The terminal chat (`npm start` without a bot token): a readline REPL on the same engine as the
 * bot. Lines are handled one at a time, so piped input keeps its order and EOF ends the session.
 */
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Citation, CoveredRegion, Engine, Turn } from '../answer/types.js';
import { t } from '../answer/strings/ui.js';
import { sourceLines } from './render.js';
import { detectScript, type Script } from '../text/script.js';

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
  const lang: Script = options.script ?? 'zh-Hans';
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
  say(t(lang, 'chatWelcome'));
  if (terminal) rl.prompt();

  const ask = async (question: string) => {
    const result = await engine.ask(question, { history: turns });
    say([result.answer, ...sourceLines(result.citations, result.script)].join('\n'));
    turns = [...turns, { question, answer: result.answer, region: result.region?.path ?? null }].slice(
      -maxTurns,
    );
    lastCitations = result.citations;
  };

  const region = async (name: string) => {
    if (name === '') {
      say([t(lang, 'coveredHeading'), ...regionTree(await engine.coveredRegions())].join('\n'));
      return;
    }
    const script = detectScript(name) === 'en' ? (options.script ?? 'en') : detectScript(name);
    const summary = await engine.summarize(name, { script });
    if (summary.refused) {
      const covered = summary.covered ?? regionTree(await engine.coveredRegions()).map((l) => l.trim());
      say(
        [t(lang, 'notCovered', name), ...covered.map((c) => (c.startsWith('-') ? c : `- ${c}`))].join('\n'),
      );
      return;
    }
    const heading = summary.region ? summary.region.path.join(' › ') : name;
    const body =
      summary.points.length > 0 ? summary.points.map((p) => `• ${p.text}`).join('\n') : summary.summary;
    say([heading, body, ...sourceLines(summary.citations, script)].join('\n'));
    lastCitations = summary.citations;
  };

  const openSource = async (arg: string) => {
    if (lastCitations.length === 0) return say(t(lang, 'noSources'));
    const n = Number(arg);
    const c = lastCitations.find((x) => x.n === n);
    if (!/^\d+$/.test(arg) || !c) return say(t(lang, 'sourceUsage', lastCitations.length));
    const passage = await engine.openPassage(c.articleId, c.start, c.end);
    if (!passage) return say(t(lang, 'passageMissing'));
    const p = passage.paragraph;
    const marked = `${p.slice(0, passage.highlightStart)}【${p.slice(passage.highlightStart, passage.highlightEnd)}】${p.slice(passage.highlightEnd)}`;
    const a = passage.article;
    const editor = a.editor ? `${t(lang, 'editor')} ${a.editor}` : null;
    const meta = [a.title, a.date, a.source, a.author, editor]
      .filter((x): x is string => Boolean(x))
      .join(' · ');
    say([`[${n}] ${meta}`, marked].join('\n'));
  };

  /** Returns false when the session should end. */
  const handle = async (raw: string): Promise<boolean> => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '') {
      say(t(lang, 'chatEmptyLine'));
      return true;
    }
    if (looksBinary(line)) {
      say(t(lang, 'chatNotText'));
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
          say(t(lang, 'chatHelp'));
          return true;
        case 'region':
        case 'summary':
          if (arg.length > maxChars) say(t(lang, 'tooLong', maxChars, arg.length));
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
          say([t(lang, 'articlesHeading'), ...list].join('\n'));
          return true;
        }
        case 'sources':
          say(
            lastCitations.length === 0 ? t(lang, 'noSources') : sourceLines(lastCitations, lang).join('\n'),
          );
          return true;
        case 'source':
          await openSource(arg);
          return true;
        case 'ask':
          if (arg === '') say(t(lang, 'chatEmptyLine'));
          else if (arg.length > maxChars) say(t(lang, 'tooLong', maxChars, arg.length));
          else await ask(arg);
          return true;
        default:
          say(t(lang, 'chatUnknownCommand', `/${name}`));
          return true;
      }
    }
    if (line.length > maxChars) {
      say(t(lang, 'tooLong', maxChars, line.length));
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
        say(t(lang, 'chatError', err instanceof Error ? err.message : String(err)));
      }
      if (!goOn) break;
      if (terminal) rl.prompt();
    }
  } finally {
    rl.close();
  }
  say(t(lang, 'chatBye'));
}
