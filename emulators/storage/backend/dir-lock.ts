// One emulator per data directory: a LOCK file holding the owner's pid. A lock left by a process
// that no longer exists (a crash) is taken over; a live owner makes the second open fail clearly.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failedPrecondition } from '../../common/index.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock; resolves to its release function. */
export async function lockDataDir(root: string): Promise<() => Promise<void>> {
  const file = join(root, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw failedPrecondition(
          `Storage data dir ${root} is in use by process ${owner} (remove ${file} if that is not an emulator).`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw failedPrecondition(`Could not lock storage data dir ${root}.`);
}
