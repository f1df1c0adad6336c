// Object names: every valid GCS name round-trips (client and raw paths); invalid names are 400.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, envClientFor, startEmulator } from './helpers.ts';

const VALID = [
  'plain',
  'with space and +plus',
  'ünïcödé/日本語/😀.txt',
  'percent%20literal',
  'q?mark#hash&amp=1',
  'trailing/',
  '/leading-slash',
  '../dot-dot/../x',
  'a//double',
  '*[glob]{chars}',
  '.hidden',
  'x'.repeat(1024),
  `${'é'.repeat(512)}`,
];

describe('storage object names', () => {
  it('valid names round-trip through upload, metadata, list and download', async () => {
    await using emu = await startEmulator();
    for (const storage of [clientFor(emu.url), envClientFor(emu.url)]) {
      const [bucket] = await storage.createBucket(bucketName('names'));
      for (const name of VALID) {
        await bucket.file(name).save(`body:${name}`, { resumable: name.length % 2 === 0 });
        const [meta] = await bucket.file(name).getMetadata();
        expect(meta.name).toBe(name);
        const [data] = await bucket.file(name).download();
        expect(data.toString()).toBe(`body:${name}`);
      }
      const [files] = await bucket.getFiles();
      expect(files.map((f) => f.name).sort()).toEqual([...VALID].sort());
    }
  });

  it('invalid names → 400: empty, ".", "..", CR/LF, over 1024 bytes, bad UTF-8 escapes', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('bad'));
    const upload = (name: string) =>
      call(
        `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=${encodeURIComponent(name)}`,
        {
          method: 'POST',
          body: 'x',
        },
      );
    for (const bad of ['.', '..', 'line\nfeed', 'carriage\rreturn', 'x'.repeat(1025), 'é'.repeat(513), '']) {
      const res = await upload(bad);
      expect(res.status, JSON.stringify(bad.slice(0, 20))).toBe(400);
      expect(res.body.error.errors[0]).toMatchObject({ domain: 'global', reason: 'invalid' });
    }
    const badEscape = await call(
      `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=%FF%FE`,
      {
        method: 'POST',
        body: 'x',
      },
    );
    expect(badEscape.status).toBe(400);
    const badPath = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/%E0%A4%A`);
    expect(badPath.status).toBe(400);
    await expect(bucket.file('.').save('x', { resumable: false })).rejects.toMatchObject({ code: 400 });
    const [files] = await bucket.getFiles();
    expect(files).toHaveLength(0);
  });
});
