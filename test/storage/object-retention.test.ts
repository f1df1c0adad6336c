// Object retention with the Node client: a bucket created with enableObjectRetention=true takes
// `retention: {mode, retainUntilTime}` on objects; a retained object cannot be deleted or
// replaced (403) until the time (emulator clock); Unlocked retention is shortened or removed only
// with overrideUnlockedRetention=true, Locked retention only extended.
import type { FileMetadata } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../emulators/common/index.ts';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const HOUR = 3_600_000;

describe('storage object retention', () => {
  it('refuses delete and overwrite until retainUntilTime; Unlocked needs the override to shorten', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('oret'), { enableObjectRetention: true });
    expect(bucket.metadata.objectRetention).toEqual({ mode: 'Enabled' });
    const until = new Date(clock.now() + 2 * HOUR).toISOString();
    const file = bucket.file('kept');
    await file.save('v1', {
      resumable: false,
      metadata: { retention: { mode: 'Unlocked', retainUntilTime: until } },
    });
    expect((await file.getMetadata())[0].retention).toEqual({ mode: 'Unlocked', retainUntilTime: until });
    await expect(file.delete()).rejects.toMatchObject({ code: 403 });
    await expect(file.save('v2', { resumable: false })).rejects.toMatchObject({ code: 403 });
    expect((await file.download())[0].toString()).toBe('v1');

    // Extending is allowed; shortening or removing Unlocked retention needs the override.
    const later = new Date(clock.now() + 3 * HOUR).toISOString();
    await file.setMetadata({ retention: { mode: 'Unlocked', retainUntilTime: later } });
    await expect(file.setMetadata({ retention: null })).rejects.toMatchObject({ code: 403 });
    await expect(
      file.setMetadata({ retention: { mode: 'Unlocked', retainUntilTime: until } }),
    ).rejects.toMatchObject({ code: 403 });
    // A patch that does not name retention keeps it.
    expect((await file.setMetadata({ contentType: 'text/plain' }))[0].retention?.retainUntilTime).toBe(later);
    const [cleared] = await file.setMetadata({ retention: null }, { overrideUnlockedRetention: true });
    expect(cleared.retention).toBeUndefined();
    // Fields set to null clear it too (python-storage patches `{mode: null, retainUntilTime: null}`).
    await file.setMetadata({ retention: { mode: 'Unlocked', retainUntilTime: later } });
    const [nulled] = await file.setMetadata(
      { retention: { mode: null, retainUntilTime: null } as unknown as FileMetadata['retention'] },
      { overrideUnlockedRetention: true },
    );
    expect(nulled.retention).toBeUndefined();
    await file.delete();

    // Past retainUntilTime (emulator clock) the object can go.
    const timed = bucket.file('timed');
    await timed.save('t', {
      resumable: false,
      metadata: { retention: { mode: 'Unlocked', retainUntilTime: until } },
    });
    await expect(timed.delete()).rejects.toMatchObject({ code: 403 });
    await clock.advance(2 * HOUR + 1000);
    await timed.delete();
    expect((await timed.exists())[0]).toBe(false);
  });

  it('Locked retention is only extended; buckets without object retention refuse it (400)', async () => {
    const clock = manualClock();
    await using emu = await startEmulator({ clock });
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('oret'), { enableObjectRetention: true });
    const until = new Date(clock.now() + HOUR).toISOString();
    const file = bucket.file('locked');
    await file.save('x', { resumable: false });
    await file.setMetadata({ retention: { mode: 'Locked', retainUntilTime: until } });
    const override = { overrideUnlockedRetention: true };
    await expect(file.setMetadata({ retention: null }, override)).rejects.toMatchObject({ code: 403 });
    await expect(
      file.setMetadata({ retention: { mode: 'Unlocked', retainUntilTime: until } }, override),
    ).rejects.toMatchObject({ code: 403 });
    const later = new Date(clock.now() + 2 * HOUR).toISOString();
    expect(
      (await file.setMetadata({ retention: { mode: 'Locked', retainUntilTime: later } }))[0].retention,
    ).toEqual({
      mode: 'Locked',
      retainUntilTime: later,
    });
    await expect(file.delete()).rejects.toMatchObject({ code: 403 });
    const base = `${emu.url}/storage/v1/b/${bucket.name}/o/locked`;
    expect((await call(base, { method: 'DELETE' })).status).toBe(403);
    const badMode = await call(base, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ retention: { mode: 'Forever', retainUntilTime: later } }),
    });
    expect(badMode.status).toBe(400);

    const [plain] = await storage.createBucket(bucketName('oret'));
    expect(plain.metadata.objectRetention).toBeUndefined();
    const other = plain.file('o');
    await expect(
      other.save('x', {
        resumable: false,
        metadata: { retention: { mode: 'Unlocked', retainUntilTime: until } },
      }),
    ).rejects.toMatchObject({ code: 400 });
    await other.save('x', { resumable: false });
    await expect(
      other.setMetadata({ retention: { mode: 'Unlocked', retainUntilTime: until } }),
    ).rejects.toMatchObject({ code: 400 });
  });
});
