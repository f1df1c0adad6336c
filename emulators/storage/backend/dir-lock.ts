// One emulator per data directory: a LOCK file holding the owner's pid and a nonce. A lock left by
// a process that no longer exists (a crash) is taken over; a live owner makes the second open fail.
// Every step is one atomic filesystem call, so two processes racing for a stale lock never both win:
// a lock is created by link() (never seen half-written), and replacing a dead owner's lock `L`
// (nonce N) needs the claim file `L.N` first, taken by the same rule; only its holder renames over L.
import { randomUUID } from 'node:crypto';
import { link, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failedPrecondition } from '../../common/index.ts';

interface Owner {
  pid: number;
  nonce: string;
}

type Outcome = { held: true } | { held: false; owner: number };

const RETRIES = 200;
const pause = () => new Promise((r) => setTimeout(r, 10 + Math.random() * 20));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

async function readOwner(file: string): Promise<Owner | undefined> {
  const text = await readFile(file, 'utf8').catch((err) => {
    if (code(err) === 'ENOENT') return undefined;
    throw err;
  });
  if (text === undefined) return undefined;
  // An older emulator wrote the pid alone; its whole text then stands in for the nonce.
  const [pid, nonce = `legacy-${text.trim()}`] = text.trim().split(/\s+/);
  return { pid: Number(pid), nonce };
}

/** A complete file with our pid and nonce, ready to be linked or renamed into place. */
async function ticket(dir: string, me: Owner): Promise<string> {
  const file = join(dir, `LOCK.tmp-${randomUUID()}`);
  await writeFile(file, `${me.pid} ${me.nonce}\n`);
  return file;
}

/** Creates `file` for `me`, or takes it over from a dead owner; reports the live owner otherwise. */
async function claim(dir: string, file: string, me: Owner): Promise<Outcome> {
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const mine = await ticket(dir, me);
    try {
      await link(mine, file);
      return { held: true };
    } catch (err) {
      // ENOENT: the new owner swept our ticket away as debris; look again.
      if (code(err) === 'ENOENT') continue;
      if (code(err) !== 'EEXIST') throw err;
    } finally {
      await rm(mine, { force: true });
    }
    const owner = await readOwner(file);
    if (!owner) continue;
    if (Number.isInteger(owner.pid) && owner.pid > 0 && alive(owner.pid))
      return { held: false, owner: owner.pid };
    // Dead owner: whoever holds `file.N` may replace it. Racing breakers wait for the winner.
    const breaker = `${file}.${owner.nonce}`;
    const broke = await claim(dir, breaker, me);
    if (!broke.held) {
      await pause();
      continue;
    }
    try {
      const now = await readOwner(file);
      if (now?.nonce === owner.nonce) {
        const mine = await ticket(dir, me);
        const renamed = await rename(mine, file).then(
          () => true,
          (err) => (code(err) === 'ENOENT' ? false : Promise.reject(err)),
        );
        if (renamed) return { held: true };
      }
    } finally {
      await rm(breaker, { force: true });
    }
  }
  throw failedPrecondition(`Could not lock ${file}: too much contention.`);
}

/** Takes the directory's lock; resolves to its release function. */
export async function lockDataDir(root: string): Promise<() => Promise<void>> {
  const file = join(root, 'LOCK');
  const me = { pid: process.pid, nonce: randomUUID() };
  const outcome = await claim(root, file, me);
  if (!outcome.held) {
    throw failedPrecondition(
      `Storage data dir ${root} is in use by process ${outcome.owner} (remove ${file} if that is not an emulator).`,
    );
  }
  // Tickets and claims of processes that died mid-lock; live racers whose ticket goes look again.
  for (const entry of await readdir(root)) {
    if (entry.startsWith('LOCK.')) await rm(join(root, entry), { force: true });
  }
  return async () => {
    const owner = await readOwner(file);
    if (owner?.nonce === me.nonce) await rm(file, { force: true });
  };
}
