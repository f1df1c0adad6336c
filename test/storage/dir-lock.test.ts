// The data-dir LOCK: of any number of openers racing for a lock whose owner died, exactly one wins,
// in one process (concurrent promises) and across processes; the loser is told who holds it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../emulators/storage/backend/dir-lock.ts';

const TRIALS = 200;
const CHILD = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
const parents: string[] = [];
afterEach(async () => {
  for (const p of parents.splice(0)) await rm(p, { recursive: true, force: true });
});

/** The pid of a process that has exited: its LOCK is stale. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('could not spawn');
  return pid;
}

/** `TRIALS` directories, each holding a LOCK of a dead process (alternately old and new format). */
async function staleDirs(): Promise<string[]> {
  const parent = await mkdtemp(join(tmpdir(), 'gcs-lock-'));
  parents.push(parent);
  const pid = deadPid();
  const dirs: string[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const dir = join(parent, String(i));
    await mkdir(dir);
    await writeFile(join(dir, 'LOCK'), i % 2 ? `${pid}\n` : `${pid} stale-${i}\n`);
    dirs.push(dir);
  }
  return dirs;
}

function lines(stream: NodeJS.ReadableStream): AsyncIterator<string> {
  let buf = '';
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  stream.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let at = buf.indexOf('\n'); at >= 0; at = buf.indexOf('\n')) {
      queue.push(buf.slice(0, at));
      buf = buf.slice(at + 1);
    }
    wake?.();
  });
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return { value: queue.shift()!, done: false };
    },
  };
}

describe('data dir lock', () => {
  it(`${TRIALS} stale locks, two openers each in one process: exactly one wins every time`, async () => {
    const dirs = await staleDirs();
    const results = await Promise.all(dirs.map((d) => Promise.allSettled([lockDataDir(d), lockDataDir(d)])));
    for (const [i, pair] of results.entries()) {
      const won = pair.filter((r) => r.status === 'fulfilled');
      expect(won.length, `trial ${i}`).toBe(1);
      const lost = pair.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(lost.reason)).toContain(`in use by process ${process.pid}`);
      expect((await readFile(join(dirs[i]!, 'LOCK'), 'utf8')).split(' ')[0]).toBe(String(process.pid));
    }
    for (const [i, pair] of results.entries()) {
      await (
        pair.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<() => Promise<void>>
      ).value();
      expect(await readdir(dirs[i]!), `trial ${i} leaves nothing behind`).toEqual([]);
    }
  }, 60_000);

  it(`${TRIALS} stale locks, two processes racing for all of them: exactly one wins each`, async () => {
    const dirs = await staleDirs();
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(dirs)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    try {
      // Both are loaded before either starts: the race is real.
      const outputs = children.map((c) => lines(c.stdout!));
      for (const o of outputs) expect((await o.next()).value).toBe('ready');
      for (const c of children) c.stdin!.write('go\n');
      const reports = await Promise.all(
        outputs.map(async (o) => JSON.parse((await o.next()).value) as { won: number[]; odd: string[] }),
      );
      expect(reports.flatMap((r) => r.odd)).toEqual([]);
      for (let i = 0; i < TRIALS; i++) {
        const winners = children.filter((_, c) => reports[c]!.won.includes(i));
        expect(winners.length, `trial ${i}`).toBe(1);
        const lock = await readFile(join(dirs[i]!, 'LOCK'), 'utf8');
        expect(lock.split(' ')[0], `trial ${i}`).toBe(String(winners[0]!.pid));
      }
    } finally {
      for (const c of children) c.stdin!.end();
      await Promise.all(
        children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
      );
    }
  }, 60_000);
});
