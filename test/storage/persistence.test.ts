// The directory backend: a restart keeps buckets, objects, generations, metadata and
// notification configs; hostile names never place a file outside the data directory.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempParent() {
  const parent = await mkdtemp(join(tmpdir(), 'gcs-persist-'));
  dirs.push(parent);
  return parent;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}

describe('storage persistence', () => {
  it('a restart with the same dataDir keeps everything', async () => {
    const dataDir = join(await tempParent(), 'data');
    const name = bucketName('keep');
    let before: Record<string, unknown>;
    let archivedGen: string;
    {
      await using emu = await startEmulator({ dataDir });
      const storage = clientFor(emu.url);
      const [bucket] = await storage.createBucket(name, {
        versioning: { enabled: true },
        labels: { env: 'test' },
      });
      await bucket.file('doc').save('old', { resumable: false });
      archivedGen = String((await bucket.file('doc').getMetadata())[0].generation);
      await bucket.file('doc').save('new', { resumable: true, metadata: { contentType: 'text/plain' } });
      await bucket.file('doc').setMetadata({ metadata: { k: 'v' } });
      await bucket.file('nested/path/obj').save('deep', { resumable: false });
      await bucket.createNotification('projects/p/topics/t', {
        eventTypes: ['OBJECT_FINALIZE'],
        objectNamePrefix: 'in/',
      });
      before = { ...(await bucket.file('doc').getMetadata())[0] };
    }
    {
      await using emu = await startEmulator({ dataDir });
      const storage = clientFor(emu.url);
      const bucket = storage.bucket(name);
      const [bmeta] = await bucket.getMetadata();
      expect(bmeta).toMatchObject({ versioning: { enabled: true }, labels: { env: 'test' } });
      const [after] = await bucket.file('doc').getMetadata();
      expect(after).toMatchObject({
        generation: before.generation,
        metageneration: '2',
        metadata: { k: 'v' },
        contentType: 'text/plain',
        crc32c: before.crc32c,
        md5Hash: before.md5Hash,
      });
      const [text] = await bucket.file('doc').download({ validation: 'crc32c' });
      expect(text.toString()).toBe('new');
      const [old] = await bucket.file('doc', { generation: archivedGen }).download();
      expect(old.toString()).toBe('old');
      const [versions] = await bucket.getFiles({ versions: true });
      expect(versions.map((f) => f.name)).toEqual(['doc', 'doc', 'nested/path/obj']);
      const [notifications] = await bucket.getNotifications();
      expect(notifications).toHaveLength(1);
      expect(notifications[0]!.metadata).toMatchObject({
        topic: '//pubsub.googleapis.com/projects/p/topics/t',
        event_types: ['OBJECT_FINALIZE'],
        object_name_prefix: 'in/',
      });
      // New generations after a restart are still newer than the stored ones.
      await bucket.file('doc').save('newest', { resumable: false });
      const [latest] = await bucket.file('doc').getMetadata();
      expect(BigInt(latest.generation!)).toBeGreaterThan(BigInt(before.generation as string));
    }
  });

  it('a resumable upload session survives a restart and is resumed after bytes */*', async () => {
    const dataDir = join(await tempParent(), 'data');
    const data = Buffer.from('x'.repeat(300 * 1024) + 'tail');
    const name = bucketName('sess');
    let uri: string;
    {
      await using emu = await startEmulator({ dataDir });
      await clientFor(emu.url).createBucket(name);
      const res = await call(`${emu.url}/upload/storage/v1/b/${name}/o?uploadType=resumable&name=s.bin`, {
        method: 'POST',
        headers: { 'x-upload-content-type': 'application/x-s' },
      });
      uri = res.headers.get('location')!;
      const first = await call(uri, {
        method: 'PUT',
        headers: { 'content-range': 'bytes 0-262143/*' },
        body: data.subarray(0, 262144),
      });
      expect(first.status).toBe(308);
    }
    {
      await using emu = await startEmulator({ dataDir, port: Number(new URL(uri).port) });
      const status = await call(uri, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
      expect(status.status).toBe(308);
      expect(status.headers.get('range')).toBe('bytes=0-262143');
      const last = await call(uri, {
        method: 'PUT',
        headers: { 'content-range': `bytes 262144-${data.length - 1}/${data.length}` },
        body: data.subarray(262144),
      });
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ size: String(data.length), contentType: 'application/x-s' });
      const [back] = await clientFor(emu.url).bucket(name).file('s.bin').download({ validation: 'md5' });
      expect(back.equals(data)).toBe(true);
    }
    expect((await readdir(join(dataDir, 'uploads'))).length).toBe(0);
  });

  it('two live generations left by a crash mid-overwrite: the newest wins, the old one is retired', async () => {
    const dataDir = join(await tempParent(), 'data');
    const name = bucketName('crash');
    let gen = '';
    {
      await using emu = await startEmulator({ dataDir });
      const [bucket] = await clientFor(emu.url).createBucket(name);
      await bucket.file('o').save('content', { resumable: false });
      gen = String((await bucket.file('o').getMetadata())[0].generation);
    }
    // Simulate the crash: a newer live record written, the old one never retired.
    const files = (await walk(dataDir)).filter((f) => f.endsWith(`.${gen}.json`));
    expect(files).toHaveLength(1);
    const rec = JSON.parse(await readFile(files[0]!, 'utf8'));
    const newer = String(BigInt(gen) + 1n);
    await writeFile(
      files[0]!.replace(`.${gen}.json`, `.${newer}.json`),
      JSON.stringify({ ...rec, generation: Number(newer) }),
    );
    {
      await using emu = await startEmulator({ dataDir });
      const bucket = clientFor(emu.url).bucket(name);
      const [meta] = await bucket.file('o').getMetadata();
      expect(meta.generation).toBe(newer);
      const [versions] = await bucket.getFiles({ versions: true });
      // The bucket keeps no versions: the overwrite's retirement is finished, not archived.
      expect(versions.map((f) => [f.metadata.generation, f.metadata.timeDeleted !== undefined])).toEqual([
        [newer, false],
      ]);
    }
  });

  it('a second emulator on the same dataDir is refused while the first runs', async () => {
    const dataDir = join(await tempParent(), 'data');
    {
      await using emu = await startEmulator({ dataDir });
      await expect(startEmulator({ dataDir })).rejects.toThrow(/in use by process/);
      expect(emu.url).toMatch(/^http:/);
    }
    await using again = await startEmulator({ dataDir });
    expect(again.url).toMatch(/^http:/);
  });

  it('names like ../ and absolute paths stay inside the data dir and round-trip', async () => {
    const parent = await tempParent();
    const dataDir = join(parent, 'data');
    const hostile = [
      '../escape.txt',
      '../../../../../../tmp/evil',
      '/etc/passwd',
      '..\\..\\win',
      'a/../../b',
      '%2e%2e/enc',
    ];
    {
      await using emu = await startEmulator({ dataDir });
      const [bucket] = await clientFor(emu.url).createBucket(bucketName('esc'));
      for (const name of hostile) await bucket.file(name).save(name, { resumable: name.length % 2 === 0 });
      // A raw, unencoded path cannot climb out either.
      const raw = await call(
        `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=../../raw`,
        {
          method: 'POST',
          body: 'raw',
        },
      );
      expect(raw.status).toBe(200);
      hostile.push('../../raw');
    }
    expect(await readdir(parent)).toEqual(['data']);
    const files = await walk(dataDir);
    for (const f of files) {
      expect(relative(dataDir, f).startsWith('..')).toBe(false);
      expect(f).not.toMatch(/escape|evil|passwd|win|raw|enc/);
    }
    {
      await using emu = await startEmulator({ dataDir });
      const storage = clientFor(emu.url);
      const [buckets] = await storage.getBuckets();
      const [files2] = await buckets[0]!.getFiles();
      expect(files2.map((f) => f.name).sort()).toEqual([...hostile].sort());
      for (const name of hostile) {
        const [data] = await buckets[0]!.file(name).download();
        expect(data.toString()).toBe(name === '../../raw' ? 'raw' : name);
      }
    }
  });
});
