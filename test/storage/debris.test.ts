// What a crash leaves in a data dir is cleared at the next start (blobs no record points to, temp
// files, torn session descriptors, spool files without one, half-made buckets, lock tickets), and
// resumable sessions expire a week after they start, as GCS's do, at start-up and while running.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { SESSION_TTL_MS } from '../../emulators/storage/service/session-files.ts';
import { eventually } from '../helpers/processes.ts';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function dataDir() {
  const parent = await mkdtemp(join(tmpdir(), 'gcs-debris-'));
  dirs.push(parent);
  return join(parent, 'data');
}

const ls = async (dir: string) => (await readdir(dir)).sort();

async function startSession(url: string, bucket: string, name: string): Promise<string> {
  const res = await call(`${url}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${name}`, {
    method: 'POST',
  });
  expect(res.status).toBe(200);
  return res.headers.get('location')!;
}

const chunk = (uri: string, range: string, body?: Buffer) =>
  call(uri, { method: 'PUT', headers: { 'content-range': range }, body });

describe('storage crash debris', () => {
  it('orphans, temp files and torn descriptors are removed at start; live data and sessions stay', async () => {
    const dir = await dataDir();
    const name = bucketName('debris');
    let uri: string;
    let blobs: string[];
    {
      await using emu = await startEmulator({ dataDir: dir });
      const [bucket] = await clientFor(emu.url).createBucket(name);
      await bucket.file('a').save('alpha', { resumable: false });
      await bucket.file('b').save('beta', { resumable: false });
      uri = await startSession(emu.url, name, 'r');
      expect((await chunk(uri, 'bytes 0-262143/*', Buffer.alloc(262144, 7))).status).toBe(308);
      blobs = await ls(join(dir, 'blobs'));
    }
    const uploads = await ls(join(dir, 'uploads'));
    expect(uploads).toHaveLength(2);
    // What SIGKILL at unlucky moments leaves behind:
    const torn = randomUUID();
    await writeFile(join(dir, 'blobs', randomUUID()), 'uncommitted upload');
    await writeFile(join(dir, 'tmp', randomUUID()), 'half a record');
    await writeFile(join(dir, 'uploads', `${torn}.json`), '');
    await writeFile(join(dir, 'uploads', torn), 'spool of a torn session');
    await writeFile(join(dir, 'uploads', randomUUID()), 'spool without a descriptor');
    await writeFile(join(dir, 'uploads', `${randomUUID()}.json.${randomUUID()}.partial`), '{"buck');
    await writeFile(join(dir, `LOCK.tmp-${randomUUID()}`), '1 x\n');
    await mkdir(join(dir, 'buckets', 'f'.repeat(64), 'objects'), { recursive: true });
    {
      await using emu = await startEmulator({ dataDir: dir, port: Number(new URL(uri).port) });
      expect(await ls(join(dir, 'blobs'))).toEqual(blobs);
      expect(await ls(join(dir, 'tmp'))).toEqual([]);
      expect(await ls(join(dir, 'uploads'))).toEqual(uploads);
      expect((await ls(dir)).filter((f) => f.startsWith('LOCK'))).toEqual(['LOCK']);
      expect(await ls(join(dir, 'buckets'))).toHaveLength(1);
      const bucket = clientFor(emu.url).bucket(name);
      expect((await bucket.file('a').download())[0].toString()).toBe('alpha');
      expect((await bucket.file('b').download())[0].toString()).toBe('beta');
      const last = await chunk(uri, 'bytes 262144-262147/262148', Buffer.from('tail'));
      expect(last.status).toBe(200);
      expect(last.body.size).toBe('262148');
    }
    expect(await ls(join(dir, 'uploads'))).toEqual([]);
  });

  it('a session older than a week is gone after a restart, a younger one still works', async () => {
    const dir = await dataDir();
    const name = bucketName('expire');
    const clock = manualClock(Date.now());
    let old: string;
    let young: string;
    {
      await using emu = await startEmulator({ dataDir: dir, clock });
      await clientFor(emu.url).createBucket(name);
      old = await startSession(emu.url, name, 'old');
      expect((await chunk(old, 'bytes 0-262143/*', Buffer.alloc(262144))).status).toBe(308);
      await clock.advance(2 * 24 * 3600 * 1000);
      young = await startSession(emu.url, name, 'young');
    }
    await clock.advance(SESSION_TTL_MS - 2 * 24 * 3600 * 1000 + 1000);
    await using _emu = await startEmulator({ dataDir: dir, clock, port: Number(new URL(old).port) });
    expect(await ls(join(dir, 'uploads'))).toHaveLength(1);
    expect((await chunk(old, 'bytes */*')).status).toBe(404);
    const done = await chunk(young, 'bytes 0-1/2', Buffer.from('ok'));
    expect(done.status).toBe(200);
    expect(await ls(join(dir, 'uploads'))).toEqual([]);
  });

  it('while running, a session expires one week after it started: its files go and its URI is 404', async () => {
    const dir = await dataDir();
    const clock = manualClock(Date.now());
    await using emu = await startEmulator({ dataDir: dir, clock });
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('ttl'));
    const uri = await startSession(emu.url, bucket.name, 'x');
    expect((await chunk(uri, 'bytes 0-262143/*', Buffer.alloc(262144))).status).toBe(308);
    await clock.advance(SESSION_TTL_MS - 3600 * 1000);
    expect((await chunk(uri, 'bytes */*')).status).toBe(308);
    expect(await ls(join(dir, 'uploads'))).toHaveLength(2);
    await clock.advance(2 * 3600 * 1000);
    // The sweep's file removals finish on their own time.
    expect(await eventually(async () => (await ls(join(dir, 'uploads'))).length === 0)).toBe(true);
    const gone = await chunk(uri, 'bytes 262144-262145/262146', Buffer.from('zz'));
    expect(gone.status).toBe(404);
    const [files] = await bucket.getFiles();
    expect(files).toEqual([]);
  });
});
