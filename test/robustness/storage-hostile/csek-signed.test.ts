// Hostile customer-supplied encryption key headers and signed URL (V4, V2) parameters.
// Each request must get a 4xx; the emulator stays up and keeps serving an object stored before.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  B,
  completeBody,
  expect4xx,
  hit,
  KEEP,
  s,
  sha,
  stillServes,
  tag,
  useHostileEmulator,
} from './setup.ts';

useHostileEmulator();

describe('customer-supplied encryption key headers under attack', () => {
  const key = randomBytes(32);
  const bad: Record<string, Record<string, string>> = {
    'bad base64': {
      'x-goog-encryption-algorithm': 'AES256',
      'x-goog-encryption-key': '!!!not base64***',
      'x-goog-encryption-key-sha256': sha(key),
    },
    'a 16-byte key': (() => {
      const k = randomBytes(16);
      return {
        'x-goog-encryption-algorithm': 'AES256',
        'x-goog-encryption-key': k.toString('base64'),
        'x-goog-encryption-key-sha256': sha(k),
      };
    })(),
    AES128: {
      'x-goog-encryption-algorithm': 'AES128',
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': sha(key),
    },
    'no sha': { 'x-goog-encryption-algorithm': 'AES256', 'x-goog-encryption-key': key.toString('base64') },
    'sha mismatch': {
      'x-goog-encryption-algorithm': 'AES256',
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': sha(randomBytes(32)),
    },
    'sha not base64': {
      'x-goog-encryption-algorithm': 'AES256',
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': '%%%',
    },
    'no algorithm': {
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': sha(key),
    },
    'empty values': {
      'x-goog-encryption-algorithm': '',
      'x-goog-encryption-key': '',
      'x-goog-encryption-key-sha256': '',
    },
    'huge key': {
      'x-goog-encryption-algorithm': 'AES256',
      'x-goog-encryption-key': 'A'.repeat(40_000),
      'x-goog-encryption-key-sha256': sha(key),
    },
    'latin-1 bytes': {
      'x-goog-encryption-algorithm': 'AES256\xff',
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': sha(key),
    },
  };
  for (const [what, headers] of Object.entries(bad)) {
    it(`${what}: 400 on JSON media and resumable uploads, signed PUT, multipart initiate and reads; nothing stored`, async () => {
      const name = `csek/${what.replace(/\W/g, '-')}`;
      const up = await hit(
        'POST',
        `/upload/storage/v1/b/${B}/o?uploadType=media&name=${encodeURIComponent(name)}`,
        headers,
        'data',
      );
      expect4xx(up, 400);
      const [put] = await s.bucket
        .file(name)
        .getSignedUrl({ version: 'v4', action: 'write', expires: Date.now() + 600_000 });
      const signed = new URL(put);
      expect4xx(await hit('PUT', `${signed.pathname}${signed.search}`, headers, 'data'), 400);
      expect4xx(await hit('POST', `/${B}/${name}?uploads`, headers), 400);
      expect4xx(
        await hit(
          'POST',
          `/upload/storage/v1/b/${B}/o?uploadType=resumable&name=${encodeURIComponent(name)}`,
          headers,
        ),
        400,
      );
      expect4xx(await hit('GET', `/${B}/${KEEP}`, headers), 400);
      expect4xx(await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(KEEP)}?alt=media`, headers), 400);
      expect4xx(await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(name)}`), 404);
      await stillServes();
    });
  }
});

describe('signed URL parameters under attack', () => {
  async function signedV4() {
    const [url] = await s.bucket
      .file(KEEP)
      .getSignedUrl({ version: 'v4', action: 'read', expires: Date.now() + 600_000 });
    return new URL(url);
  }
  async function signedV2() {
    const [url] = await s.bucket
      .file(KEEP)
      .getSignedUrl({ version: 'v2', action: 'read', expires: Date.now() + 600_000 });
    return new URL(url);
  }
  const pathOf = (u: URL) => `${u.pathname}${u.search}`;

  it('a valid V4 and V2 URL read the object (the baseline the attacks mutate)', async () => {
    expect((await hit('GET', pathOf(await signedV4()))).status).toBe(200);
    expect((await hit('GET', pathOf(await signedV2()))).status).toBe(200);
  });

  const v4: Record<string, (q: URLSearchParams) => void> = {
    'X-Goog-Date not a date': (q) => q.set('X-Goog-Date', 'yesterday'),
    'X-Goog-Date month 13': (q) => q.set('X-Goog-Date', `${q.get('X-Goog-Date')!.slice(0, 4)}1301T000000Z`),
    'X-Goog-Date empty': (q) => q.set('X-Goog-Date', ''),
    'X-Goog-Expires non-numeric': (q) => q.set('X-Goog-Expires', 'soon'),
    'X-Goog-Expires huge': (q) => q.set('X-Goog-Expires', '9'.repeat(400)),
    'X-Goog-Expires negative': (q) => q.set('X-Goog-Expires', '-5'),
    'X-Goog-Expires 604801': (q) => q.set('X-Goog-Expires', '604801'),
    'X-Goog-Expires fractional': (q) => q.set('X-Goog-Expires', '1.5'),
    'X-Goog-Signature non-hex': (q) => q.set('X-Goog-Signature', 'zz'.repeat(256)),
    'X-Goog-Signature odd length': (q) => q.set('X-Goog-Signature', `${q.get('X-Goog-Signature')}a`),
    'X-Goog-Signature empty': (q) => q.set('X-Goog-Signature', ''),
    'X-Goog-Date duplicated': (q) => q.append('X-Goog-Date', q.get('X-Goog-Date')!),
    'X-Goog-Algorithm unknown': (q) => q.set('X-Goog-Algorithm', 'GOOG4-RSA-MD5'),
    'X-Goog-Credential garbage': (q) => q.set('X-Goog-Credential', '////'),
    'X-Goog-Credential huge': (q) =>
      q.set('X-Goog-Credential', `${'a'.repeat(20_000)}/20200101/auto/storage/goog4_request`),
    'X-Goog-SignedHeaders without host': (q) => q.set('X-Goog-SignedHeaders', 'x-goog-meta-a'),
    'X-Goog-SignedHeaders empty': (q) => q.set('X-Goog-SignedHeaders', ''),
    'X-Goog-SignedHeaders many': (q) =>
      q.set('X-Goog-SignedHeaders', `host;${Array.from({ length: 2000 }, (_, i) => `h${i}`).join(';')}`),
  };
  for (const [what, mutate] of Object.entries(v4)) {
    it(`V4: ${what} is a 4xx`, async () => {
      const u = await signedV4();
      mutate(u.searchParams);
      expect4xx(await hit('GET', pathOf(u)));
      await stillServes();
    });
  }

  const v2: Record<string, (q: URLSearchParams) => void> = {
    'Expires non-numeric': (q) => q.set('Expires', 'tomorrow'),
    'Expires huge': (q) => q.set('Expires', '9'.repeat(400)),
    'Expires negative': (q) => q.set('Expires', '-1'),
    'Expires empty': (q) => q.set('Expires', ''),
    'Signature not base64': (q) => q.set('Signature', '***'),
    'Signature empty': (q) => q.set('Signature', ''),
    'GoogleAccessId unknown': (q) => q.set('GoogleAccessId', 'nobody@example.com'),
    'GoogleAccessId empty': (q) => q.set('GoogleAccessId', ''),
  };
  for (const [what, mutate] of Object.entries(v2)) {
    it(`V2: ${what} is a 4xx`, async () => {
      const u = await signedV2();
      mutate(u.searchParams);
      expect4xx(await hit('GET', pathOf(u)));
      await stillServes();
    });
  }

  it.todo(
    'a duplicated X-Goog-Signature / V2 Signature parameter: the first one is used and the URL works (GCS behaviour undocumented)',
  );

  it('a V4 signed resumable start with mangled parameters is a 4xx and starts nothing', async () => {
    const [url] = await s.bucket.file('signed/resumable').getSignedUrl({
      version: 'v4',
      action: 'resumable',
      expires: Date.now() + 600_000,
    });
    const u = new URL(url);
    u.searchParams.set('X-Goog-Expires', 'NaN');
    expect4xx(await hit('POST', pathOf(u), { 'x-goog-resumable': 'start' }));
    const v = new URL(url);
    v.searchParams.set('X-Goog-Signature', 'ab');
    expect4xx(await hit('POST', pathOf(v), { 'x-goog-resumable': 'start' }), 403);
    await stillServes();
  });
});

describe('XML multipart uploads with a customer-supplied key', () => {
  const keyed = (k: Buffer) => ({
    'x-goog-encryption-algorithm': 'AES256',
    'x-goog-encryption-key': k.toString('base64'),
    'x-goog-encryption-key-sha256': sha(k),
  });

  // Google's "Complete multipart upload" page: the complete request must repeat the initiate's
  // customer-supplied key headers and values.
  it('completing without the initiating key, or with another key, is 400; with it, 200', async () => {
    const key = keyed(randomBytes(32));
    const name = 'csek/mpu';
    const init = await hit('POST', `/${B}/${name}?uploads`, key);
    expect(init.status).toBe(200);
    const id = tag(init.body, 'UploadId')!;
    const part = await hit('PUT', `/${B}/${name}?partNumber=1&uploadId=${id}`, key, 'secret');
    expect(part.status).toBe(200);
    const body = completeBody([[1, part.headers.etag!]]);
    for (const headers of [{}, keyed(randomBytes(32))]) {
      const r = await hit('POST', `/${B}/${name}?uploadId=${id}`, headers, body);
      expect4xx(r, 400);
      expect4xx(await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(name)}`), 404);
    }
    const done = await hit('POST', `/${B}/${name}?uploadId=${id}`, key, body);
    expect(done.status).toBe(200);
    expect(done.headers['x-goog-encryption-key-sha256']).toBe(key['x-goog-encryption-key-sha256']);
    expect((await hit('GET', `/${B}/${name}`, key)).body).toBe('secret');
    expect4xx(await hit('GET', `/${B}/${name}`), 400);
    await stillServes();
  });
});
