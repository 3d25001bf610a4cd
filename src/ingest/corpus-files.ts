/**
 * The files of a corpus folder, and a reason for every entry that is not one. Subfolders are read
 * recursively (users keep archives by year); a file's name in the report and its article id are its
 * path relative to the corpus folder with `/` separators, so top-level files keep the ids they had and
 * `2023/a.txt` and `2024/a.txt` stay apart. A symlink is followed only when it resolves to a regular
 * file inside the corpus folder; symlinked folders are not followed, so no folder is read twice.
 */
import { accessSync, constants } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';

/** File names read as articles. */
export const ARTICLE_FILE = /\.(txt|md|text)$/i;

const NOT_ARTICLE = 'not an article file (.txt, .md or .text)';

export interface CorpusListing {
  /** Article files, relative to the corpus folder (`/`-separated), sorted. */
  files: string[];
  /** Every other entry, with why it is not read. */
  skipped: { file: string; reason: string }[];
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException)?.code ?? String(err);

/** What a directory entry is, in words, for entries that are not regular files or folders. */
function kindOf(entry: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isBlockDevice(): boolean;
  isCharacterDevice(): boolean;
}) {
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'an unknown kind of entry';
}

const isInside = (root: string, target: string) => {
  const rel = path.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
};

/**
 * Lists the corpus folder. Throws only when the folder itself cannot be read; everything below it is
 * either listed or reported in `skipped`.
 */
export async function listCorpusFiles(dir: string): Promise<CorpusListing> {
  let root: string;
  try {
    root = await realpath(dir);
    await readdir(root);
  } catch (err) {
    throw new Error(`Cannot read the corpus folder ${dir}: ${errorCode(err)}`);
  }
  const files: string[] = [];
  const skipped: CorpusListing['skipped'] = [];
  // Folders already read, by device and inode: a bind mount or similar cannot make the walk loop.
  const seenFolders = new Set<string>();

  // A synchronous check: microseconds, against a thread-pool round trip per file for the promise API
  // (which dominated listing a large archive); the walk yields to the event loop every few hundred.
  let checked = 0;
  const acceptIfReadable = async (full: string, rel: string) => {
    if (++checked % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    try {
      accessSync(full, constants.R_OK);
      files.push(rel);
    } catch (err) {
      skipped.push({ file: rel, reason: `unreadable (${errorCode(err)})` });
    }
  };

  const walk = async (folder: string, relFolder: string): Promise<void> => {
    const id = await stat(folder).then((s) => `${s.dev}:${s.ino}`);
    if (seenFolders.has(id)) {
      skipped.push({ file: `${relFolder}/`, reason: 'a folder already read (a loop in the folder tree)' });
      return;
    }
    seenFolders.add(id);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (err) {
      skipped.push({ file: `${relFolder}/`, reason: `unreadable folder (${errorCode(err)})` });
      return;
    }
    for (const entry of entries) {
      const rel = relFolder ? `${relFolder}/${entry.name}` : entry.name;
      const full = path.join(folder, entry.name);
      if (entry.name.startsWith('.')) {
        skipped.push({ file: rel, reason: 'hidden (name starts with a dot)' });
      } else if (entry.isDirectory()) {
        await walk(full, rel);
      } else if (entry.isSymbolicLink()) {
        const reason = await symlinkProblem(root, full);
        if (reason) skipped.push({ file: rel, reason });
        else if (!ARTICLE_FILE.test(entry.name)) skipped.push({ file: rel, reason: NOT_ARTICLE });
        else await acceptIfReadable(full, rel);
      } else if (!entry.isFile()) {
        skipped.push({ file: rel, reason: `${kindOf(entry)}, not a regular file` });
      } else if (!ARTICLE_FILE.test(entry.name)) {
        skipped.push({ file: rel, reason: NOT_ARTICLE });
      } else {
        await acceptIfReadable(full, rel);
      }
    }
  };

  await walk(root, '');
  files.sort();
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, skipped };
}

/** Why a symlink is not followed, or null when it resolves to a regular file inside the corpus. */
async function symlinkProblem(root: string, link: string): Promise<string | null> {
  let target: string;
  try {
    target = await realpath(link);
  } catch (err) {
    const code = errorCode(err);
    return code === 'ENOENT'
      ? 'a symlink to nothing (dangling)'
      : `a symlink that cannot be resolved (${code})`;
  }
  if (!isInside(root, target)) return `a symlink to ${target}, outside the corpus folder`;
  const info = await lstat(target);
  if (info.isDirectory()) return 'a symlink to a folder (not followed)';
  if (!info.isFile()) return `a symlink to ${kindOf(info)}, not a regular file`;
  return null;
}
