// GCS semantics the client suites rely on: a resumable upload checks the crc32c/md5Hash declared
// at its start; rewrite, copy, compose and uploads keep the destination storageClass as given;
// compose does not invent a contentType.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, call, clientFor, startEmulator } from './helpers.ts';

const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function resumable(url: string, bucket: string, meta: Record<string, unknown>, data: Buffer) {
  const start = await fetch(`${url}/upload/storage/v1/b/${bucket}/o?uploadType=resumable`, json(meta));
  expect(start.status).toBe(200);
  return call(start.headers.get('location')!, { method: 'PUT', body: data });
}

describe('storage semantics', () => {
  it('a resumable upload refuses a declared crc32c or md5Hash that does not match (nothing written)', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('sem'));
    const data = bytes(300_000);
    const crc32c = crc32cOf(data);
    const md5Hash = createHash('md5').update(data).digest('base64');
    const wrongCrc = crc32cOf(Buffer.from('other'));

    const bad = await resumable(emu.url, bucket.name, { name: 'r1', crc32c: wrongCrc }, data);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('CRC32C');
    const badMd5 = await resumable(
      emu.url,
      bucket.name,
      { name: 'r1', md5Hash: 'AAAAAAAAAAAAAAAAAAAAAA==' },
      data,
    );
    expect(badMd5.status).toBe(400);
    expect((await bucket.file('r1').exists())[0]).toBe(false);

    const good = await resumable(emu.url, bucket.name, { name: 'r1', crc32c, md5Hash }, data);
    expect(good.status).toBe(200);
    expect(good.body.crc32c).toBe(crc32c);

    // The official Node client sends the metadata in the session start, like python-storage.
    await expect(
      bucket.file('r2').save(data, { resumable: true, validation: false, metadata: { crc32c: wrongCrc } }),
    ).rejects.toMatchObject({ code: 400 });
    expect((await bucket.file('r2').exists())[0]).toBe(false);
  });

  it('rewrite (setStorageClass), copy and uploads keep the storageClass given; unknown classes are 400', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('sem'));
    const file = bucket.file('obj');
    await file.save('hello', { resumable: false });
    expect((await file.getMetadata())[0].storageClass).toBe('STANDARD');
    await file.setStorageClass('nearline');
    expect((await file.getMetadata())[0].storageClass).toBe('NEARLINE');
    expect((await file.download())[0].toString()).toBe('hello');

    const base = `${emu.url}/storage/v1/b/${bucket.name}/o`;
    const copied = await call(
      `${base}/obj/copyTo/b/${bucket.name}/o/copy`,
      json({ storageClass: 'ARCHIVE' }),
    );
    expect(copied.body.storageClass).toBe('ARCHIVE');
    const rewritten = await call(
      `${base}/obj/rewriteTo/b/${bucket.name}/o/rw`,
      json({ storageClass: 'COLDLINE' }),
    );
    expect(rewritten.body.resource.storageClass).toBe('COLDLINE');
    const bogus = await call(`${base}/obj/rewriteTo/b/${bucket.name}/o/rw2`, json({ storageClass: 'SHINY' }));
    expect(bogus.status).toBe(400);

    await bucket.file('up').save('x', { resumable: false, metadata: { storageClass: 'COLDLINE' } });
    expect((await bucket.file('up').getMetadata())[0].storageClass).toBe('COLDLINE');
    const up = await resumable(
      emu.url,
      bucket.name,
      { name: 'up2', storageClass: 'ARCHIVE' },
      Buffer.from('y'),
    );
    expect(up.body.storageClass).toBe('ARCHIVE');
  });

  it('compose keeps the destination storageClass and has no contentType unless one is given', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('sem'));
    await bucket.file('a').save('A', { resumable: false });
    await bucket.file('b').save('B', { resumable: false });
    const url = (dest: string) => `${emu.url}/storage/v1/b/${bucket.name}/o/${dest}/compose`;
    const sourceObjects = [{ name: 'a' }, { name: 'b' }];

    const bare = await call(url('ab'), json({ sourceObjects, destination: { storageClass: 'NEARLINE' } }));
    expect(bare.status).toBe(200);
    expect(bare.body.storageClass).toBe('NEARLINE');
    expect(bare.body.contentType).toBeUndefined();
    expect((await bucket.file('ab').download())[0].toString()).toBe('AB');

    const typed = await call(url('ab2'), json({ sourceObjects, destination: { contentType: 'text/plain' } }));
    expect(typed.body.contentType).toBe('text/plain');
    expect(typed.body.storageClass).toBe('STANDARD');
  });
});
