// Bucket placement and ageing settings with the Node client, checked as GCS checks them:
// locationType, dual regions from customPlacementConfig (fixed after creation), rpo ASYNC_TURBO
// only for dual regions, and autoclass (STANDARD only, terminal class NEARLINE or ARCHIVE).
import { describe, expect, it } from 'vitest';
import { bucketName, clientFor, startEmulator } from './helpers.ts';

describe('storage bucket placement', () => {
  it('location types, dual regions and turbo replication', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [multi] = await storage.createBucket(bucketName('loc'));
    expect(multi.metadata).toMatchObject({ location: 'US', locationType: 'multi-region', rpo: 'DEFAULT' });
    const [region] = await storage.createBucket(bucketName('loc'), { location: 'us-central1' });
    expect(region.metadata).toMatchObject({ location: 'US-CENTRAL1', locationType: 'region' });
    expect(region.metadata.rpo).toBeUndefined();
    await expect(region.setMetadata({ rpo: 'ASYNC_TURBO' })).rejects.toMatchObject({ code: 400 });
    await expect(storage.createBucket(bucketName('loc'), { rpo: 'ASYNC_TURBO' })).rejects.toMatchObject({
      code: 400,
    });

    const [dual] = await storage.createBucket(bucketName('loc'), {
      location: 'US',
      customPlacementConfig: { dataLocations: ['us-east1', 'us-west1'] },
      rpo: 'ASYNC_TURBO',
    });
    expect(dual.metadata).toMatchObject({
      locationType: 'dual-region',
      rpo: 'ASYNC_TURBO',
      customPlacementConfig: { dataLocations: ['US-EAST1', 'US-WEST1'] },
    });
    await dual.setMetadata({ rpo: 'DEFAULT' });
    await expect(
      dual.setMetadata({ customPlacementConfig: { dataLocations: ['US-EAST1', 'US-EAST4'] } }),
    ).rejects.toMatchObject({ code: 400 });
    const [predefined] = await storage.createBucket(bucketName('loc'), {
      location: 'NAM4',
      rpo: 'ASYNC_TURBO',
    });
    expect(predefined.metadata.locationType).toBe('dual-region');
    for (const bad of [
      { location: 'us-central1', customPlacementConfig: { dataLocations: ['US-EAST1', 'US-WEST1'] } },
      { location: 'US', customPlacementConfig: { dataLocations: ['US-EAST1'] } },
      { location: 'US', rpo: 'FAST' },
      { storageClass: 'GLACIER' },
    ]) {
      await expect(storage.createBucket(bucketName('loc'), bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: 400,
      });
    }
  });

  it('autoclass: STANDARD only, terminal class checked, toggleTime set by the emulator', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('ac'), {
      autoclass: { enabled: true, terminalStorageClass: 'ARCHIVE' },
    });
    expect(bucket.metadata.autoclass).toMatchObject({ enabled: true, terminalStorageClass: 'ARCHIVE' });
    expect(bucket.metadata.autoclass?.toggleTime).toBeTruthy();
    await expect(bucket.setMetadata({ storageClass: 'NEARLINE' })).rejects.toMatchObject({ code: 400 });
    await expect(
      bucket.setMetadata({ autoclass: { enabled: true, terminalStorageClass: 'COLDLINE' } }),
    ).rejects.toMatchObject({ code: 400 });
    const [off] = await bucket.setMetadata({ autoclass: { enabled: false } });
    expect(off.autoclass?.enabled).toBe(false);
    await expect(
      storage.createBucket(bucketName('ac'), { storageClass: 'NEARLINE', autoclass: { enabled: true } }),
    ).rejects.toMatchObject({ code: 400 });
  });
});
