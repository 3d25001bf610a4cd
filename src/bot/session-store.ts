/**
 * Where sessions live: in memory by default (one process), or in Redis when REDIS_URL is set, so
 * replicas behind one webhook share each user's follow-up context.
 */
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SessionData } from './session.js';

/** Sessions expire after a week without a message. */
const SESSION_TTL_SECONDS = 7 * 24 * 3600;

export interface SessionStore {
  /** Undefined: grammY's in-memory storage. */
  storage?: StorageAdapter<SessionData>;
  close(): Promise<void>;
}

/** Connects to Redis when configured (failing fast and clearly when it cannot), else memory. */
export async function createSessionStore(config: Config, logger: Logger): Promise<SessionStore> {
  const url = config.telegram.redisUrl;
  if (!url) return { close: async () => undefined };
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 });
  redis.on('error', (err: Error) => logger.warn({ err }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(err as Error).message})`, { cause: err });
  }
  logger.info('sessions are stored in Redis');
  return {
    storage: new RedisAdapter<SessionData>({ instance: redis, ttl: SESSION_TTL_SECONDS }),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
