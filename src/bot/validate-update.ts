/**
 * The webhook body is the bot's outer boundary: anything that is not shaped like a Telegram
 * update (an integer update_id and one object payload) is refused before any feature sees it.
 * The webhook server answers such a body with 400; long polling only receives Telegram's own.
 */
import type { Context, MiddlewareFn } from 'grammy';

export class MalformedUpdateError extends Error {
  override name = 'MalformedUpdateError';
}

/** True for `{ update_id: <integer>, <kind>: { … } }`. */
export function isUpdateShaped(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { update_id, ...rest } = value as Record<string, unknown>;
  if (typeof update_id !== 'number' || !Number.isSafeInteger(update_id)) return false;
  return Object.values(rest).some((v) => typeof v === 'object' && v !== null);
}

/** Middleware throwing MalformedUpdateError for a body that is not an update. */
export const rejectMalformedUpdates: MiddlewareFn<Context> = (ctx, next) => {
  if (!isUpdateShaped(ctx.update)) throw new MalformedUpdateError('not a Telegram update');
  return next();
};
