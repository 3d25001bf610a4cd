/**
 * One build at a time on object storage, where the local lock file cannot be seen by other hosts.
 * The lock is a LanceDB table, `build_lock`, created with mode "create": the create fails when
 * the table exists, and LanceDB commits a table's first version with a conditional write
 * (put-if-absent) on stores that support it (S3, GCS, Azure), so two builders cannot both create it.
 * The holder renews a lease while it builds; a builder that died leaves a lease that expires, after
 * which the next build takes the lock over.
 */
import './quiet.js';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { connectIndex } from './store.js';

export const LOCK_TABLE = 'build_lock';

export class BuildLockedError extends Error {
  constructor(uri: string, holder: string, until: Date) {
    super(
      `Another build (${holder}) is writing ${uri}; the index is unchanged. Try again when it ends ` +
        `(its lock lapses at ${until.toISOString()} if that build died).`,
    );
    this.name = 'BuildLockedError';
  }
}

/** Takes the lock or throws BuildLockedError; resolves to the release function. */
export async function acquireRemoteLock(uri: string, leaseMs: number): Promise<() => Promise<void>> {
  const db = await connectIndex(uri);
  const owner = `${os.hostname()} pid ${process.pid} ${randomUUID().slice(0, 8)}`;
  const lease = () => ({ owner, expiresAt: Date.now() + leaseMs });
  for (let attempt = 0; ; attempt++) {
    try {
      await db.createTable(LOCK_TABLE, [lease()], { mode: 'create' });
      break;
    } catch (err) {
      if (!/already exists/i.test(String(err)) || attempt > 0) throw err;
      const rows = await (
        await db.openTable(LOCK_TABLE)
      )
        .query()
        .toArray()
        .catch(() => []);
      const holder = rows[0] as { owner?: unknown; expiresAt?: unknown } | undefined;
      const until = Number(holder?.expiresAt ?? 0);
      if (until > Date.now()) throw new BuildLockedError(uri, String(holder?.owner), new Date(until));
      // The holder's lease ran out (a build that died): take the lock over.
      await db.dropTable(LOCK_TABLE).catch(() => undefined);
    }
  }
  const table = await db.openTable(LOCK_TABLE);
  const renew = setInterval(() => {
    void table.add([lease()], { mode: 'overwrite' }).catch(() => undefined);
  }, leaseMs / 3);
  renew.unref();
  return async () => {
    clearInterval(renew);
    await db.dropTable(LOCK_TABLE).catch(() => undefined);
  };
}
