/**
 * Sessions in a real Redis server on 127.0.0.1: two bot replicas sharing one store keep a user's
 * follow-up context across them. Needs redis-server (.ci/run installs it from Debian's packages).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { createEngine } from '../../src/answer/engine.js';
import type { Engine } from '../../src/answer/types.js';
import { createBot } from '../../src/bot/index.js';
import { createSessionStore, type SessionStore } from '../../src/bot/session-store.js';
import { createLogger } from '../../src/logger.js';
import { createRecordingApi } from '../helpers/recording-api.js';
import { buildTempIndex, testConfig, type TempIndex } from '../helpers/temp-index.js';
import { BOT_INFO, textUpdate } from '../helpers/updates.js';

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

before(async () => {
  if (!hasRedis) return;
  port = await freePort();
  redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net
        .connect(port, '127.0.0.1', () => (s.end(), resolve(true)))
        .on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  built = await buildTempIndex();
  engine = await createEngine({ config: built.config, logger: silent });
});

after(async () => {
  redis?.kill('SIGTERM');
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

test(
  'an unreachable REDIS_URL fails at start with a message naming it',
  { skip: hasRedis ? false : 'redis-server is not installed' },
  async () => {
    const dead = await freePort();
    const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${dead}` });
    await assert.rejects(createSessionStore(config, silent), /REDIS_URL/);
  },
);
