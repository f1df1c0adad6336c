// Boolean query parameters read as Google reads them: `True` (what the Python client sends),
// `true`, `FALSE`; anything else is 400. Raw HTTP shaped like python-storage's requests.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

describe('storage boolean query parameters', () => {
  it('versions=True lists noncurrent generations; includeTrailingDelimiter=True keeps "dir/" objects', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('bool'), { versioning: { enabled: true } });
    await bucket.file('a').save('one', { resumable: false });
    await bucket.file('a').save('two', { resumable: false });
    await bucket.file('d/').save('', { resumable: false });
    const list = async (q: string) => (await call(`${emu.url}/storage/v1/b/${bucket.name}/o?${q}`)).body;

    for (const spelling of ['True', 'true', 'TRUE']) {
      const page = await list(`versions=${spelling}`);
      expect(page.items.filter((o: { name: string }) => o.name === 'a')).toHaveLength(2);
    }
    expect((await list('versions=False')).items.filter((o: { name: string }) => o.name === 'a')).toHaveLength(
      1,
    );

    const trailing = await list('delimiter=/&includeTrailingDelimiter=True');
    expect(trailing.prefixes).toEqual(['d/']);
    expect(trailing.items.map((o: { name: string }) => o.name)).toEqual(['a', 'd/']);
    const plain = await list('delimiter=/&includeTrailingDelimiter=False');
    expect(plain.items.map((o: { name: string }) => o.name)).toEqual(['a']);
  });

  it('a force delete the way python-storage does it (versions=True) empties a versioned bucket', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('bool'), { versioning: { enabled: true } });
    await bucket.file('x').save('1', { resumable: false });
    await bucket.file('x').save('2', { resumable: false });
    const base = `${emu.url}/storage/v1/b/${bucket.name}`;
    const page = (await call(`${base}/o?versions=True&projection=noAcl`)).body;
    for (const o of page.items) {
      expect(
        (await call(`${base}/o/${o.name}?generation=${o.generation}`, { method: 'DELETE' })).status,
      ).toBe(204);
    }
    expect((await call(base, { method: 'DELETE' })).status).toBe(204);
  });

  it('a value that is not a boolean is 400 invalidParameter; softDeleted=True finds nothing', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('bool'));
    await bucket.file('f').save('x', { resumable: false });
    const base = `${emu.url}/storage/v1/b/${bucket.name}/o`;
    const bad = await call(`${base}?versions=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.errors[0].reason).toBe('invalidParameter');
    expect((await call(`${base}?includeFoldersAsPrefixes=maybe`)).status).toBe(400);
    expect((await call(`${base}?includeFoldersAsPrefixes=True&delimiter=/`)).body.items).toHaveLength(1);
    const soft = await call(`${base}?softDeleted=True`);
    expect(soft.status).toBe(200);
    expect(soft.body.items).toBeUndefined();
    // GCS needs the generation of a soft-deleted read; a live generation is not soft-deleted.
    expect((await call(`${base}/f?softDeleted=True`)).status).toBe(400);
    expect((await call(`${base}/f?softDeleted=True&generation=1`)).status).toBe(404);
    expect((await call(`${base}/f?softDeleted=False`)).status).toBe(200);
  });
});
