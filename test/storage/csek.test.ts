// Customer-supplied encryption keys: writes record the key's hash, reads need the same key,
// copy/rewrite take the source key apart from the destination's, compose needs the sources' key.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bucketName, bytes, call, clientFor, startEmulator } from './helpers.ts';
import { signingSetup } from './signed-helpers.ts';

const sha = (key: Buffer) => createHash('sha256').update(key).digest('base64');

function keyHeaders(key: Buffer, prefix = 'x-goog-encryption-'): Record<string, string> {
  return {
    [`${prefix}algorithm`]: 'AES256',
    [`${prefix}key`]: key.toString('base64'),
    [`${prefix}key-sha256`]: sha(key),
  };
}

const reasonOf = (body: { error?: { errors?: { reason?: string }[] } }) => body?.error?.errors?.[0]?.reason;

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('storage customer-supplied encryption keys', () => {
  it('save/download with the key; reads without it or with another key are refused', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('csek'));
    const key = randomBytes(32);
    const data = bytes(5000, 3);
    for (const resumable of [false, true]) {
      const name = `obj-${resumable}`;
      await bucket.file(name, { encryptionKey: key }).save(data, { resumable });
      const [back] = await bucket.file(name, { encryptionKey: key }).download();
      expect(back.equals(data)).toBe(true);
      // Metadata reads need no key (GCS returns it, hash included in the record).
      const [meta] = await bucket.file(name).getMetadata();
      expect(meta.customerEncryption).toEqual({ encryptionAlgorithm: 'AES256', keySha256: sha(key) });
      await expect(bucket.file(name).download()).rejects.toMatchObject({
        code: 400,
        message: expect.stringContaining(
          'The target object is encrypted by a customer-supplied encryption key.',
        ),
      });
      await expect(bucket.file(name, { encryptionKey: randomBytes(32) }).download()).rejects.toMatchObject({
        code: 400,
        message: expect.stringContaining('The provided encryption key is incorrect.'),
      });
    }
    const url = `${emu.url}/download/storage/v1/b/${bucket.name}/o/obj-false?alt=media`;
    const missing = await call(url);
    expect(missing.status).toBe(400);
    expect(reasonOf(missing.body)).toBe('resourceIsEncryptedWithCustomerEncryptionKey');
    const wrong = await call(url, { headers: keyHeaders(randomBytes(32)) });
    expect(reasonOf(wrong.body)).toBe('customerEncryptionKeyIsIncorrect');
    const ok = await fetch(url, { headers: keyHeaders(key) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-goog-encryption-algorithm')).toBe('AES256');
    expect(ok.headers.get('x-goog-encryption-key-sha256')).toBe(sha(key));
    expect(Buffer.from(await ok.arrayBuffer()).equals(data)).toBe(true);
    // The XML API read is held to the same rule.
    const xml = await call(`${emu.url}/${bucket.name}/obj-false`);
    expect(xml.status).toBe(400);
    // A key for an object written without one is refused too.
    await bucket.file('plain').save('plain', { resumable: false });
    const unexpected = await call(`${emu.url}/download/storage/v1/b/${bucket.name}/o/plain?alt=media`, {
      headers: keyHeaders(key),
    });
    expect(reasonOf(unexpected.body)).toBe('resourceNotEncryptedWithCustomerEncryptionKey');
  });

  it('malformed key headers on a write are 400 with GCS reasons, and nothing is stored', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('csek-bad'));
    const key = randomBytes(32);
    const upload = (headers: Record<string, string>, query = '') =>
      call(`${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=x${query}`, {
        method: 'POST',
        headers,
        body: 'hello',
      });
    const cases: [Record<string, string>, string][] = [
      [
        { ...keyHeaders(key), 'x-goog-encryption-algorithm': 'AES128' },
        'customerEncryptionAlgorithmIsInvalid',
      ],
      [
        { ...keyHeaders(key), 'x-goog-encryption-key': randomBytes(16).toString('base64') },
        'customerEncryptionKeyFormatIsInvalid',
      ],
      [
        { ...keyHeaders(key), 'x-goog-encryption-key-sha256': sha(randomBytes(32)) },
        'customerEncryptionKeySha256IsInvalid',
      ],
      [
        { 'x-goog-encryption-algorithm': 'AES256', 'x-goog-encryption-key': key.toString('base64') },
        'customerEncryptionKeySha256IsInvalid',
      ],
    ];
    for (const [headers, reason] of cases) {
      const res = await upload(headers);
      expect(res.status).toBe(400);
      expect(reasonOf(res.body)).toBe(reason);
    }
    const kms = await upload(keyHeaders(key), '&kmsKeyName=projects/p/locations/l/keyRings/r/cryptoKeys/k');
    expect(kms.status).toBe(400);
    const [exists] = await bucket.file('x').exists();
    expect(exists).toBe(false);
  });

  it('a signed XML PUT takes the key headers; the XML GET needs them', async () => {
    await using s = await signingSetup('csek');
    const key = randomBytes(32);
    const file = s.bucket.file('xml-put');
    const expires = Date.now() + 10 * 60_000;
    const [putUrl] = await file.getSignedUrl({ version: 'v4', action: 'write', expires });
    const bad = await call(putUrl, {
      method: 'PUT',
      headers: { ...keyHeaders(key), 'x-goog-encryption-algorithm': 'AES512' },
      body: 'xml bytes',
    });
    expect(bad.status).toBe(400);
    const put = await call(putUrl, { method: 'PUT', headers: keyHeaders(key), body: 'xml bytes' });
    expect(put.status).toBe(200);
    expect(put.headers.get('x-goog-encryption-key-sha256')).toBe(sha(key));
    const [meta] = await file.getMetadata();
    expect(meta.customerEncryption?.keySha256).toBe(sha(key));
    const [getUrl] = await file.getSignedUrl({ version: 'v4', action: 'read', expires });
    expect((await call(getUrl)).status).toBe(400);
    const got = await fetch(getUrl, { headers: keyHeaders(key) });
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('xml bytes');
  });

  it('copy needs the source key; rotateEncryptionKey rewrites under a new key', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(bucketName('csek-copy'));
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const data = bytes(3000, 5);
    // The Node client's copy takes on the destination's key, so each step gets a fresh File.
    const src = () => bucket.file('src', { encryptionKey: oldKey });
    await src().save(data, { resumable: false });
    await src().copy(bucket.file('dst', { encryptionKey: newKey }));
    const [dst] = await bucket.file('dst', { encryptionKey: newKey }).download();
    expect(dst.equals(data)).toBe(true);
    // Only the source key: the copy is not CSEK-encrypted.
    const clear = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/src/copyTo/b/${bucket.name}/o/clear`, {
      method: 'POST',
      headers: {
        ...keyHeaders(oldKey, 'x-goog-copy-source-encryption-'),
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(clear.status).toBe(200);
    expect(clear.body.customerEncryption).toBeUndefined();
    const [clearBytes] = await bucket.file('clear').download();
    expect(clearBytes.equals(data)).toBe(true);
    // Without the source key the rewrite is refused.
    await expect(bucket.file('src').copy(bucket.file('nope'))).rejects.toMatchObject({ code: 400 });
    const raw = await call(`${emu.url}/storage/v1/b/${bucket.name}/o/src/rewriteTo/b/${bucket.name}/o/nope`, {
      method: 'POST',
      headers: { ...keyHeaders(oldKey), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reasonOf(raw.body)).toBe('resourceIsEncryptedWithCustomerEncryptionKey');
    // Rotation in place.
    await src().rotateEncryptionKey({ encryptionKey: newKey });
    const [meta] = await bucket.file('src').getMetadata();
    expect(meta.customerEncryption?.keySha256).toBe(sha(newKey));
    await expect(bucket.file('src', { encryptionKey: oldKey }).download()).rejects.toMatchObject({
      code: 400,
    });
    const [rotated] = await bucket.file('src', { encryptionKey: newKey }).download();
    expect(rotated.equals(data)).toBe(true);
  });

  it('compose sources must be encrypted with the request key', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('csek-compose'));
    const key = randomBytes(32);
    await bucket.file('a', { encryptionKey: key }).save('aaa', { resumable: false });
    await bucket.file('b', { encryptionKey: key }).save('bbb', { resumable: false });
    await bucket.file('c', { encryptionKey: randomBytes(32) }).save('ccc', { resumable: false });
    const compose = (sources: string[], headers: Record<string, string>) =>
      call(`${emu.url}/storage/v1/b/${bucket.name}/o/out/compose`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ sourceObjects: sources.map((name) => ({ name })), destination: {} }),
      });
    const ok = await compose(['a', 'b'], keyHeaders(key));
    expect(ok.status).toBe(200);
    expect(ok.body.customerEncryption).toEqual({ encryptionAlgorithm: 'AES256', keySha256: sha(key) });
    const [out] = await bucket.file('out', { encryptionKey: key }).download();
    expect(out.toString()).toBe('aaabbb');
    expect(reasonOf((await compose(['a', 'c'], keyHeaders(key))).body)).toBe(
      'customerEncryptionKeyIsIncorrect',
    );
    expect(reasonOf((await compose(['a', 'b'], {})).body)).toBe(
      'resourceIsEncryptedWithCustomerEncryptionKey',
    );
  });

  it('XML multipart: parts carry the initiating key; the object records it', async () => {
    await using emu = await startEmulator();
    const name = bucketName('csek-mpu');
    await clientFor(emu.url).createBucket(name);
    const key = randomBytes(32);
    const at = `${emu.url}/${name}/mpu.bin`;
    const init = await fetch(`${at}?uploads`, { method: 'POST', headers: keyHeaders(key) });
    const id = /<UploadId>([^<]+)<\/UploadId>/.exec(await init.text())?.[1];
    expect(id).toBeTruthy();
    const part = (headers: Record<string, string>) =>
      fetch(`${at}?partNumber=1&uploadId=${id}`, { method: 'PUT', headers, body: 'part one' });
    const bare = await part({});
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('encrypted by a customer-supplied encryption key');
    expect((await part(keyHeaders(randomBytes(32)))).status).toBe(400);
    const good = await part(keyHeaders(key));
    expect(good.status).toBe(200);
    const etag = good.headers.get('etag');
    const done = await fetch(`${at}?uploadId=${id}`, {
      method: 'POST',
      headers: keyHeaders(key),
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(done.status).toBe(200);
    expect(done.headers.get('x-goog-encryption-key-sha256')).toBe(sha(key));
    const [back] = await clientFor(emu.url).bucket(name).file('mpu.bin', { encryptionKey: key }).download();
    expect(back.toString()).toBe('part one');
  });

  it('the key hash survives a restart with dataDir', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'gcs-csek-'));
    dirs.push(parent);
    const dataDir = join(parent, 'data');
    const key = randomBytes(32);
    const name = bucketName('csek-persist');
    {
      await using emu = await startEmulator({ dataDir });
      const [bucket] = await clientFor(emu.url).createBucket(name);
      await bucket.file('k', { encryptionKey: key }).save('kept', { resumable: false });
    }
    await using emu = await startEmulator({ dataDir });
    const bucket = clientFor(emu.url).bucket(name);
    await expect(bucket.file('k').download()).rejects.toMatchObject({ code: 400 });
    const [back] = await bucket.file('k', { encryptionKey: key }).download();
    expect(back.toString()).toBe('kept');
  });
});
