/**
 * The session middleware: keyed per chat and user, so two people in one group keep separate
 * threads; an update without a sender (an anonymous group admin, a service message) uses the chat
 * alone. Inline queries have no chat and so no session.
 */
import { session, type StorageAdapter } from 'grammy';
import type { BotContext } from './context.js';
import { initialSession, type SessionData } from './session-data.js';

/** `chatId:userId`, `chatId` without a sender, or undefined without a chat (inline queries). */
export function sessionKey(ctx: Pick<BotContext, 'chat' | 'from'>): string | undefined {
  if (!ctx.chat) return undefined;
  return ctx.from ? `${ctx.chat.id}:${ctx.from.id}` : String(ctx.chat.id);
}

/** The session middleware on `storage` (see session-store.ts for the bounded default). */
export function createSession(storage?: StorageAdapter<SessionData>) {
  return session<SessionData, BotContext>({ initial: initialSession, getSessionKey: sessionKey, storage });
}
