// The backend contract, run against both implementations: records by generation, blobs with
// ranges and hashes, notification configs, and (directory only) reopening the same data.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageBackend } from '../../emulators/storage/backend/backend.ts';
import { openDirectoryBackend } from '../../emulators/storage/backend/directory-backend.ts';
import { openMemoryBackend } from '../../emulators/storage/backend/memory-backend.ts';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { ContentHasher } from '../../emulators/storage/hash/hashing.ts';
import type { BucketRecord, ObjectRecord } from '../../emulators/storage/service/records.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function newDir() {
  const d = await mkdtemp(join(tmpdir(), 'gcs-backend-'));
  dirs.push(d);
  return d;
}

const bucket: BucketRecord = {
  name: 'b1',
  project: 'p',
  created: 1,
  updated: 1,
  metageneration: 1,
  versioning: false,
  labels: {},
  storageClass: 'STANDARD',
  location: 'US',
};

async function* pieces(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

async function readAll(stream: AsyncIterable<Uint8Array>) {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(Buffer.from(c));
  return Buffer.concat(out).toString();
}

const kinds: [string, () => Promise<StorageBackend>][] = [
  ['memory', () => openMemoryBackend()],
  ['directory', async () => openDirectoryBackend(await newDir())],
];

describe.each(kinds)('%s backend contract', (_kind, open) => {
  it('stores records per generation and blobs with hashes and ranges', async () => {
    const backend = await open();
    await backend.putBucket(bucket);
    const blob = await backend.writeBlob(pieces('hello ', 'world'));
    expect(blob).toMatchObject({ size: 11, crc32c: crc32cOf(Buffer.from('hello world')) });
    expect(await readAll(backend.readBlob(blob.blobId, { start: 6, end: 10 }))).toBe('world');
    expect(await readAll(backend.readBlob(blob.blobId))).toBe('hello world');
    const rec = (generation: number, live: boolean): ObjectRecord => ({
      bucket: 'b1',
      name: 'a/../b',
      generation,
      metageneration: 1,
      size: 11,
      crc32c: blob.crc32c,
      blobId: blob.blobId,
      storageClass: 'STANDARD',
      created: 1,
      updated: 1,
      live,
    });
    await backend.putObject(rec(5, false));
    await backend.putObject(rec(7, true));
    expect((await backend.getObject('b1', 'a/../b'))?.generation).toBe(7);
    expect((await backend.getObject('b1', 'a/../b', 5))?.live).toBe(false);
    expect(await backend.listObjects('b1')).toHaveLength(2);
    await backend.deleteObject('b1', 'a/../b', 5);
    expect(await backend.getObject('b1', 'a/../b', 5)).toBeUndefined();
    await backend.putNotification({
      id: '1',
      bucket: 'b1',
      topic: 'projects/p/topics/t',
      eventTypes: [],
      customAttributes: {},
      payloadFormat: 'NONE',
      etag: 'e',
    });
    expect(await backend.listNotifications('b1')).toHaveLength(1);
    await backend.deleteNotification('b1', '1');
    expect(await backend.listNotifications('b1')).toHaveLength(0);
    await backend.deleteBlob(blob.blobId);
    await backend.close();
  });

  it('adopts a finished spool file as a blob', async () => {
    const backend = await open();
    const file = join(await backend.spoolDir(), 'spool-test');
    await writeFile(file, 'spooled bytes');
    const hasher = new ContentHasher();
    hasher.update(Buffer.from('spooled bytes'));
    const blob = await backend.adoptBlob(file, hasher.digest());
    expect(blob.size).toBe(13);
    expect(await readAll(backend.readBlob(blob.blobId))).toBe('spooled bytes');
    await backend.close();
  });
});

describe('directory backend reopen', () => {
  it('reloads buckets, objects and notification configs from disk', async () => {
    const dir = await newDir();
    const first = await openDirectoryBackend(dir);
    await first.putBucket(bucket);
    const blob = await first.writeBlob(pieces('persisted'));
    await first.putObject({
      bucket: 'b1',
      name: '/etc/passwd',
      generation: 3,
      metageneration: 2,
      size: 9,
      crc32c: blob.crc32c,
      md5Hash: blob.md5Hash,
      blobId: blob.blobId,
      storageClass: 'STANDARD',
      created: 1,
      updated: 2,
      live: true,
      metadata: { k: 'v' },
    });
    await first.putNotification({
      id: '4',
      bucket: 'b1',
      topic: 'projects/p/topics/t',
      eventTypes: ['OBJECT_DELETE'],
      customAttributes: { a: 'b' },
      payloadFormat: 'JSON_API_V1',
      objectNamePrefix: 'x/',
      etag: 'e',
    });
    await first.close();
    const second = await openDirectoryBackend(dir);
    expect(await second.listNotifications('b1')).toEqual([
      expect.objectContaining({ id: '4', eventTypes: ['OBJECT_DELETE'], objectNamePrefix: 'x/' }),
    ]);
    expect(await second.getBucket('b1')).toEqual(bucket);
    const rec = await second.getObject('b1', '/etc/passwd');
    expect(rec).toMatchObject({ generation: 3, metageneration: 2, metadata: { k: 'v' } });
    expect(await readAll(second.readBlob(rec!.blobId))).toBe('persisted');
    await second.deleteBucket('b1');
    // One emulator per data dir: a second open while the first is alive is refused.
    await expect(openDirectoryBackend(dir)).rejects.toThrow(/in use by process/);
    await second.close();
    const third = await openDirectoryBackend(dir);
    expect(await third.listBuckets()).toEqual([]);
    await third.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = await newDir();
    await writeFile(join(dir, 'LOCK'), '2147483646');
    const backend = await openDirectoryBackend(dir);
    await backend.close();
  });
});
