// Managed folders over raw HTTP (the Node client has no methods for them): insert (409 when
// taken), get, list with prefix and pages, delete (409 while objects are under it unless
// allowNonEmpty), kept across a restart with a data dir; their IAM methods answer 501.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Managed folders need uniform bucket-level access on their bucket. */
const UNIFORM = { iamConfiguration: { uniformBucketLevelAccess: { enabled: true } } };

describe('storage managed folders', () => {
  it('a bucket without uniform bucket-level access refuses managed folders with 412', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('mfu'));
    const made = await call(`${emu.url}/storage/v1/b/${bucket.name}/managedFolders`, post({ name: 'x' }));
    expect(made.status).toBe(412);
    expect(JSON.stringify(made.body)).toMatch(/uniform bucket-level access/);
  });

  it('insert, get, list, delete; a folder with objects needs allowNonEmpty', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcs-mf-'));
    try {
      const name = bucketName('mf');
      {
        await using emu = await startEmulator({ dataDir: dir });
        const [bucket] = await clientFor(emu.url).createBucket(name, UNIFORM);
        const base = `${emu.url}/storage/v1/b/${name}/managedFolders`;
        const made = await call(base, post({ name: 'reports/2026' }));
        expect(made.status).toBe(200);
        expect(made.body).toMatchObject({
          kind: 'storage#managedFolder',
          name: 'reports/2026/',
          bucket: name,
          id: `${name}/reports/2026/`,
          metageneration: '1',
        });
        expect((await call(base, post({ name: 'reports/2026/' }))).status).toBe(409);
        expect((await call(base, post({}))).status).toBe(400);
        expect((await call(base, post({ name: 'logs/' }))).status).toBe(200);
        expect((await call(base, post({ name: 'reports/' }))).status).toBe(200);
        const page1 = await call(`${base}?maxResults=2`);
        expect(page1.body.items.map((f: { name: string }) => f.name)).toEqual(['logs/', 'reports/']);
        const page2 = await call(
          `${base}?maxResults=2&pageToken=${encodeURIComponent(page1.body.nextPageToken)}`,
        );
        expect(page2.body.items.map((f: { name: string }) => f.name)).toEqual(['reports/2026/']);
        expect(page2.body.nextPageToken).toBeUndefined();
        const prefixed = await call(`${base}?prefix=reports/`);
        expect(prefixed.body.items).toHaveLength(2);
        expect((await call(`${base}/${encodeURIComponent('reports/2026/')}`)).body.name).toBe(
          'reports/2026/',
        );
        expect(
          (await call(`${base}/${encodeURIComponent('reports/2026')}?ifMetagenerationMatch=2`)).status,
        ).toBe(412);
        expect((await call(`${base}/${encodeURIComponent('reports/2026/')}/iam`)).status).toBe(501);

        await bucket.file('reports/2026/q1.csv').save('a,b', { resumable: false });
        const folder = `${base}/${encodeURIComponent('reports/2026/')}`;
        expect((await call(folder, { method: 'DELETE' })).status).toBe(409);
        expect((await call(`${folder}?allowNonEmpty=true`, { method: 'DELETE' })).status).toBe(204);
        expect((await call(folder)).status).toBe(404);
        // The objects stay; only the folder goes.
        expect((await bucket.file('reports/2026/q1.csv').exists())[0]).toBe(true);
      }
      {
        await using emu = await startEmulator({ dataDir: dir });
        const listed = await call(`${emu.url}/storage/v1/b/${name}/managedFolders`);
        expect(listed.body.items.map((f: { name: string }) => f.name)).toEqual(['logs/', 'reports/']);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('includeFoldersAsPrefixes lists managed folders as prefixes, with the / delimiter only', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('mfp'), UNIFORM);
    await bucket.file('parent/child.txt').save('x', { resumable: false });
    await bucket.file('top.txt').save('x', { resumable: false });
    const base = `${emu.url}/storage/v1/b/${bucket.name}`;
    for (const name of ['managedfolder1', 'parent/inner', 'deep/a/b']) {
      expect((await call(`${base}/managedFolders`, post({ name }))).status).toBe(200);
    }
    const prefixes = async (query: string) => (await call(`${base}/o?${query}`)).body.prefixes;
    expect(await prefixes('delimiter=/')).toEqual(['parent/']);
    expect(await prefixes('delimiter=/&includeFoldersAsPrefixes=True')).toEqual([
      'deep/',
      'managedfolder1/',
      'parent/',
    ]);
    expect(await prefixes('delimiter=/&prefix=parent/&includeFoldersAsPrefixes=true')).toEqual([
      'parent/inner/',
    ]);
    expect(await prefixes('delimiter=-&includeFoldersAsPrefixes=true')).toBeUndefined();
  });
});
