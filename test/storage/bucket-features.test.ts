// Bucket-level settings with the Node client, as the JSON API Buckets resource documents them:
// encryption enforcement configs (server effectiveTime), ipFilter (stored, checked, not enforced),
// IAM Conditions (uniform access and policy version 3) and soft-deleted buckets (get, list,
// restore, name reuse, hard delete on the emulator clock, kept across a restart with a data dir).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { bucketName, call, clientFor, type Json, startEmulator } from './helpers.ts';

const DAY = 86_400_000;

describe('storage bucket features', () => {
  it('encryption enforcement configs get an effectiveTime when FullyRestricted; bad modes are 400', async () => {
    const clock = manualClock(Date.parse('2026-03-01T00:00:00Z'));
    await using emu = await startEmulator({ clock });
    const storage = clientFor(emu.url);
    const [created] = await storage.createBucket(bucketName('enc'), {
      encryption: { googleManagedEncryptionEnforcementConfig: { restrictionMode: 'FullyRestricted' } },
    } as never);
    const t0 = new Date(clock.now()).toISOString();
    expect(created.metadata.encryption).toEqual({
      googleManagedEncryptionEnforcementConfig: { restrictionMode: 'FullyRestricted', effectiveTime: t0 },
    });

    await clock.advance(60_000);
    const [patched] = await created.setMetadata({
      encryption: { customerManagedEncryptionEnforcementConfig: { restrictionMode: 'NotRestricted' } },
    });
    // A patch merges: the Google-managed config keeps its time, NotRestricted has none.
    expect(patched.encryption).toEqual({
      googleManagedEncryptionEnforcementConfig: { restrictionMode: 'FullyRestricted', effectiveTime: t0 },
      customerManagedEncryptionEnforcementConfig: { restrictionMode: 'NotRestricted' },
    });
    const [flipped] = await created.setMetadata({
      encryption: {
        googleManagedEncryptionEnforcementConfig: { restrictionMode: 'NotRestricted' },
        customerSuppliedEncryptionEnforcementConfig: { restrictionMode: 'FullyRestricted' },
        customerManagedEncryptionEnforcementConfig: null,
      },
    } as never);
    expect(flipped.encryption).toEqual({
      googleManagedEncryptionEnforcementConfig: { restrictionMode: 'NotRestricted' },
      customerSuppliedEncryptionEnforcementConfig: {
        restrictionMode: 'FullyRestricted',
        effectiveTime: new Date(clock.now()).toISOString(),
      },
    });
    const [reloaded] = await created.getMetadata();
    expect(reloaded.encryption).toEqual(flipped.encryption);
    await expect(
      created.setMetadata({
        encryption: { googleManagedEncryptionEnforcementConfig: { restrictionMode: 'Sometimes' } } as never,
      }),
    ).rejects.toMatchObject({ code: 400 });
    await expect(
      storage.createBucket(bucketName('enc'), {
        encryption: { customerManagedEncryptionEnforcementConfig: {} },
      } as never),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('ipFilter is stored and returned; mode and CIDR syntax are checked', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('ip'));
    const ipFilter = {
      mode: 'Disabled',
      allowAllServiceAgentAccess: true,
      allowCrossOrgVpcs: false,
      publicNetworkSource: { allowedIpCidrRanges: ['203.0.113.10/32', '2001:db8::/32'] },
      vpcNetworkSources: [
        { network: 'projects/p/global/networks/default', allowedIpCidrRanges: ['10.0.0.0/8'] },
      ],
    };
    await bucket.setMetadata({ ipFilter } as never);
    const [meta] = await bucket.getMetadata();
    expect((meta as Record<string, unknown>).ipFilter).toEqual(ipFilter);
    const [withFilter] = await storage.createBucket(bucketName('ip'), {
      ipFilter: { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: ['0.0.0.0/0'] } },
    } as never);
    expect((withFilter.metadata as Record<string, unknown>).ipFilter).toMatchObject({ mode: 'Enabled' });
    for (const bad of [
      { mode: 'On' },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: ['10.0.0.0/33'] } },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: ['not-an-ip/8'] } },
      { mode: 'Enabled', vpcNetworkSources: [{ allowedIpCidrRanges: ['10.0.0.0/8'] }] },
    ]) {
      await expect(bucket.setMetadata({ ipFilter: bad } as never), JSON.stringify(bad)).rejects.toMatchObject(
        {
          code: 400,
        },
      );
    }
    const [cleared] = await bucket.setMetadata({ ipFilter: null } as never);
    expect((cleared as Record<string, unknown>).ipFilter).toBeUndefined();
  });

  it('IAM Conditions need uniform bucket-level access (412) and version 3 (400), also to read', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('iam'));
    const [policy] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    expect(policy.version).toBe(1);
    const conditional = {
      role: 'roles/storage.objectViewer',
      members: ['serviceAccount:reader@p.iam.gserviceaccount.com'],
      condition: { title: 'always', description: 'always true', expression: 'true' },
    };
    const withCondition = { ...policy, version: 3, bindings: [...policy.bindings, conditional] };
    await expect(bucket.iam.setPolicy(withCondition)).rejects.toMatchObject({
      code: 412,
      message: expect.stringContaining('enable uniform bucket-level access'),
    });

    await bucket.setMetadata({ iamConfiguration: { uniformBucketLevelAccess: { enabled: true } } });
    await expect(bucket.iam.setPolicy({ ...withCondition, version: 1 })).rejects.toMatchObject({
      code: 400,
      message: expect.stringContaining('at least 3'),
    });
    const [set] = await bucket.iam.setPolicy(withCondition);
    expect(set.version).toBe(3);
    expect(set.bindings).toContainEqual(conditional);
    const [read] = await bucket.iam.getPolicy({ requestedPolicyVersion: 3 });
    expect(read.bindings).toEqual(set.bindings);
    await expect(bucket.iam.getPolicy()).rejects.toMatchObject({ code: 400 });
  });

  it('a deleted bucket is kept soft-deleted: get, list, reuse the name, restore, hard delete', async () => {
    const clock = manualClock(Date.parse('2026-03-01T00:00:00Z'));
    await using emu = await startEmulator({ clock });
    const storage = clientFor(emu.url);
    const name = bucketName('sd');
    const [bucket] = await storage.createBucket(name);
    const generation = String(bucket.metadata.generation);
    expect(generation).toMatch(/^\d+$/);
    await bucket.file('f').save('bytes', { resumable: false });
    const [fileMeta] = await bucket.file('f').getMetadata();
    await bucket.file('f').delete();
    await bucket.delete();
    const deletedAt = clock.now();
    expect((await bucket.exists())[0]).toBe(false);

    const base = `${emu.url}/storage/v1/b`;
    const kept = await call(`${base}/${name}?softDeleted=true&generation=${generation}`);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({
      name,
      generation,
      softDeleteTime: new Date(deletedAt).toISOString(),
      hardDeleteTime: new Date(deletedAt + 7 * DAY).toISOString(),
    });
    const [listed] = await storage.getBuckets({ softDeleted: true, prefix: name } as never);
    expect(listed.map((b) => [b.name, String(b.metadata.generation)])).toEqual([[name, generation]]);
    expect((await storage.getBuckets({ prefix: name }))[0]).toEqual([]);

    // The name is free again; restoring waits until the new bucket is gone (409 meanwhile).
    const [reused] = await storage.createBucket(name, { softDeletePolicy: { retentionDurationSeconds: 0 } });
    expect(String(reused.metadata.generation)).not.toBe(generation);
    await expect(storage.bucket(name).restore({ generation } as never)).rejects.toMatchObject({ code: 409 });
    await reused.delete();

    await clock.advance(DAY);
    // The v7 client resolves restore() with the JSON resource itself.
    const restored: Json = await storage.bucket(name).restore({ generation } as never);
    expect(restored).toMatchObject({ kind: 'storage#bucket', name, generation });
    expect(restored.softDeleteTime).toBeUndefined();
    expect(restored.hardDeleteTime).toBeUndefined();
    // Its soft-deleted object came back with it, still restorable.
    const [softFiles] = await storage.bucket(name).getFiles({ softDeleted: true });
    expect(softFiles.map((f) => String(f.metadata.generation))).toEqual([String(fileMeta.generation)]);
    await storage
      .bucket(name)
      .file('f')
      .restore({ generation: Number(fileMeta.generation) });
    expect((await storage.bucket(name).file('f').download())[0].toString()).toBe('bytes');

    // Deleted again and left past its window: gone for good.
    await storage.bucket(name).file('f').delete();
    await storage.bucket(name).delete();
    await clock.advance(8 * DAY);
    expect((await storage.getBuckets({ softDeleted: true, prefix: name } as never))[0]).toEqual([]);
    expect((await call(`${base}/${name}/restore?generation=${generation}`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('soft-deleted buckets survive a restart with a data dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcs-bucket-sd-'));
    try {
      const start = Date.parse('2026-03-01T00:00:00Z');
      const name = bucketName('sd');
      let generation: string;
      {
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start) });
        const [bucket] = await clientFor(emu.url).createBucket(name);
        generation = String(bucket.metadata.generation);
        await bucket.delete();
      }
      {
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start + DAY) });
        const restored: Json = await clientFor(emu.url)
          .bucket(name)
          .restore({ generation } as never);
        expect(restored).toMatchObject({ name, generation });
        expect((await clientFor(emu.url).bucket(name).exists())[0]).toBe(true);
        const file = clientFor(emu.url).bucket(name).file('f');
        await file.save('bytes', { resumable: false });
        await file.delete();
        await clientFor(emu.url).bucket(name).delete();
      }
      {
        // A start after the window sweeps the kept bucket and its object's bytes off the disk.
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start + 10 * DAY) });
        const left = async () => [
          ...(await readdir(join(dir, 'buckets'))),
          ...(await readdir(join(dir, 'blobs'))),
        ];
        const deadline = Date.now() + 30_000;
        while ((await left()).length > 0 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(await left()).toEqual([]);
        const url = `${emu.url}/storage/v1/b/${name}?softDeleted=true&generation=${generation}`;
        expect((await call(url)).status).toBe(404);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
