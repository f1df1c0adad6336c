// Basic round trip with the official client through both path styles.
import { describe, expect, it } from 'vitest';
import { bucketName, clientFor, envClientFor, startEmulator } from './helpers.ts';

describe('storage smoke', () => {
  it('creates a bucket, uploads, downloads with apiEndpoint and STORAGE_EMULATOR_HOST clients', async () => {
    await using emu = await startEmulator();
    for (const storage of [clientFor(emu.url), envClientFor(emu.url)]) {
      const name = bucketName('smoke');
      const [bucket] = await storage.createBucket(name);
      await bucket.file('a/b.txt').save('hello', { resumable: false, contentType: 'text/plain' });
      await bucket.file('c.txt').save('world', { resumable: true });
      const [data] = await bucket.file('a/b.txt').download();
      expect(data.toString()).toBe('hello');
      const [data2] = await bucket.file('c.txt').download();
      expect(data2.toString()).toBe('world');
      const [files] = await bucket.getFiles();
      expect(files.map((f) => f.name)).toEqual(['a/b.txt', 'c.txt']);
    }
  });
});
