/**
 * Where sessions and seen update ids live: in memory by default (one process, TTL and a bound), or
 * in Redis when REDIS_URL is set, so replicas behind one webhook share each user's follow-up
 * context and agree on which updates were already handled.
 *
 * Redis is not essential: sessions only carry follow-up context. When it is down or slow, a read
 * gives a fresh session and a write is dropped after REDIS_TIMEOUT_MS, seen ids fall back to
 * memory, one warning is logged per outage, and ioredis keeps reconnecting in the background.
 */
import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { BoundedMemoryStorage } from './memory-storage.js';
import type { SessionData } from './session-data.js';

/** Update ids are remembered this long: Telegram re-sends a failed webhook call within minutes. */
const SEEN_UPDATE_TTL_SECONDS = 24 * 3600;
/** At most this many update ids in memory. */
const SEEN_UPDATE_MAX = 100_000;
/** How long start-up waits for the first connection before running without Redis. */
const CONNECT_WAIT_MS = 3000;

/** Remembers handled update ids. */
export interface SeenUpdates {
  /** True the first time `key` is seen (across replicas when Redis is configured). */
  firstSeen(key: string): Promise<boolean>;
}

export interface SessionStore {
  storage: StorageAdapter<SessionData>;
  seen: SeenUpdates;
  close(): Promise<void>;
}

/** Seen update ids in memory (TTL and a bound). */
export function memorySeenUpdates(): SeenUpdates & { mark(key: string): boolean } {
  const ids = new BoundedMemoryStorage<true>(SEEN_UPDATE_TTL_SECONDS * 1000, SEEN_UPDATE_MAX);
  const mark = (key: string) => ids.addIfAbsent(key, true);
  return { mark, firstSeen: async (key) => mark(key) };
}

/** `host:port` of a Redis URL, never its password. */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

/** Memory, or Redis when configured; never throws for an unreachable Redis. */
export async function createSessionStore(config: Config, logger: Logger): Promise<SessionStore> {
  const t = config.telegram;
  const url = t.redisUrl;
  const localSeen = memorySeenUpdates();
  if (!url)
    return {
      storage: new BoundedMemoryStorage<SessionData>(t.sessionTtlSeconds * 1000, t.sessionMaxEntries),
      seen: localSeen,
      close: async () => undefined,
    };

  const where = redisAddress(url);
  const redis = new Redis(url, {
    // Fail commands at once while disconnected instead of queueing them behind a reconnect.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(1000, t.redisTimeoutMs),
    commandTimeout: t.redisTimeoutMs,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  // Start-up reports its own outcome below; afterwards each change of state is logged once.
  let starting = true;
  let down = false;
  const markDown = (err: unknown) => {
    if (down) return;
    down = true;
    if (!starting)
      logger.warn(
        { redis: where, err },
        'Redis is unavailable: answering without follow-up context until it is back',
      );
  };
  const markUp = () => {
    if (!down) return;
    down = false;
    if (!starting) logger.info({ redis: where }, 'Redis is back: sessions are stored there again');
  };
  redis.on('error', markDown);
  redis.on('ready', markUp);

  /** Runs a Redis command, or gives `fallback` when Redis is down, slow or failing. */
  const attempt = async <T>(command: () => Promise<T>, fallback: () => T): Promise<T> => {
    if (redis.status !== 'ready') {
      markDown(new Error(`Redis connection is ${redis.status}`));
      return fallback();
    }
    try {
      const value = await command();
      markUp();
      return value;
    } catch (err) {
      markDown(err);
      return fallback();
    }
  };

  const inner = new RedisAdapter<SessionData>({ instance: redis, ttl: t.sessionTtlSeconds });
  const storage: StorageAdapter<SessionData> = {
    read: (key) =>
      attempt(
        () => inner.read(key),
        () => undefined,
      ),
    write: (key, value) =>
      attempt(
        () => inner.write(key, value),
        () => undefined,
      ),
    delete: (key) =>
      attempt(
        () => inner.delete(key),
        () => undefined,
      ),
  };
  const seen: SeenUpdates = {
    firstSeen: (key) =>
      attempt(
        async () => {
          const fresh = (await redis.set(`seen:${key}`, '1', 'EX', SEEN_UPDATE_TTL_SECONDS, 'NX')) === 'OK';
          localSeen.mark(key);
          return fresh;
        },
        () => localSeen.mark(key),
      ),
  };

  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS);
    redis.once('ready', () => (clearTimeout(timer), resolve(true)));
    redis.once('error', () => (clearTimeout(timer), resolve(false)));
  });
  starting = false;
  down = !ready;
  if (ready) logger.info({ redis: where }, 'sessions are stored in Redis');
  else
    logger.warn(
      { redis: where },
      `cannot connect to Redis at ${where}: running without follow-up context until it is reachable`,
    );
  return {
    storage,
    seen,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
