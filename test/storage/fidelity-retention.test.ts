// Bucket retention policies with the Node client: objects younger than the period cannot be
// deleted or replaced (403); lockRetentionPolicy needs ifMetagenerationMatch; a locked policy
// cannot be removed or shortened.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

describe('storage retention policies', () => {
  it('refuses deletes and overwrites inside the period; lock needs the current metageneration', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('ret'));
    const [meta] = await bucket.setRetentionPeriod(3600);
    expect(meta.retentionPolicy).toMatchObject({ retentionPeriod: '3600' });
    expect(meta.retentionPolicy?.effectiveTime).toBeTruthy();
    const file = bucket.file('kept');
    await file.save('v1', { resumable: false });
    const [saved] = await file.getMetadata();
    // objects.get reports when the policy lets the object go: its creation plus the period.
    expect(Date.parse(String(saved.retentionExpirationTime)) - Date.parse(String(saved.timeCreated))).toBe(
      3600_000,
    );
    await expect(file.delete()).rejects.toMatchObject({ code: 403 });
    await expect(file.save('v2', { resumable: false })).rejects.toMatchObject({ code: 403 });
    expect((await file.download())[0].toString()).toBe('v1');

    const url = `${emu.url}/storage/v1/b/${bucket.name}/lockRetentionPolicy`;
    expect((await call(url, { method: 'POST' })).status).toBe(400);
    expect((await call(`${url}?ifMetagenerationMatch=1`, { method: 'POST' })).status).toBe(412);
    const [current] = await bucket.getMetadata();
    const [locked] = await bucket.lock(String(current.metageneration));
    expect((locked as { retentionPolicy?: unknown }).retentionPolicy).toMatchObject({
      isLocked: true,
      retentionPeriod: '3600',
    });
    await expect(bucket.removeRetentionPeriod()).rejects.toMatchObject({ code: 403 });
    await expect(bucket.setRetentionPeriod(60)).rejects.toMatchObject({ code: 403 });
    expect((await bucket.getMetadata())[0].retentionPolicy).toMatchObject({ isLocked: true });
  });

  it('an object older than the period can be deleted', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('ret'));
    await bucket.setRetentionPeriod(1);
    const file = bucket.file('short');
    await file.save('x', { resumable: false });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await file.delete().then(
        () => true,
        (err) => (err.code === 403 && Date.now() < deadline ? false : Promise.reject(err)),
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await file.exists())[0]).toBe(false);
  }, 60_000);
});
