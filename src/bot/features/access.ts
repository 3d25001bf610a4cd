/**
 * The allowlist: when `config.telegram.allowedChatIds` is non-empty the bot answers nothing outside
 * those chats and leaves any group or channel it is added to. Admins' own private chats stay open
 * so they can always reach /stats and /reindex. Inline queries have no chat: the asking user's id
 * (their private chat's id) must be listed.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';

export function accessFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.use(async (ctx, next) => {
    const { allowedChatIds, adminUserIds } = ctx.config.telegram;
    if (allowedChatIds.length === 0) return next();
    const chatId = ctx.chat?.id ?? ctx.from?.id;
    if (chatId !== undefined && allowedChatIds.includes(chatId)) return next();
    if (ctx.chat?.type === 'private' && ctx.from && adminUserIds.includes(ctx.from.id)) return next();
    ctx.logger.info(
      { chat_id: chatId, chat_type: ctx.chat?.type },
      'update from a chat outside the allowlist ignored',
    );
    const leftAlready =
      ctx.myChatMember && ['left', 'kicked'].includes(ctx.myChatMember.new_chat_member.status);
    if (ctx.chat && ctx.chat.type !== 'private' && !leftAlready) {
      await ctx
        .leaveChat()
        .catch((err: unknown) => ctx.logger.warn({ err, chat_id: chatId }, 'leaving chat failed'));
    }
  });
  return composer;
}
