/**
 * Finding 15: in-memory sessions expire and are bounded (least recently used go first), and the
 * bot's default session storage is that store, sized from the config.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedMemoryStorage } from '../../src/bot/memory-storage.js';
import { createConfig } from '../../src/config.js';

test('entries expire after the TTL', () => {
  let now = 0;
  const store = new BoundedMemoryStorage<string>(1000, 10, () => now);
  store.write('a', 'x');
  now = 999;
  assert.equal(store.read('a'), 'x');
  now = 2000;
  assert.equal(store.read('a'), undefined);
});

test('the store never holds more than its bound; the least recently used entry goes first', () => {
  const store = new BoundedMemoryStorage<number>(60_000, 3);
  for (let i = 0; i < 20_000; i++) store.write(`user-${i}`, i);
  assert.equal(store.size, 3);
  assert.equal(store.read('user-19999'), 19999);
  store.read('user-19997'); // used: now the most recent
  store.write('new', 0);
  assert.equal(store.read('user-19998'), undefined, 'the least recently used went');
  assert.equal(store.read('user-19997'), 19997);
});

test('expired entries are dropped on write even under the bound', () => {
  let now = 0;
  const store = new BoundedMemoryStorage<number>(1000, 100, () => now);
  for (let i = 0; i < 50; i++) store.write(`k${i}`, i);
  now = 5000;
  store.write('fresh', 1);
  assert.equal(store.size, 1);
});

test('session TTL and bound have defaults and are configurable', () => {
  const defaults = createConfig({}).telegram;
  assert.equal(defaults.sessionTtlSeconds, 7 * 24 * 3600);
  assert.equal(defaults.sessionMaxEntries, 10_000);
  const set = createConfig({ SESSION_TTL_SECONDS: '60', SESSION_MAX_ENTRIES: '5' }).telegram;
  assert.deepEqual([set.sessionTtlSeconds, set.sessionMaxEntries], [60, 5]);
  assert.throws(() => createConfig({ SESSION_MAX_ENTRIES: '0' }), /SESSION_MAX_ENTRIES/);
});
