// Soft delete with the Node client: a bucket's softDeletePolicy (7 days by default, 0 disables)
// keeps deleted and replaced generations for listing (`softDeleted=true`), reading and restore,
// until the window ends on the emulator clock; with a data dir they survive a restart.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const DAY = 86_400_000;

describe('storage soft delete', () => {
  it('keeps deleted and replaced generations for 7 days: list, get, restore, then gone', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('soft'));
    const [meta] = await bucket.getMetadata();
    expect(meta.softDeletePolicy).toMatchObject({ retentionDurationSeconds: '604800' });
    expect(meta.softDeletePolicy?.effectiveTime).toBe(new Date(clock.now()).toISOString());

    const a = bucket.file('a');
    await a.save('a-v1', { resumable: false });
    const [aMeta] = await a.getMetadata();
    await a.delete();
    expect((await a.exists())[0]).toBe(false);
    const b = bucket.file('b');
    await b.save('b-v1', { resumable: false });
    const [bOld] = await b.getMetadata();
    await b.save('b-v2', { resumable: false });

    const [soft] = await bucket.getFiles({ softDeleted: true });
    expect(soft.map((f) => [f.name, String(f.metadata.generation)])).toEqual([
      ['a', String(aMeta.generation)],
      ['b', String(bOld.generation)],
    ]);
    const deletedAt = new Date(clock.now()).toISOString();
    expect(soft[0]!.metadata).toMatchObject({
      softDeleteTime: deletedAt,
      hardDeleteTime: new Date(clock.now() + 7 * DAY).toISOString(),
    });
    // Normal listings, versions included, do not show soft-deleted generations.
    const [live] = await bucket.getFiles({ versions: true });
    expect(live.map((f) => f.name)).toEqual(['b']);

    const base = `${emu.url}/storage/v1/b/${bucket.name}/o`;
    expect((await call(`${base}/a`)).status).toBe(404);
    expect((await call(`${base}/a?softDeleted=true`)).status).toBe(400);
    const got = await call(`${base}/a?softDeleted=true&generation=${aMeta.generation}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ name: 'a', softDeleteTime: deletedAt });
    expect((await call(`${base}/a?generation=${aMeta.generation}`)).status).toBe(404);

    // restore: a new live generation with the old bytes and metadata, metageneration 1.
    await clock.advance(DAY);
    const restored = (await a.restore({ generation: Number(aMeta.generation) })) as unknown as {
      generation: string;
      metageneration: string;
      timeCreated: string;
    };
    expect(restored.generation).not.toBe(String(aMeta.generation));
    expect(restored).toMatchObject({ metageneration: '1', timeCreated: new Date(clock.now()).toISOString() });
    expect((await a.download())[0].toString()).toBe('a-v1');
    expect((await call(`${base}/a/restore`, { method: 'POST' })).status).toBe(400);
    // restoring over a live object soft-deletes it (unversioned bucket); ifGenerationMatch=0 refuses.
    const overLive = await call(`${base}/b/restore?generation=${bOld.generation}&ifGenerationMatch=0`, {
      method: 'POST',
    });
    expect(overLive.status).toBe(412);
    await b.restore({ generation: Number(bOld.generation) });
    expect((await b.download())[0].toString()).toBe('b-v1');
    const [afterRestore] = await bucket.getFiles({ softDeleted: true, prefix: 'b' });
    expect(afterRestore).toHaveLength(2);

    // After the window (emulator clock) nothing soft-deleted is left to read or restore.
    await clock.advance(7 * DAY);
    expect((await bucket.getFiles({ softDeleted: true }))[0]).toEqual([]);
    expect((await call(`${base}/a?softDeleted=true&generation=${aMeta.generation}`)).status).toBe(404);
    expect((await call(`${base}/a/restore?generation=${aMeta.generation}`, { method: 'POST' })).status).toBe(
      404,
    );
    expect((await b.download())[0].toString()).toBe('b-v1');
  });

  it('0 disables it, other windows outside 7–90 days are 400, and a bucket of only soft-deleted objects can be deleted', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [off] = await storage.createBucket(bucketName('soft'), {
      softDeletePolicy: { retentionDurationSeconds: 0 },
    });
    expect(off.metadata.softDeletePolicy).toMatchObject({ retentionDurationSeconds: '0' });
    await off.file('x').save('x', { resumable: false });
    await off.file('x').delete();
    expect((await off.getFiles({ softDeleted: true }))[0]).toEqual([]);

    await expect(
      storage.createBucket(bucketName('soft'), {
        softDeletePolicy: { retentionDurationSeconds: 3600 },
      }),
    ).rejects.toMatchObject({ code: 400 });
    const [on] = await storage.createBucket(bucketName('soft'));
    await expect(
      on.setMetadata({ softDeletePolicy: { retentionDurationSeconds: 100 * 86_400 } }),
    ).rejects.toMatchObject({
      code: 400,
    });
    const [longer] = await on.setMetadata({ softDeletePolicy: { retentionDurationSeconds: 30 * 86_400 } });
    expect(longer.softDeletePolicy).toMatchObject({ retentionDurationSeconds: String(30 * 86_400) });
    await on.file('y').save('y', { resumable: false });
    await on.file('y').delete();
    expect((await on.getFiles({ softDeleted: true }))[0]).toHaveLength(1);
    await on.delete();
    expect((await on.exists())[0]).toBe(false);
  });

  it('soft-deleted generations survive a restart with a data dir and are hard-deleted once expired', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcs-soft-'));
    try {
      const start = Date.parse('2026-02-01T00:00:00Z');
      const name = bucketName('soft');
      let generation: string;
      {
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start) });
        const [bucket] = await clientFor(emu.url).createBucket(name);
        await bucket.file('kept').save('kept bytes', { resumable: false });
        generation = String((await bucket.file('kept').getMetadata())[0].generation);
        await bucket.file('kept').delete();
      }
      const blobs = await readdir(join(dir, 'blobs'));
      expect(blobs).toHaveLength(1);
      {
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start + DAY) });
        const [soft] = await clientFor(emu.url).bucket(name).getFiles({ softDeleted: true });
        expect(soft.map((f) => String(f.metadata.generation))).toEqual([generation]);
      }
      {
        // A start after the window sweeps the expired generation and its blob away.
        await using emu = await startEmulator({ dataDir: dir, clock: manualClock(start + 8 * DAY) });
        const deadline = Date.now() + 30_000;
        while ((await readdir(join(dir, 'blobs'))).length > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(await readdir(join(dir, 'blobs'))).toEqual([]);
        expect((await clientFor(emu.url).bucket(name).getFiles({ softDeleted: true }))[0]).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
