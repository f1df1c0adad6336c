// Group commit against a real folder: records appended together share one write + fdatasync, later
// ones wait for the next, and a rotation starts a new generation file.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/index.ts';
import { GroupCommitLog, logFileName } from './group-commit-log.ts';
import { decodeRecords, encodeRecord } from './log-record.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function openLog() {
  const dir = await mkdtemp(path.join(tmpdir(), 'group-commit-'));
  dirs.push(dir);
  return { dir, log: new GroupCommitLog(dir, 1, silentLogger) };
}

const rec = (i: number) => encodeRecord({ i }, Buffer.from(`m${i}`));
const seqsIn = async (dir: string, gen: number) =>
  decodeRecords(await readFile(path.join(dir, logFileName(gen)))).records.map((r) => r.header.i);

describe('GroupCommitLog', () => {
  it('writes records appended in one turn as one batch, durable when the barrier resolves', async () => {
    const { dir, log } = await openLog();
    expect(log.barrier()).toBeUndefined();
    for (let i = 0; i < 100; i++) log.append(rec(i));
    await log.barrier();
    expect(log.stats).toEqual({ batches: 1, records: 100 });
    expect(await seqsIn(dir, 1)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(log.barrier()).toBeUndefined();
    await log.close();
  });

  it('gathers what arrives during a write into the next batch, in order', async () => {
    const { dir, log } = await openLog();
    log.append(rec(0));
    const first = log.barrier();
    await new Promise((r) => setImmediate(r)); // the first write is now in flight
    for (let i = 1; i <= 50; i++) log.append(rec(i));
    const second = log.barrier();
    expect(second).not.toBe(first);
    await second;
    expect(log.stats).toEqual({ batches: 2, records: 51 });
    expect(await seqsIn(dir, 1)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    await log.close();
  });

  it('sends records appended after a rotation to the next generation file', async () => {
    const { dir, log } = await openLog();
    log.append(rec(1));
    expect(log.rotate()).toBe(2);
    log.append(rec(2));
    await log.barrier();
    await log.close();
    expect((await readdir(dir)).sort()).toEqual([logFileName(1), logFileName(2)]);
    expect(await seqsIn(dir, 1)).toEqual([1]);
    expect(await seqsIn(dir, 2)).toEqual([2]);
  });
});
