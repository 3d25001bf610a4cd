/**
 * Last in the chain: an unknown command gets the help, in a private chat or when it names this bot
 * (`/foo@thisbot`); an unknown button press is acknowledged; anything else that reached here was not
 * meant for the bot and gets no reply.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { replyHelp } from './start.js';

export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:text', async (ctx) => {
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(ctx.msg.text);
    if (!command) return;
    const target = command[1]?.slice(1).toLowerCase();
    const forUs =
      target === undefined ? ctx.chat.type === 'private' : target === ctx.me.username.toLowerCase();
    if (forUs) await replyHelp(ctx);
  });
  // A button from an old or forged message: stop the client's spinner, do nothing else.
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return composer;
}
