// buckets.insert/get/list/patch/delete, name validation and versioning, via client and fetch.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, PROJECT, startEmulator } from './helpers.ts';

describe('storage buckets', () => {
  it('insert, get, list, patch (metageneration++, versioning, labels) and delete', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const name = bucketName('bk');
    const [bucket] = await storage.createBucket(name, { versioning: { enabled: true } });
    const [meta] = await bucket.getMetadata();
    expect(meta.name).toBe(name);
    expect(meta.versioning?.enabled).toBe(true);
    expect(meta.metageneration).toBe('1');

    const [patched] = await bucket.setMetadata({ labels: { team: 'a' }, versioning: { enabled: false } });
    expect(patched.metageneration).toBe('2');
    expect(patched.labels).toEqual({ team: 'a' });
    expect(patched.versioning?.enabled).toBe(false);

    const other = bucketName('bk2');
    await storage.createBucket(other);
    const [list] = await storage.getBuckets({ prefix: 't-bk' });
    expect(list.map((b) => b.name).sort()).toEqual([name, other].sort());

    // Pagination over the raw API.
    const page1 = await call(`${emu.url}/storage/v1/b?project=${PROJECT}&maxResults=1&prefix=t-bk`);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await call(
      `${emu.url}/storage/v1/b?project=${PROJECT}&maxResults=1&prefix=t-bk&pageToken=${page1.body.nextPageToken}`,
    );
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextPageToken).toBeUndefined();

    // Settings the emulator stores without acting on them round-trip (the client reads them back).
    await bucket.addLifecycleRule({ action: { type: 'Delete' }, condition: { age: 30 } });
    await bucket.setCorsConfiguration([{ origin: ['*'], method: ['GET'] }]);
    const [withRules] = await bucket.getMetadata();
    expect(withRules.lifecycle?.rule).toEqual([{ action: { type: 'Delete' }, condition: { age: 30 } }]);
    expect(withRules.cors).toEqual([{ origin: ['*'], method: ['GET'] }]);
    expect(withRules.metageneration).toBe('4');

    // buckets.update (PUT) replaces: labels not sent are gone.
    const put = await call(`${emu.url}/storage/v1/b/${name}`, {
      method: 'PUT',
      body: JSON.stringify({ versioning: { enabled: true } }),
    });
    expect(put.body).toMatchObject({ metageneration: '5', versioning: { enabled: true } });
    expect(put.body.labels).toBeUndefined();
    expect(put.body.lifecycle).toBeUndefined();

    await bucket.delete();
    const [exists] = await bucket.exists();
    expect(exists).toBe(false);
  });

  it('409 on duplicate create and on deleting a non-empty bucket; 404 for missing buckets', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const name = bucketName('dup');
    const [bucket] = await storage.createBucket(name);
    await expect(storage.createBucket(name)).rejects.toMatchObject({ code: 409 });
    await bucket.file('x').save('x', { resumable: false });
    await expect(bucket.delete()).rejects.toMatchObject({ code: 409 });
    const raw = await call(`${emu.url}/storage/v1/b/${name}`, { method: 'DELETE' });
    expect(raw.status).toBe(409);
    expect(raw.body.error.errors[0]).toMatchObject({ domain: 'global', reason: 'conflict' });
    await bucket.file('x').delete();
    await bucket.delete();
    const missing = await call(`${emu.url}/b/${name}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 404, errors: [{ reason: 'notFound' }] });
  });

  it('rejects invalid bucket names with 400', async () => {
    await using emu = await startEmulator();
    for (const bad of [
      'ab',
      'UPPER',
      '-dash',
      'has space',
      '192.168.1.1',
      'googbucket',
      'a'.repeat(64),
      '',
    ]) {
      const res = await call(`${emu.url}/storage/v1/b?project=${PROJECT}`, {
        method: 'POST',
        body: JSON.stringify({ name: bad }),
      });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.errors[0].reason).toBe('invalid');
    }
    const ok = await call(`${emu.url}/b?project=${PROJECT}`, {
      method: 'POST',
      body: JSON.stringify({ name: 'dotted.bucket-name_ok' }),
    });
    expect(ok.status).toBe(200);
  });

  it('bucket metageneration preconditions: 412 with a GCS error body', async () => {
    await using emu = await startEmulator();
    const name = bucketName('bpre');
    await clientFor(emu.url).createBucket(name);
    const res = await call(`${emu.url}/storage/v1/b/${name}?ifMetagenerationMatch=7`, {
      method: 'PATCH',
      body: JSON.stringify({ labels: { a: 'b' } }),
    });
    expect(res.status).toBe(412);
    expect(res.body.error).toMatchObject({
      code: 412,
      errors: [{ domain: 'global', reason: 'conditionNotMet' }],
    });
    const ok = await call(`${emu.url}/storage/v1/b/${name}?ifMetagenerationMatch=1`, {
      method: 'PATCH',
      body: JSON.stringify({ labels: { a: 'b' } }),
    });
    expect(ok.body.metageneration).toBe('2');
  });
});
