/**
 * An in-memory store with a time to live and a size bound, for sessions and seen update ids when
 * there is no Redis. grammY's MemorySessionStorage has a TTL but no bound, so 20,000 one-time users
 * would stay in memory until they expire; here the least recently used entry goes first.
 * (A Map iterates in insertion order, so re-inserting on use keeps the oldest first.)
 */
import type { StorageAdapter } from 'grammy';

export class BoundedMemoryStorage<T> implements StorageAdapter<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  read(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  write(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    // Drop from the least recently used end: over the bound, or expired.
    const now = this.now();
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expires > now) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Stores `key` unless it is present and unexpired; true when it was new. */
  addIfAbsent(key: string, value: T): boolean {
    if (this.read(key) !== undefined) return false;
    this.write(key, value);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
