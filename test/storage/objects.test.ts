// Object metadata (get/patch/update with metageneration), deletes (by generation too),
// versioning, and preconditions on every mutating call.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

describe('storage objects', () => {
  it('patch merges metadata and update replaces it; metageneration increments', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('meta'));
    const file = bucket.file('doc.json');
    await file.save('{}', {
      resumable: false,
      metadata: { contentType: 'application/json', metadata: { a: '1' } },
    });
    const [m1] = await file.getMetadata();
    expect(m1.metageneration).toBe('1');
    const [m2] = await file.setMetadata({ metadata: { b: '2' }, cacheControl: 'no-cache' });
    expect(m2.metageneration).toBe('2');
    expect(m2.metadata).toEqual({ a: '1', b: '2' });
    expect(m2.cacheControl).toBe('no-cache');
    expect(m2.generation).toBe(m1.generation);
    const [m3] = await file.setMetadata({ metadata: { a: null } });
    expect(m3.metadata).toEqual({ b: '2' });
    // objects.update (PUT) replaces writable fields.
    const put = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/doc.json`, {
      method: 'PUT',
      body: JSON.stringify({ contentType: 'text/plain' }),
    });
    expect(put.status).toBe(200);
    expect(put.body.metageneration).toBe('4');
    expect(put.body.contentType).toBe('text/plain');
    expect(put.body.metadata).toBeUndefined();
    expect(put.body.cacheControl).toBeUndefined();
  });

  it('preconditions on upload, patch, delete: 0 means must not exist; 412 body is GCS-shaped', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('pre'));
    const file = bucket.file('p');
    await file.save('one', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
    await expect(
      file.save('two', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toMatchObject({ code: 412 });
    await expect(
      file.save('two', { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } }),
    ).rejects.toThrow();
    const [meta] = await file.getMetadata();
    const gen = meta.generation;
    const base = `${emu.url}/storage/v1/b/${bucket.name}/o/p`;
    for (const [method, query] of [
      ['PATCH', 'ifGenerationMatch=1'],
      ['PATCH', `ifGenerationNotMatch=${gen}`],
      ['PATCH', 'ifMetagenerationMatch=5'],
      ['PATCH', 'ifMetagenerationNotMatch=1'],
      ['PUT', 'ifMetagenerationMatch=5'],
      ['DELETE', 'ifGenerationMatch=1'],
      ['DELETE', 'ifMetagenerationNotMatch=1'],
      ['GET', 'ifGenerationMatch=1'],
    ] as const) {
      const res = await call(`${base}?${query}`, {
        method,
        body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
      });
      expect(res.status, `${method} ${query}`).toBe(412);
      expect(res.body.error).toMatchObject({
        code: 412,
        errors: [{ domain: 'global', reason: 'conditionNotMet' }],
      });
    }
    const media = await call(
      `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=p&ifGenerationMatch=${Number(gen) + 1}`,
      { method: 'POST', body: 'x' },
    );
    expect(media.status).toBe(412);
    const ok = await call(`${base}?ifGenerationMatch=${gen}&ifMetagenerationMatch=1`, {
      method: 'PATCH',
      body: JSON.stringify({ metadata: { k: 'v' } }),
    });
    expect(ok.status).toBe(200);
    const [contents] = await file.download();
    expect(contents.toString()).toBe('one');
    // Reads answer a failed *NotMatch like If-None-Match: 304 without a body.
    for (const q of [`ifGenerationNotMatch=${gen}`, 'ifMetagenerationNotMatch=2']) {
      const meta = await fetch(`${base}?${q}`);
      expect(meta.status, q).toBe(304);
      const media = await fetch(`${base}?alt=media&${q}`);
      expect(media.status, q).toBe(304);
      expect(await media.text()).toBe('');
    }
    expect((await fetch(`${base}?alt=media&ifGenerationNotMatch=1`)).status).toBe(200);
    const invalid = await call(`${base}?ifGenerationMatch=abc`);
    expect(invalid.status).toBe(400);
  });

  it('versioned buckets keep noncurrent generations; delete by generation removes one', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('ver'), {
      versioning: { enabled: true },
    });
    const file = bucket.file('v.txt');
    await file.save('v1', { resumable: false });
    await file.save('v2', { resumable: false });
    await file.save('v3', { resumable: false });
    const [all] = await bucket.getFiles({ versions: true });
    expect(all.map((f) => f.name)).toEqual(['v.txt', 'v.txt', 'v.txt']);
    const gens = all.map((f) => Number(f.metadata.generation));
    expect([...gens].sort((a, b) => a - b)).toEqual(gens);
    expect(all[0]!.metadata.timeDeleted).toBeDefined();
    expect(all[2]!.metadata.timeDeleted).toBeUndefined();
    const [old] = await bucket.file('v.txt', { generation: gens[0] }).download();
    expect(old.toString()).toBe('v1');
    await bucket.file('v.txt', { generation: gens[1] }).delete();
    const [after] = await bucket.getFiles({ versions: true });
    expect(after.map((f) => Number(f.metadata.generation))).toEqual([gens[0], gens[2]]);
    // Deleting the live object archives it in a versioned bucket.
    await file.delete();
    const [live] = await bucket.getFiles();
    expect(live).toHaveLength(0);
    const [archived] = await bucket.getFiles({ versions: true });
    expect(archived).toHaveLength(2);
    const missingGen = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/v.txt?generation=${gens[1]}`);
    expect(missingGen.status).toBe(404);
  });

  it('non-versioned overwrite drops the old generation', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('nover'));
    await bucket.file('o').save('a', { resumable: false });
    const [m1] = await bucket.file('o').getMetadata();
    await bucket.file('o').save('b', { resumable: false });
    const [m2] = await bucket.file('o').getMetadata();
    expect(Number(m2.generation)).toBeGreaterThan(Number(m1.generation));
    const [versions] = await bucket.getFiles({ versions: true });
    expect(versions).toHaveLength(1);
    const gone = await call(`${emu.url}/b/${bucket.name}/o/o?generation=${m1.generation}&alt=media`);
    expect(gone.status).toBe(404);
  });

  it('concurrent writers with ifGenerationMatch=0: exactly one wins, the rest get 412', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('race'));
    const attempts = Array.from({ length: 12 }, (_, i) =>
      call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=unit&ifGenerationMatch=0`, {
        method: 'POST',
        body: `writer-${i}`,
      }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(11);
    const winner = results.find((r) => r.status === 200)!.body;
    const [data] = await bucket.file('unit').download();
    expect(data.toString()).toBe(`writer-${results.indexOf(results.find((r) => r.status === 200)!)}`);
    expect((await bucket.file('unit').getMetadata())[0].generation).toBe(winner.generation);
  });
});
