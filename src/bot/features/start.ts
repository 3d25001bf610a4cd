/** /start and /help: a short intro and the commands, in the user's language. */
import { Composer } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format.js';
import { t, type Lang, type UiKey as StringKey } from '../../answer/strings/ui.js';

const COMMANDS: [command: string, description: StringKey, usage?: string][] = [
  ['start', 'cmdStart'],
  ['help', 'cmdHelp'],
  ['ask', 'cmdAsk', '…'],
  ['sources', 'cmdSources'],
  ['source', 'cmdSource', 'N'],
  ['region', 'cmdRegion', '[…]'],
  ['summary', 'cmdSummary', '…'],
  ['regions', 'cmdRegions'],
  ['articles', 'cmdArticles'],
];

/** The command list for setMyCommands (admin commands are left out on purpose: they are not for everyone). */
export function botCommands(lang: Lang = 'zh-Hans'): BotCommand[] {
  return COMMANDS.map(([command, key]) => ({ command, description: t(lang, key as 'cmdStart') }));
}

/** The help text as Telegram HTML. */
export function helpText(lang: Lang, username: string): string {
  const lines = COMMANDS.map(
    ([command, key, u]) =>
      `/${command}${u ? ` ${escapeHtml(u)}` : ''} — ${escapeHtml(t(lang, key as 'cmdStart'))}`,
  );
  return [
    escapeHtml(t(lang, 'intro')),
    `<b>${escapeHtml(t(lang, 'commandsHeading'))}</b>\n${lines.join('\n')}`,
    escapeHtml(t(lang, 'groupHint')),
    escapeHtml(t(lang, 'inlineHint').replace('{bot}', username)),
  ].join('\n\n');
}

/** Replies with the help text (also used by the fallback for unknown commands). */
export async function replyHelp(ctx: BotContext): Promise<void> {
  await ctx.reply(helpText(ctx.lang, ctx.me.username), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
  });
}

export function startFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command(['start', 'help'], replyHelp);
  return composer;
}
