/**
 * Regions: `/region <name>` and `/summary <name>` summarise what the reports say about a region;
 * `/region` alone opens a keyboard of covered regions that drills down province → city → county →
 * town (callback data `rg:<child indexes>`, e.g. `rg:0.1`), with a "summarise" button at each level
 * (`rs:<indexes>`). `/regions` and `/articles` list what the corpus covers.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { CoveredRegion } from '../../answer/types.js';
import { replyHtml, type BotContext } from '../context.js';
import { escapeHtml, renderSummary, sourceLine, truncate } from '../format.js';
import { t } from '../../answer/strings/ui.js';
import { citationKeyboard } from './sources.js';

/** Longest region name a user may type; longer input is not a place name. */
const MAX_REGION_CHARS = 50;

/** The node at `path` (child indexes from the root list), or undefined when the tree has changed. */
function nodeAt(tree: CoveredRegion[], path: number[]): CoveredRegion | undefined {
  let level = tree;
  let node: CoveredRegion | undefined;
  for (const i of path) {
    node = level[i];
    if (!node) return undefined;
    level = node.children;
  }
  return node;
}

function parsePath(data: string): number[] | null {
  const body = data.slice(3);
  if (body === '') return [];
  if (!/^\d{1,3}(\.\d{1,3}){0,7}$/.test(body)) return null;
  return body.split('.').map(Number);
}

/** The drill-down message for the node at `path` (the root list when `path` is empty). */
function regionMenu(
  ctx: BotContext,
  tree: CoveredRegion[],
  path: number[],
): { text: string; keyboard: InlineKeyboard } | null {
  const node = path.length ? nodeAt(tree, path) : undefined;
  if (path.length && !node) return null;
  const children = node ? node.children : tree;
  const keyboard = new InlineKeyboard();
  children.forEach((child, i) => {
    if (i > 0 && i % 2 === 0) keyboard.row();
    keyboard.text(truncate(child.name, 20), `rg:${[...path, i].join('.')}`);
  });
  if (node) {
    keyboard.row().text(t(ctx.lang, 'summarizeButton', truncate(node.name, 20)), `rs:${path.join('.')}`);
    keyboard.row().text(t(ctx.lang, 'backButton'), `rg:${path.slice(0, -1).join('.')}`);
  }
  const text = node ? t(ctx.lang, 'chooseSubregion', node.path.join(' › ')) : t(ctx.lang, 'chooseRegion');
  return { text, keyboard };
}

/** The covered regions as an indented list (plain text lines, escaped). */
export function renderRegionTree(tree: CoveredRegion[], depth = 0): string[] {
  return tree.flatMap((node) => [
    `${'  '.repeat(depth)}• ${escapeHtml(node.name)} (${node.articleIds.length})`,
    ...renderRegionTree(node.children, depth + 1),
  ]);
}

async function replyCovered(ctx: BotContext, heading: string): Promise<void> {
  const tree = await ctx.engine.coveredRegions();
  await replyHtml(ctx, `${escapeHtml(heading)}\n${renderRegionTree(tree).join('\n')}`);
}

/** Summarises `name` and replies with it; a region the reports do not cover gets the covered list. */
export async function replySummary(ctx: BotContext, name: string): Promise<void> {
  const result = await ctx.engine.summarize(name, { script: ctx.lang });
  if (result.refused) {
    await replyCovered(ctx, t(ctx.lang, 'notCovered', name));
    return;
  }
  ctx.session.lastCitations = result.citations;
  await replyHtml(ctx, renderSummary(result, ctx.lang), {
    keyboard: citationKeyboard(ctx, result.citations),
  });
}

export function regionFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command(['region', 'summary'], async (ctx) => {
    const name = ctx.match.trim();
    if (name.length > MAX_REGION_CHARS) {
      await ctx.reply(t(ctx.lang, 'regionUsage'));
      return;
    }
    if (name) {
      await replySummary(ctx, name);
      return;
    }
    const menu = regionMenu(ctx, await ctx.engine.coveredRegions(), []);
    await ctx.reply(menu!.text, { reply_markup: menu!.keyboard });
  });

  composer.callbackQuery(/^rg:/, async (ctx) => {
    const path = parsePath(ctx.callbackQuery.data);
    const menu = path ? regionMenu(ctx, await ctx.engine.coveredRegions(), path) : null;
    await ctx.answerCallbackQuery();
    if (!menu) {
      await ctx.reply(t(ctx.lang, 'regionExpired'));
      return;
    }
    await ctx.editMessageText(menu.text, { reply_markup: menu.keyboard }).catch((err: unknown) => {
      if (!/message is not modified/i.test(String(err))) throw err;
    });
  });

  composer.callbackQuery(/^rs:/, async (ctx) => {
    const path = parsePath(ctx.callbackQuery.data);
    const node = path && path.length ? nodeAt(await ctx.engine.coveredRegions(), path) : undefined;
    await ctx.answerCallbackQuery();
    if (!node) {
      await ctx.reply(t(ctx.lang, 'regionExpired'));
      return;
    }
    await replySummary(ctx, node.name);
  });

  composer.command('regions', (ctx) => replyCovered(ctx, t(ctx.lang, 'coveredHeading')));

  composer.command('articles', async (ctx) => {
    const articles = await ctx.engine.articles();
    const lines = articles.map((a, i) => {
      const region = a.region.length ? ` — ${escapeHtml(a.region.join(' › '))}` : '';
      return `${i + 1}. ${sourceLine(a)}${region}`;
    });
    await replyHtml(ctx, `${escapeHtml(t(ctx.lang, 'articlesHeading'))}\n${lines.join('\n')}`);
  });

  return composer;
}
