/**
 * File stamps: a hint that lets a build skip reading and hashing corpus files that have not been
 * touched since an earlier build. Per article file, its stamp (size, mtime, ctime, inode, device)
 * and the content hash its bytes had then, in a small `file_stamps` table beside the index.
 *
 * The table is not part of any snapshot (readers never open it, the manifest does not name it) and it
 * is never trusted alone: a stamp counts only when the file's stamp is identical now *and* the hash
 * it recorded is the one the committed `articles` table holds for that file. So a stale or torn
 * table (a build killed after writing it) can only cost a re-hash, never a missed change; a missing
 * or unreadable one means every file is hashed, as without it. Any write to a file's content moves
 * its ctime (which no user call can set back), so a same-size edit with a restored mtime is caught.
 */
import * as lancedb from '@lancedb/lancedb';
import { makeArrowTable } from '@lancedb/lancedb';
import { Field, Schema, Utf8 } from 'apache-arrow';
import type { BigIntStats } from 'node:fs';
import { openIfExists } from './store.js';

export const FILE_STAMPS_TABLE = 'file_stamps';

const schema = new Schema([
  new Field('file', new Utf8(), false),
  new Field('stamp', new Utf8(), false),
  new Field('contentHash', new Utf8(), false),
]);

export interface FileStamp {
  stamp: string;
  contentHash: string;
}

/**
 * A file changed less than this long before it was looked at is not stamped: a write landing in the
 * same clock tick as an earlier one leaves its times unchanged (git's "racy clean" problem).
 */
export const SETTLE_MS = 2_000;

/** The stamp of a file's metadata: equal stamps mean no write reached the file in between. */
export function stampOf(info: BigIntStats): string {
  return `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}:${info.dev}`;
}

/** True when the file's last change is older than `settleMs` before `seenAt` (so its stamp can be trusted). */
export function isSettled(info: BigIntStats, seenAt: number, settleMs = SETTLE_MS): boolean {
  const changedMs = Number((info.ctimeNs > info.mtimeNs ? info.ctimeNs : info.mtimeNs) / 1_000_000n);
  return changedMs < seenAt - settleMs;
}

/** The stamps recorded by an earlier build; empty when there are none or they cannot be read. */
export async function readFileStamps(db: lancedb.Connection): Promise<Map<string, FileStamp>> {
  const out = new Map<string, FileStamp>();
  try {
    const table = await openIfExists(db, FILE_STAMPS_TABLE);
    if (!table) return out;
    const data = await table.query().select(['file', 'stamp', 'contentHash']).toArrow();
    const [file, stamp, hash] = ['file', 'stamp', 'contentHash'].map((n) => data.getChild(n)!.toArray());
    for (let i = 0; i < data.numRows; i++)
      out.set(String(file![i]), { stamp: String(stamp![i]), contentHash: String(hash![i]) });
  } catch {
    // A hint only: without it every file is hashed.
    out.clear();
  }
  return out;
}

/**
 * True when `next` holds a stamp that `recorded` lacks or records differently. Stamps only in
 * `recorded` (files removed, changed within the settle window) do not call for a write: they no
 * longer match any file and are dropped with the next write.
 */
export function hasNewStamps(next: Map<string, FileStamp>, recorded: Map<string, FileStamp>): boolean {
  for (const [file, s] of next) {
    const r = recorded.get(file);
    if (!r || r.stamp !== s.stamp || r.contentHash !== s.contentHash) return true;
  }
  return false;
}

/**
 * Replaces the recorded stamps (one commit) and drops the table's older versions (only builds read
 * it, one at a time). A table damaged beyond overwriting is dropped and made anew.
 */
export async function writeFileStamps(db: lancedb.Connection, stamps: Map<string, FileStamp>): Promise<void> {
  const rows = [...stamps].map(([file, s]) => ({ file, stamp: s.stamp, contentHash: s.contentHash }));
  const data = () => makeArrowTable(rows, { schema });
  let table: lancedb.Table;
  try {
    table = await db.createTable(FILE_STAMPS_TABLE, data(), { mode: 'overwrite' });
  } catch {
    await db.dropTable(FILE_STAMPS_TABLE).catch(() => undefined);
    table = await db.createTable(FILE_STAMPS_TABLE, data());
  }
  await table.optimize({ cleanupOlderThan: new Date() }).catch(() => undefined);
}
