/**
 * Sessions in a real Redis server on 127.0.0.1: two bot replicas sharing one store keep a user's
 * follow-up context across them; an outage (the server killed, then restarted) costs only the
 * context; duplicates are handled once across replicas. Needs redis-server (.ci/run installs it).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { createEngine } from '../../src/answer/engine.js';
import type { Engine } from '../../src/answer/types.js';
import { createBot } from '../../src/bot/index.js';
import { createSessionStore, type SessionStore } from '../../src/bot/session-store.js';
import { createLogger } from '../../src/logger.js';
import { createRecordingApi } from '../helpers/recording-api.js';
import { buildTempIndex, testConfig, type TempIndex } from '../helpers/temp-index.js';
import { BOT_INFO, USER, textUpdate } from '../helpers/updates.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const silent = createLogger('silent');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

let redis: ChildProcess | undefined;
let port = 0;
let built: TempIndex;
let engine: Engine;

function isUp(p: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect(p, '127.0.0.1', () => (s.end(), resolve(true))).on('error', () => resolve(false));
  });
}

/** Starts redis-server on `port` and waits until it accepts connections. */
async function startRedis(): Promise<void> {
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && !(await isUp(port)); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Kills redis-server (as a crash would) and waits until it is gone. */
async function killRedis(): Promise<void> {
  const proc = redis;
  if (!proc || proc.exitCode !== null) return;
  const gone = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await gone;
}

before(async () => {
  if (!hasRedis) return;
  port = await freePort();
  await startRedis();
  built = await buildTempIndex();
  engine = await createEngine({ config: built.config, logger: silent });
});

after(async () => {
  await killRedis();
  await engine?.close();
  await built?.cleanup();
});

test(
  'two replicas sharing Redis carry a follow-up across them',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, INDEX_URI: built.config.indexUri });
    const stores: SessionStore[] = [
      await createSessionStore(config, silent),
      await createSessionStore(config, silent),
    ];
    try {
      const replicas = stores.map((store) => {
        const api = createRecordingApi();
        const bot = createBot('123:test', {
          engine,
          config,
          logger: silent,
          botInfo: BOT_INFO,
          sessionStorage: store.storage,
          apiTransformers: [api.transformer],
        });
        return { bot, api };
      });
      await replicas[0]!.bot.handleUpdate(textUpdate('勐腊县有多少名党员?'));
      await replicas[1]!.bot.handleUpdate(textUpdate('那凤庆呢?'));
      const reply = replicas[1]!.api.texts().at(-1)!;
      assert.match(
        reply,
        /凤庆/,
        'the second replica answered about 凤庆 with the first question carried over',
      );
      const buttons = JSON.stringify(replicas[1]!.api.of('sendMessage').at(-1)!.reply_markup);
      assert.match(buttons, /001_/, 'and cites the 凤庆 article');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  },
);

/** A pino logger recording its lines. */
function recordingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
  return { logger, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test(
  'finding 2: an unreachable REDIS_URL at start warns with host:port (never the password) and runs',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    const dead = await freePort();
    const log = recordingLogger();
    const config = testConfig({
      REDIS_URL: `redis://:s3cretPassw0rd@127.0.0.1:${dead}`,
      INDEX_URI: built.config.indexUri,
    });
    const store = await createSessionStore(config, log.logger);
    try {
      const warning = log.records().find((r) => r.level === 40);
      assert.ok(warning, log.lines.join(''));
      assert.match(String(warning.msg), new RegExp(`127\\.0\\.0\\.1:${dead}`));
      assert.ok(!log.lines.join('').includes('s3cretPassw0rd'), 'the password is never logged');
      // The bot answers, without follow-up context.
      const api = createRecordingApi();
      const bot = createBot('123:test', {
        engine,
        config,
        logger: log.logger,
        botInfo: BOT_INFO,
        sessionStorage: store.storage,
        seenUpdates: store.seen,
        apiTransformers: [api.transformer],
      });
      await bot.handleUpdate(textUpdate('凤庆县有多少名党员?'));
      assert.match(api.texts().at(-1)!, /20000/);
    } finally {
      await store.close();
    }
  },
);

test(
  'finding 2: Redis killed mid-run: answers without context, one warning per outage, Redis used again once back',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    const log = recordingLogger();
    const config = testConfig({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      INDEX_URI: built.config.indexUri,
      REDIS_TIMEOUT_MS: '300',
    });
    const store = await createSessionStore(config, log.logger);
    const api = createRecordingApi();
    const bot = createBot('123:test', {
      engine,
      config,
      logger: log.logger,
      botInfo: BOT_INFO,
      sessionStorage: store.storage,
      seenUpdates: store.seen,
      apiTransformers: [api.transformer],
    });
    const user = { ...USER, id: 4242_01 };
    try {
      await bot.handleUpdate(textUpdate('勐腊县有多少名党员?', { from: user }));
      await killRedis();
      for (const q of ['凤庆县有多少名党员?', '昌都市建立了多少个村级便民服务站点?']) {
        await bot.handleUpdate(textUpdate(q, { from: user }));
        assert.doesNotMatch(api.texts().at(-1)!, /出错|抱歉/, 'an answer, not the apology');
      }
      assert.match(api.texts().at(-2)!, /20000/);
      assert.match(api.texts().at(-1)!, /728/);
      const outages = log.records().filter((r) => /Redis is unavailable/.test(String(r.msg)));
      assert.equal(outages.length, 1, 'one warning for the outage');

      await startRedis();
      const deadline = Date.now() + 10_000;
      while (!log.records().some((r) => /Redis is back/.test(String(r.msg))) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(
        log.records().some((r) => /Redis is back/.test(String(r.msg))),
        'reconnected',
      );
      // Context is kept in Redis again: a follow-up works after a question asked now.
      await bot.handleUpdate(textUpdate('勐腊县有多少名党员?', { from: user }));
      await bot.handleUpdate(textUpdate('那凤庆呢?', { from: user }));
      assert.match(api.texts().at(-1)!, /凤庆/);
      const probe = new Redis(`redis://127.0.0.1:${port}`);
      try {
        const ttl = await probe.ttl(`${user.id}:${user.id}`);
        assert.ok(ttl > 0 && ttl <= config.telegram.sessionTtlSeconds, `session TTL in Redis: ${ttl}`);
      } finally {
        probe.disconnect();
      }
    } finally {
      await store.close();
    }
  },
);

test(
  'finding 2: a Redis that hangs (SIGSTOP) costs one short timeout per command, not the answer',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    if (!redis || redis.exitCode !== null) await startRedis();
    const log = recordingLogger();
    const config = testConfig({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      INDEX_URI: built.config.indexUri,
      REDIS_TIMEOUT_MS: '300',
    });
    const store = await createSessionStore(config, log.logger);
    const api = createRecordingApi();
    const bot = createBot('123:test', {
      engine,
      config,
      logger: log.logger,
      botInfo: BOT_INFO,
      sessionStorage: store.storage,
      seenUpdates: store.seen,
      apiTransformers: [api.transformer],
    });
    redis!.kill('SIGSTOP');
    try {
      await bot.handleUpdate(textUpdate('凤庆县有多少名党员?', { from: { ...USER, id: 4242_03 } }));
      assert.match(api.texts().at(-1)!, /20000/);
      assert.equal(log.records().filter((r) => /Redis is unavailable/.test(String(r.msg))).length, 1);
    } finally {
      redis!.kill('SIGCONT');
      await store.close();
    }
  },
);

test(
  'finding 5: two replicas sharing Redis handle a duplicated update once',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, INDEX_URI: built.config.indexUri });
    const stores = [await createSessionStore(config, silent), await createSessionStore(config, silent)];
    try {
      const apis = stores.map(() => createRecordingApi());
      const bots = stores.map((store, i) =>
        createBot('123:test', {
          engine,
          config,
          logger: silent,
          botInfo: BOT_INFO,
          sessionStorage: store.storage,
          seenUpdates: store.seen,
          apiTransformers: [apis[i]!.transformer],
        }),
      );
      const update = textUpdate('凤庆县有多少名党员?', { from: { ...USER, id: 4242_02 } });
      await Promise.all(bots.map((b) => b.handleUpdate(structuredClone(update))));
      const answers = apis.flatMap((a) => a.texts()).filter((t) => /20000/.test(t));
      assert.equal(answers.length, 1);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  },
);
