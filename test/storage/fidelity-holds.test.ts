// Temporary and event-based holds (python-storage's hold system tests, here with the Node client):
// a held object cannot be deleted or overwritten (403) until the hold is released.
import { describe, expect, it } from 'vitest';
import { bucketName, clientFor, startEmulator } from './helpers.ts';

describe('storage object holds', () => {
  it('a temporary hold refuses delete and overwrite with 403 until released', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('hold'));
    const file = bucket.file('held');
    await file.save('v1', { resumable: false });
    const [meta] = await file.setMetadata({ temporaryHold: true });
    expect(meta.temporaryHold).toBe(true);
    await expect(file.delete()).rejects.toMatchObject({ code: 403 });
    await expect(file.save('v2', { resumable: false })).rejects.toMatchObject({ code: 403 });
    expect((await file.download())[0].toString()).toBe('v1');
    // A patch that does not name the hold keeps it.
    expect((await file.setMetadata({ contentType: 'text/plain' }))[0].temporaryHold).toBe(true);
    expect((await file.setMetadata({ temporaryHold: false }))[0].temporaryHold).toBeUndefined();
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
  });

  it("a bucket's defaultEventBasedHold puts new objects under an event-based hold", async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('hold'));
    await bucket.setMetadata({ defaultEventBasedHold: true });
    const file = bucket.file('ebh');
    await file.save('x', { resumable: false });
    expect((await file.getMetadata())[0].eventBasedHold).toBe(true);
    await expect(file.delete()).rejects.toMatchObject({ code: 403 });
    await file.setMetadata({ eventBasedHold: false });
    await file.delete();
    await expect(bucket.file('bad').save('y', { resumable: false })).resolves.toBeUndefined();
    const notBoolean = { temporaryHold: 'yes' } as unknown as { temporaryHold: boolean };
    await expect(bucket.file('bad').setMetadata(notBoolean)).rejects.toMatchObject({ code: 400 });
  });
});
