// Hostile XML API multipart uploads: part numbers, upload ids, completion bodies, races, listings.
// Each request must get a 4xx; the emulator stays up and keeps serving an object stored before.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sendRaw } from '../raw-socket.ts';
import {
  B,
  completeBody,
  expect4xx,
  hit,
  initiate,
  MiB,
  port,
  sha,
  stillServes,
  tag,
  useHostileEmulator,
} from './setup.ts';

useHostileEmulator();

describe('XML API multipart uploads under attack', () => {
  it('part numbers that are not 1..10000 integers are 400 InvalidArgument', async () => {
    const id = await initiate('mpu/numbers');
    for (const n of ['0', '-1', '10001', '99999999999999999999', '1.5', 'abc', '', '1e3', ' 1', '0x10']) {
      const r = await hit(
        'PUT',
        `/${B}/mpu/numbers?partNumber=${encodeURIComponent(n)}&uploadId=${id}`,
        {},
        'x',
      );
      expect4xx(r, 400);
    }
    await stillServes();
  });

  it('unknown upload ids and ids of another object are 404 NoSuchUpload on every verb', async () => {
    const other = await initiate('mpu/other');
    for (const id of ['nope', other, '', '%00', 'x'.repeat(8000)]) {
      for (const [method, query, body] of [
        ['PUT', `partNumber=1&uploadId=${id}`, 'x'],
        ['POST', `uploadId=${id}`, completeBody([[1, '"x"']])],
        ['GET', `uploadId=${id}`, undefined],
        ['DELETE', `uploadId=${id}`, undefined],
      ] as const) {
        const r = await hit(method, `/${B}/mpu/mine?${query}`, {}, body);
        expect4xx(r);
        if (id !== '') expect(r.status).toBe(404);
      }
    }
    await stillServes();
  });

  it('malformed, huge, deeply nested and entity-laden completion bodies are 400 without hanging', async () => {
    const id = await initiate('mpu/bodies');
    const part = await hit('PUT', `/${B}/mpu/bodies?partNumber=1&uploadId=${id}`, {}, 'abc');
    expect(part.status).toBe(200);
    const etag = part.headers.etag!;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' +
      Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${`&${i ? 'b'.repeat(i) : 'a'};`.repeat(10)}">`,
      ).join('') +
      ']>' +
      `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&bbbbbbbbb;</ETag></Part></CompleteMultipartUpload>`;
    const bodies = [
      '',
      'not xml at all',
      '<CompleteMultipartUpload>',
      '<CompleteMultipartUpload></CompleteMultipartUpload>',
      '<CompleteMultipartUpload><Part></Part></CompleteMultipartUpload>',
      `${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}`,
      `<CompleteMultipartUpload>${'<Part>'.repeat(2_000)}</CompleteMultipartUpload>`,
      laughs,
      `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&e;</ETag></Part></CompleteMultipartUpload>`,
      completeBody([['abc', etag]]),
      completeBody([['-1', etag]]),
      completeBody([['10001', etag]]),
      completeBody([['1.0', etag]]),
      `<CompleteMultipartUpload>${'<Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part>'.repeat(200_000)}</CompleteMultipartUpload>`,
      Buffer.from([0x3c, 0xff, 0xfe, 0x00, 0x3e]).toString('latin1'),
      completeBody([[1, '&#xD800;']]),
      completeBody([[1, '&#0;']]),
    ];
    for (const body of bodies) {
      const started = Date.now();
      const r = await hit(
        'POST',
        `/${B}/mpu/bodies?uploadId=${id}`,
        { 'content-type': 'application/xml' },
        body,
      );
      expect4xx(r);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // The upload is still intact: a well-formed completion works.
    const done = await hit('POST', `/${B}/mpu/bodies?uploadId=${id}`, {}, completeBody([[1, etag]]));
    expect(done.status).toBe(200);
    expect((await hit('GET', `/${B}/mpu/bodies`)).body).toBe('abc');
    await stillServes();
  }, 30_000);

  it('100,000 unclosed <Part> tags (600 KB) are 400 MalformedXML at once; the event loop stays free', async () => {
    const id = await initiate('mpu/unclosed');
    const body = `<CompleteMultipartUpload>${'<Part>'.repeat(100_000)}</CompleteMultipartUpload>`;
    // The emulator runs in this process: a blocked event loop would delay this timer too.
    let late = 0;
    const planned = Date.now() + 50;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        late = Date.now() - planned;
        resolve();
      }, 50),
    );
    const started = Date.now();
    const r = await hit(
      'POST',
      `/${B}/mpu/unclosed?uploadId=${id}`,
      { 'content-type': 'application/xml' },
      body,
    );
    await timer;
    expect4xx(r, 400);
    expect(r.body).toContain('<Code>MalformedXML</Code>');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(late).toBeLessThan(2_000);
    await stillServes();
  });

  it('character references outside XML 1.0 (&#99999999;, &#x110000;) are 400 MalformedXML, not 500', async () => {
    const id = await initiate('mpu/charref');
    for (const ref of ['&#99999999;', '&#x110000;', '&#xFFFE;']) {
      const r = await hit('POST', `/${B}/mpu/charref?uploadId=${id}`, {}, completeBody([[1, ref]]));
      expect4xx(r, 400);
      expect(r.body).toContain('<Code>MalformedXML</Code>');
    }
    await stillServes();
  });

  it('duplicate, out-of-order, missing and wrong-ETag parts are 400; completing twice is 404', async () => {
    const id = await initiate('mpu/parts');
    const p1 = await hit('PUT', `/${B}/mpu/parts?partNumber=1&uploadId=${id}`, {}, Buffer.alloc(5 * MiB, 1));
    const p2 = await hit('PUT', `/${B}/mpu/parts?partNumber=2&uploadId=${id}`, {}, 'tail');
    const [e1, e2] = [p1.headers.etag!, p2.headers.etag!];
    for (const parts of [
      [
        [1, e1],
        [1, e1],
        [2, e2],
      ],
      [
        [2, e2],
        [1, e1],
      ],
      [
        [1, e1],
        [3, e2],
      ],
      [
        [1, e2],
        [2, e2],
      ],
      [
        [1, '"not-an-etag"'],
        [2, e2],
      ],
    ] as [number, string][][]) {
      const r = await hit('POST', `/${B}/mpu/parts?uploadId=${id}`, {}, completeBody(parts));
      expect4xx(r, 400);
    }
    const ok = await hit(
      'POST',
      `/${B}/mpu/parts?uploadId=${id}`,
      {},
      completeBody([
        [1, e1],
        [2, e2],
      ]),
    );
    expect(ok.status).toBe(200);
    const again = await hit(
      'POST',
      `/${B}/mpu/parts?uploadId=${id}`,
      {},
      completeBody([
        [1, e1],
        [2, e2],
      ]),
    );
    expect4xx(again, 404);
    const put = await hit('PUT', `/${B}/mpu/parts?partNumber=3&uploadId=${id}`, {}, 'late');
    expect4xx(put, 404);
    const head = await hit('HEAD', `/${B}/mpu/parts`);
    expect(head.headers['content-length']).toBe(String(5 * MiB + 4));
    await stillServes();
  }, 20_000);

  it('an abort while a part is still arriving leaves no object and a dead upload id', async () => {
    const id = await initiate('mpu/aborted');
    const head =
      `PUT /${B}/mpu/aborted?partNumber=1&uploadId=${id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Content-Length: ${2 * MiB}\r\nConnection: close\r\n\r\n`;
    const sock = sendRaw('127.0.0.1', port, [Buffer.from(head), Buffer.alloc(MiB, 7)], 4_000);
    await new Promise((r) => setTimeout(r, 300));
    const abort = await hit('DELETE', `/${B}/mpu/aborted?uploadId=${id}`);
    expect(abort.status).toBe(204);
    await sock;
    const list = await hit('GET', `/${B}/mpu/aborted?uploadId=${id}`);
    expect4xx(list, 404);
    const done = await hit('POST', `/${B}/mpu/aborted?uploadId=${id}`, {}, completeBody([[1, '"x"']]));
    expect4xx(done, 404);
    expect4xx(await hit('GET', `/${B}/mpu/aborted`), 404);
    await stillServes();
  }, 15_000);
});

describe('XML API multipart races and listings under attack', () => {
  it('concurrent completes make one generation; the others, and a racing abort, are 404', async () => {
    const id = await initiate('race/complete');
    const part = await hit('PUT', `/${B}/race/complete?partNumber=1&uploadId=${id}`, {}, 'hello');
    const body = completeBody([[1, part.headers.etag!]]);
    const answers = await Promise.all(
      [1, 2, 3].map(() => hit('POST', `/${B}/race/complete?uploadId=${id}`, {}, body)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404, 404]);
    const versions = await hit('GET', `/storage/v1/b/${B}/o?versions=true&prefix=race%2Fcomplete`);
    expect(JSON.parse(versions.body).items).toHaveLength(1);

    const id2 = await initiate('race/abort');
    const p2 = await hit('PUT', `/${B}/race/abort?partNumber=1&uploadId=${id2}`, {}, 'hello');
    const [done, abort] = await Promise.all([
      hit('POST', `/${B}/race/abort?uploadId=${id2}`, {}, completeBody([[1, p2.headers.etag!]])),
      hit('DELETE', `/${B}/race/abort?uploadId=${id2}`),
    ]);
    // Either order is fine; what matters is a consistent end: object iff the complete won.
    expect([done.status, abort.status].sort()).toEqual(done.status === 200 ? [200, 404] : [204, 404]);
    expect((await hit('GET', `/${B}/race/abort`)).status).toBe(done.status === 200 ? 200 : 404);
    await stillServes();
  });

  it('a part replaced while the upload completes never changes the completed object', async () => {
    const id = await initiate('race/part');
    const p1 = await hit('PUT', `/${B}/race/part?partNumber=1&uploadId=${id}`, {}, 'hello');
    const [replace, done] = await Promise.all([
      hit('PUT', `/${B}/race/part?partNumber=1&uploadId=${id}`, {}, Buffer.alloc(3 * MiB, 1)),
      hit('POST', `/${B}/race/part?uploadId=${id}`, {}, completeBody([[1, p1.headers.etag!]])),
    ]);
    // Complete first: the late part is 404. Part first: its new ETag no longer matches (400).
    if (done.status === 200) {
      expect4xx(replace, 404);
      expect((await hit('GET', `/${B}/race/part`)).body).toBe('hello');
    } else {
      expect(replace.status).toBe(200);
      expect4xx(done, 400);
      expect4xx(await hit('GET', `/${B}/race/part`), 404);
    }
    await stillServes();
  });

  it('listing parameters that are not non-negative integers are 400 InvalidArgument', async () => {
    const id = await initiate('list/params');
    await hit('PUT', `/${B}/list/params?partNumber=1&uploadId=${id}`, {}, 'x');
    for (const q of [
      'max-parts=abc',
      'max-parts=-1',
      'max-parts=99999999999999999999',
      'part-number-marker=abc',
      'part-number-marker=-5',
    ]) {
      const r = await hit('GET', `/${B}/list/params?uploadId=${id}&${q}`);
      expect4xx(r, 400);
      expect(r.body).toContain('<Code>InvalidArgument</Code>');
    }
    for (const q of [
      'max-uploads=abc',
      'max-uploads=-1',
      'max-uploads=99999999999999999999',
      'key-marker=%FF',
    ]) {
      expect4xx(await hit('GET', `/${B}?uploads&${q}`), 400);
    }
    expect4xx(await hit('GET', `/no-such-bucket-hostile?uploads`), 404);
    expect4xx(await hit('POST', `/no-such-bucket-hostile/x?uploads`), 404);
    await stillServes();
  });
  it('garbage x-goog-acl and x-goog-storage-class on an initiate are 400 and start nothing', async () => {
    for (const headers of [{ 'x-goog-acl': 'bogus' }, { 'x-goog-storage-class': 'DIAMOND' }] as Record<
      string,
      string
    >[]) {
      const r = await hit('POST', `/${B}/init/garbage?uploads`, headers);
      expect4xx(r, 400);
      expect(r.body).toContain('<Code>InvalidArgument</Code>');
    }
    const list = await hit('GET', `/${B}?uploads&prefix=init%2F`);
    expect(list.body).not.toContain('<Key>init/garbage</Key>');
    await stillServes();
  });
  it('x-goog-meta-* over 8 KiB on an XML multipart initiate is 400, as on the JSON API', async () => {
    const r = await hit('POST', `/${B}/meta/big?uploads`, { 'x-goog-meta-big': 'x'.repeat(9_000) });
    expect4xx(r, 400);
    expect(r.body).toMatch(/Custom metadata is \d+ bytes; the limit is 8192/);
    const list = await hit('GET', `/${B}?uploads&prefix=meta%2F`);
    expect(list.body).not.toContain('<Key>meta/big</Key>');
    await stillServes();
  });

  it('ListParts with max-parts=0 on an upload with parts is an empty, truncated page, not a 500', async () => {
    const id = await initiate('mpu/maxparts');
    expect((await hit('PUT', `/${B}/mpu/maxparts?uploadId=${id}&partNumber=1`, {}, 'abc')).status).toBe(200);
    const r = await hit('GET', `/${B}/mpu/maxparts?uploadId=${id}&max-parts=0`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<IsTruncated>true</IsTruncated>');
    expect(r.body).not.toContain('<Part>');
    await stillServes();
  });

  it('bad part digests and a part without the initiating customer key are 400', async () => {
    const id = await initiate('digest/part');
    for (const headers of [
      { 'content-md5': '!!!' },
      { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' },
      { 'x-goog-hash': 'md5=!!!,crc32c=zz' },
    ] as Record<string, string>[]) {
      const r = await hit('PUT', `/${B}/digest/part?partNumber=1&uploadId=${id}`, headers, 'x');
      expect4xx(r, 400);
      expect(r.body).toContain('<Code>BadDigest</Code>');
    }
    const key = randomBytes(32);
    const keyed = {
      'x-goog-encryption-algorithm': 'AES256',
      'x-goog-encryption-key': key.toString('base64'),
      'x-goog-encryption-key-sha256': sha(key),
    };
    const r = await hit('POST', `/${B}/digest/keyed?uploads`, keyed);
    const kid = tag(r.body, 'UploadId')!;
    expect4xx(await hit('PUT', `/${B}/digest/keyed?partNumber=1&uploadId=${kid}`, {}, 'x'), 400);
    const other = randomBytes(32);
    const otherHeaders = {
      ...keyed,
      'x-goog-encryption-key': other.toString('base64'),
      'x-goog-encryption-key-sha256': sha(other),
    };
    expect4xx(await hit('PUT', `/${B}/digest/keyed?partNumber=1&uploadId=${kid}`, otherHeaders, 'x'), 400);
    await stillServes();
  });

  it('resumable session URIs that do not exist are 404, a garbled Content-Range 400', async () => {
    expect4xx(await hit('PUT', `/${B}/x?upload_id=bogus`, {}, 'x'), 404);
    const json = `/upload/storage/v1/b/${B}/o?uploadType=resumable&upload_id=bogus`;
    expect4xx(await hit('PUT', json, { 'content-range': 'bytes 0-0/1' }, 'x'), 404);
    expect4xx(await hit('PUT', json, { 'content-range': 'bytes zz' }, 'x'), 400);
    expect4xx(await hit('GET', `/storage/v1/b/${B}/o?softDeleted=maybe`), 400);
    expect4xx(await hit('GET', `/storage/v1/b?project=storage-test&softDeleted=maybe`), 400);
    await stillServes();
  });
});
