// XML API multipart uploads: the official Node client's transferManager.uploadFileInChunks end to
// end (bytes and metadata read back), then raw XML requests for listing, abort and the errors.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage, TransferManager } from '@google-cloud/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_PATH } from '../../emulators/identity/index.ts';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, clientFor, PROJECT, startEmulator } from './helpers.ts';
import { signingSetup } from './signed-helpers.ts';

const MiB = 1024 * 1024;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'xml-mpu-'));
  temps.push(dir);
  return dir;
}

const md5Hex = (b: Buffer) => createHash('md5').update(b).digest('hex');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

async function xml(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** A raw XML API client for one object of an emulator. */
function objectUrl(base: string, bucket: string, name: string, encodeSlashes = false) {
  const path = encodeSlashes ? encodeURIComponent(name) : name.split('/').map(encodeURIComponent).join('/');
  const at = `${base}/${bucket}/${path}`;
  return {
    async initiate(headers: Record<string, string> = {}) {
      const r = await xml(`${at}?uploads`, { method: 'POST', headers });
      expect(r.text).toContain('<UploadId>');
      return tag(r.text, 'UploadId')!;
    },
    part(id: string, n: number | string, body: Buffer, headers: Record<string, string> = {}) {
      return xml(`${at}?partNumber=${n}&uploadId=${id}`, { method: 'PUT', body, headers });
    },
    complete(id: string, parts: [number, string][]) {
      const list = parts.map(([n, e]) => `<Part><PartNumber>${n}</PartNumber><ETag>${e}</ETag></Part>`);
      return xml(`${at}?uploadId=${id}`, {
        method: 'POST',
        body: `<CompleteMultipartUpload>${list.join('')}</CompleteMultipartUpload>`,
      });
    },
    abort: (id: string) => xml(`${at}?uploadId=${id}`, { method: 'DELETE' }),
    listParts: (id: string, query = '') => xml(`${at}?uploadId=${id}${query}`),
  };
}

describe('XML API multipart upload through the official Node client', () => {
  it('uploadFileInChunks makes one object with the bytes, metadata and a crc32c but no md5', async () => {
    await using s = await signingSetup('mpu');
    const data = bytes(11 * MiB + 12345, 7);
    const file = join(await tempDir(), 'big.bin');
    await writeFile(file, data);
    // The client aims at `https://BUCKET.<endpoint host>/OBJECT` (GCS's virtual-hosted XML form,
    // port dropped) and fetches tokens from Google: point both at the emulator (path-style XML
    // API, and its token endpoint, which checks the minted key's signed assertion).
    // (`BUCKET.127.0.0.1` is no valid host, so this client names the emulator `localhost`.)
    const port = new URL(s.emu.url).port;
    const storage = new Storage({
      apiEndpoint: `http://localhost:${port}`,
      projectId: PROJECT,
      credentials: s.key,
      retryOptions: { autoRetry: false },
    });
    const hosted = `https://${s.bucket.name}.localhost/`;
    const auth = (await storage.authClient.getClient()) as unknown as {
      transporter: { instance: { interceptors: { request: { add(i: object): void } } } };
    };
    const seen: string[] = [];
    auth.transporter.instance.interceptors.request.add({
      resolved: async (opts: { url?: string | URL; method?: string }) => {
        const url = String(opts.url);
        if (url === 'https://www.googleapis.com/oauth2/v4/token') opts.url = `${s.emu.url}${TOKEN_PATH}`;
        if (url.startsWith(hosted)) {
          opts.url = `${s.emu.url}/${s.bucket.name}/${url.slice(hosted.length)}`;
          seen.push(`${opts.method} ${new URL(String(opts.url)).search.replace(/=[^&]+/g, '')}`);
        }
        return opts;
      },
    });
    const tm = new TransferManager(storage.bucket(s.bucket.name));
    const res = await tm.uploadFileInChunks(file, {
      chunkSizeBytes: 5 * MiB,
      uploadName: 'dir/big.bin',
      headers: { 'Content-Type': 'application/x-big', 'x-goog-meta-color': 'blue' },
      autoAbortFailure: false,
    });
    expect(res?.status).toBe(200);
    const put = 'PUT ?partNumber&uploadId';
    expect(seen).toEqual(['POST ?uploads', put, put, put, 'POST ?uploadId']);
    const [meta] = await s.bucket.file('dir/big.bin').getMetadata();
    expect(meta.size).toBe(String(data.length));
    expect(meta.contentType).toBe('application/x-big');
    expect(meta.metadata).toEqual({ color: 'blue' });
    expect(meta.crc32c).toBe(crc32cOf(data));
    expect(meta.md5Hash).toBeUndefined();
    expect(meta.componentCount).toBe(3);
    const [back] = await s.bucket.file('dir/big.bin').download();
    expect(back.equals(data)).toBe(true);

    // md5 validation sends Content-MD5 with each part; a second upload is a new generation.
    const again = bytes(6 * MiB, 9);
    await writeFile(file, again);
    await tm.uploadFileInChunks(file, {
      chunkSizeBytes: 5 * MiB,
      uploadName: 'dir/big.bin',
      validation: 'md5',
    });
    const [meta2] = await s.bucket.file('dir/big.bin').getMetadata();
    expect(Number(meta2.generation)).toBeGreaterThan(Number(meta.generation));
    expect(meta2.componentCount).toBe(2);
    const [back2] = await s.bucket.file('dir/big.bin').download();
    expect(back2.equals(again)).toBe(true);
  });
});

describe('XML API multipart upload over raw HTTP', () => {
  it('initiate, parts, list parts and uploads, complete; XML bodies as GCS answers them', async () => {
    await using emu = await startEmulator();
    const bucket = bucketName('mpu');
    await clientFor(emu.url).createBucket(bucket);
    const obj = objectUrl(emu.url, bucket, 'a/b c.txt');
    const init = await xml(`${emu.url}/${bucket}/a/b%20c.txt?uploads`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'cache-control': 'no-cache',
        'content-disposition': 'inline',
        'x-goog-storage-class': 'nearline',
        'x-goog-meta-k': 'v',
      },
    });
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    expect(init.text).toContain('<InitiateMultipartUploadResult');
    expect(tag(init.text, 'Bucket')).toBe(bucket);
    expect(tag(init.text, 'Key')).toBe('a/b c.txt');
    const id = tag(init.text, 'UploadId')!;
    expect(id.length).toBeGreaterThan(20);

    const p1 = bytes(5 * MiB, 1);
    const p2 = bytes(5 * MiB, 2);
    const p3 = Buffer.from('tail');
    // Uploaded out of order; the first try of part 2 is replaced by the second.
    const r3 = await obj.part(id, 3, p3);
    expect(r3.status).toBe(200);
    expect(r3.headers.get('etag')).toBe(`"${md5Hex(p3)}"`);
    expect(r3.headers.get('x-goog-hash')).toBe(
      `crc32c=${crc32cOf(p3)},md5=${createHash('md5').update(p3).digest('base64')}`,
    );
    expect((await obj.part(id, 2, Buffer.from('first try'))).status).toBe(200);
    const r2 = await obj.part(id, 2, p2, { 'x-goog-hash': `crc32c=${crc32cOf(p2)}` });
    expect(r2.status).toBe(200);
    const r1 = await obj.part(id, 1, p1, { 'content-md5': createHash('md5').update(p1).digest('base64') });
    expect(r1.status).toBe(200);

    const page1 = await obj.listParts(id, '&max-parts=2');
    expect(page1.status).toBe(200);
    expect(page1.text).toContain('<ListPartsResult');
    expect(tags(page1.text, 'PartNumber')).toEqual(['1', '2']);
    expect(tags(page1.text, 'Size')).toEqual([String(p1.length), String(p2.length)]);
    expect(tags(page1.text, 'ETag')).toEqual(
      [`"${md5Hex(p1)}"`, `"${md5Hex(p2)}"`].map((e) => e.replace(/"/g, '&quot;')),
    );
    expect(tag(page1.text, 'IsTruncated')).toBe('true');
    expect(tag(page1.text, 'NextPartNumberMarker')).toBe('2');
    expect(tag(page1.text, 'StorageClass')).toBe('NEARLINE');
    const page2 = await obj.listParts(id, '&max-parts=2&part-number-marker=2');
    expect(tags(page2.text, 'PartNumber')).toEqual(['3']);
    expect(tag(page2.text, 'IsTruncated')).toBe('false');

    // A second upload for another name, to list the bucket's uploads by prefix and delimiter.
    const other = await objectUrl(emu.url, bucket, 'z/other').initiate();
    const all = await xml(`${emu.url}/${bucket}?uploads`);
    expect(all.status).toBe(200);
    expect(all.text).toContain('<ListMultipartUploadsResult');
    expect(tags(all.text, 'Key')).toEqual(['a/b c.txt', 'z/other']);
    expect(tags(all.text, 'UploadId')).toEqual([id, other]);
    const one = await xml(`${emu.url}/${bucket}?uploads&max-uploads=1`);
    expect(tags(one.text, 'Key')).toEqual(['a/b c.txt']);
    expect(tag(one.text, 'IsTruncated')).toBe('true');
    expect(tag(one.text, 'NextKeyMarker')).toBe('a/b c.txt');
    const next = await xml(`${emu.url}/${bucket}?uploads&key-marker=${encodeURIComponent('a/b c.txt')}`);
    expect(tags(next.text, 'Key')).toEqual(['z/other']);
    const byPrefix = await xml(`${emu.url}/${bucket}?uploads&prefix=z/`);
    expect(tags(byPrefix.text, 'Key')).toEqual(['z/other']);
    const grouped = await xml(`${emu.url}/${bucket}?uploads&delimiter=/`);
    expect(tags(grouped.text, 'Prefix')).toEqual(['a/', 'z/']);
    expect(tags(grouped.text, 'Key')).toEqual([]);

    const done = await obj.complete(id, [
      [1, `"${md5Hex(p1)}"`],
      [2, md5Hex(p2)],
      [3, `&quot;${md5Hex(p3)}&quot;`],
    ]);
    expect(done.status).toBe(200);
    expect(done.text).toContain('<CompleteMultipartUploadResult');
    expect(tag(done.text, 'Key')).toBe('a/b c.txt');
    expect(tag(done.text, 'Location')).toBe(`${emu.url}/${bucket}/a/b%20c.txt`);
    expect(tag(done.text, 'ETag')).toMatch(/^&quot;[0-9a-f]{32}-3&quot;$/);
    const whole = Buffer.concat([p1, p2, p3]);
    expect(done.headers.get('x-goog-hash')).toBe(`crc32c=${crc32cOf(whole)}`);

    const file = clientFor(emu.url).bucket(bucket).file('a/b c.txt');
    const [meta] = await file.getMetadata();
    expect(meta).toMatchObject({
      contentType: 'text/plain',
      cacheControl: 'no-cache',
      contentDisposition: 'inline',
      storageClass: 'NEARLINE',
      metadata: { k: 'v' },
      size: String(whole.length),
      crc32c: crc32cOf(whole),
      componentCount: 3,
      generation: done.headers.get('x-goog-generation'),
    });
    expect(meta.md5Hash).toBeUndefined();
    expect((await file.download())[0].equals(whole)).toBe(true);

    // The upload is gone once completed: a retry of complete, list parts and parts are 404.
    expect((await obj.complete(id, [[1, md5Hex(p1)]])).text).toContain('<Code>NoSuchUpload</Code>');
    expect((await obj.listParts(id)).status).toBe(404);
    expect(tags((await xml(`${emu.url}/${bucket}?uploads`)).text, 'Key')).toEqual(['z/other']);
  });

  it('abort drops the upload and its parts; nothing is left under the data dir', async () => {
    const dataDir = join(await tempDir(), 'data');
    await using emu = await startEmulator({ dataDir });
    const bucket = bucketName('mpa');
    await clientFor(emu.url).createBucket(bucket);
    const obj = objectUrl(emu.url, bucket, '../../escape', true);
    const id = await obj.initiate();
    expect((await obj.part(id, 1, Buffer.from('part one'))).status).toBe(200);
    const spooled = async () =>
      (await readdir(dataDir, { recursive: true })).filter((f) => f.includes('xmlmpu-'));
    expect(await spooled()).toHaveLength(1);
    expect((await readdir(join(dataDir, '..'))).sort()).toEqual(['data']);
    const aborted = await obj.abort(id);
    expect(aborted.status).toBe(204);
    expect(await spooled()).toEqual([]);
    for (const r of [await obj.abort(id), await obj.listParts(id), await obj.part(id, 1, Buffer.from('x'))]) {
      expect(r.status).toBe(404);
      expect(r.text).toContain('<Code>NoSuchUpload</Code>');
    }
    const [exists] = await clientFor(emu.url).bucket(bucket).file('../../escape').exists();
    expect(exists).toBe(false);
  });

  it('a restart forgets open uploads and removes their part files from the data dir', async () => {
    const dataDir = join(await tempDir(), 'data');
    const spooled = async () =>
      (await readdir(dataDir, { recursive: true })).filter((f) => f.includes('xmlmpu-'));
    const bucket = bucketName('mpr');
    let id: string;
    {
      await using emu = await startEmulator({ dataDir });
      await clientFor(emu.url).createBucket(bucket);
      const obj = objectUrl(emu.url, bucket, 'o');
      id = await obj.initiate();
      expect((await obj.part(id, 1, Buffer.from('kept on disk'))).status).toBe(200);
    }
    expect(await spooled()).toHaveLength(1);
    await using emu = await startEmulator({ dataDir });
    expect(await spooled()).toEqual([]);
    const r = await objectUrl(emu.url, bucket, 'o').listParts(id);
    expect(r.status).toBe(404);
    expect(r.text).toContain('<Code>NoSuchUpload</Code>');
  });

  it("x-goog-acl on initiate is the object's canned ACL; an unknown one is 400", async () => {
    await using emu = await startEmulator();
    const bucket = bucketName('mpacl');
    await clientFor(emu.url).createBucket(bucket);
    const bogus = await xml(`${emu.url}/${bucket}/o?uploads`, {
      method: 'POST',
      headers: { 'x-goog-acl': 'everyone-may-write' },
    });
    expect(bogus.status).toBe(400);
    expect(bogus.text).toContain('<Code>InvalidArgument</Code>');
    const obj = objectUrl(emu.url, bucket, 'public.txt');
    const id = await obj.initiate({ 'x-goog-acl': 'public-read' });
    const body = Buffer.from('for everyone');
    expect((await obj.part(id, 1, body)).status).toBe(200);
    expect((await obj.complete(id, [[1, md5Hex(body)]])).status).toBe(200);
    const [acl] = await clientFor(emu.url).bucket(bucket).file('public.txt').acl.get();
    expect(acl).toEqual(
      expect.arrayContaining([expect.objectContaining({ entity: 'allUsers', role: 'READER' })]),
    );
  });

  it('refuses bad parts and bad completions with GCS XML error codes', async () => {
    await using emu = await startEmulator();
    const bucket = bucketName('mpe');
    await clientFor(emu.url).createBucket(bucket);

    const missing = await xml(`${emu.url}/no-such-bucket-${bucket}/o?uploads`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<Code>NoSuchBucket</Code>');
    const badClass = await xml(`${emu.url}/${bucket}/o?uploads`, {
      method: 'POST',
      headers: { 'x-goog-storage-class': 'SHINY' },
    });
    expect(badClass.status).toBe(400);
    expect(badClass.text).toContain('<Code>InvalidArgument</Code>');

    const obj = objectUrl(emu.url, bucket, 'o');
    const id = await obj.initiate();
    const small = Buffer.from('small part');
    for (const n of [0, 10001, 'x']) {
      const r = await obj.part(id, n, small);
      expect(r.status).toBe(400);
      expect(r.text).toContain('<Code>InvalidArgument</Code>');
    }
    const wrongMd5 = await obj.part(id, 1, small, {
      'content-md5': createHash('md5').update('other').digest('base64'),
    });
    expect(wrongMd5.status).toBe(400);
    expect(wrongMd5.text).toContain('<Code>BadDigest</Code>');
    const wrongCrc = await obj.part(id, 1, small, {
      'x-goog-hash': `crc32c=${crc32cOf(Buffer.from('other'))}`,
    });
    expect(wrongCrc.status).toBe(400);
    expect(wrongCrc.text).toContain('<Code>BadDigest</Code>');
    const unknown = await objectUrl(emu.url, bucket, 'o').part('not-an-upload', 1, small);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('<Code>NoSuchUpload</Code>');
    // An upload id belongs to its object.
    expect((await objectUrl(emu.url, bucket, 'other').part(id, 1, small)).status).toBe(404);
    expect((await obj.listParts(id)).text).not.toContain('<Part>');

    expect((await obj.part(id, 1, small)).status).toBe(200);
    expect((await obj.part(id, 2, small)).status).toBe(200);
    const e = md5Hex(small);
    const cases: [[number, string][] | string, string][] = [
      [
        [
          [2, e],
          [1, e],
        ],
        'InvalidPartOrder',
      ],
      [
        [
          [1, e],
          [1, e],
        ],
        'InvalidPartOrder',
      ],
      [
        [
          [1, e],
          [3, e],
        ],
        'InvalidPart',
      ],
      [[[1, md5Hex(Buffer.from('nope'))]], 'InvalidPart'],
      [
        [
          [1, e],
          [2, e],
        ],
        'EntityTooSmall',
      ],
      ['<CompleteMultipartUpload></CompleteMultipartUpload>', 'MalformedXML'],
      ['not xml', 'MalformedXML'],
    ];
    for (const [parts, code] of cases) {
      const r =
        typeof parts === 'string'
          ? await xml(`${emu.url}/${bucket}/o?uploadId=${id}`, { method: 'POST', body: parts })
          : await obj.complete(id, parts);
      expect({ code, status: r.status, text: r.text }).toMatchObject({
        status: 400,
        text: expect.stringContaining(`<Code>${code}</Code>`),
      });
    }
    // Each refusal leaves the upload open: one small part alone (the last) is allowed.
    const done = await obj.complete(id, [[2, e]]);
    expect(done.status).toBe(200);
    const [back] = await clientFor(emu.url).bucket(bucket).file('o').download();
    expect(back.toString()).toBe('small part');
    const listMissing = await xml(`${emu.url}/no-such-bucket-${bucket}?uploads`);
    expect(listMissing.status).toBe(404);
    expect(listMissing.text).toContain('<Code>NoSuchBucket</Code>');
  });
});
