// Unit tests for the pure pieces: crc32c, content hashing, ranges, globs, backoff, multipart.
import { createHash } from 'node:crypto';
import { CRC32C } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { crc32cBase64, crc32cOf, crc32cUpdate } from '../../emulators/storage/hash/crc32c.ts';
import { ContentHasher } from '../../emulators/storage/hash/hashing.ts';
import { parseDownloadRange, parseUploadRange } from '../../emulators/storage/http/content-range.ts';
import { multipartBoundary, parseMultipart } from '../../emulators/storage/http/multipart.ts';
import { applyFields, parseFields } from '../../emulators/storage/http/partial-response.ts';
import { backoffDelay } from '../../emulators/storage/notify/backoff.ts';
import { compileGlob } from '../../emulators/storage/service/glob.ts';
import { bytes } from './helpers.ts';

async function* chunked(buf: Buffer, size: number) {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('crc32c', () => {
  it('matches the Castagnoli check values', () => {
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cUpdate(0, Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32cUpdate(0, Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32cUpdate(0, Buffer.alloc(0))).toBe(0);
    // The GCS documentation's example: "hello world" → yZRlqg==
    expect(crc32cOf(Buffer.from('hello world'))).toBe('yZRlqg==');
    expect(crc32cBase64(0xe3069283)).toBe('4waSgw==');
  });

  it('is incremental across arbitrary splits', () => {
    const data = bytes(10_000, 3);
    const whole = crc32cUpdate(0, data);
    for (const split of [1, 7, 8, 9, 15, 16, 17, 33, 4096, 9999]) {
      expect(crc32cUpdate(crc32cUpdate(0, data.subarray(0, split)), data.subarray(split))).toBe(whole);
    }
    const h = new ContentHasher();
    h.update(data.subarray(0, 3));
    h.update(data.subarray(3));
    expect(h.digest()).toEqual({
      size: data.length,
      crc32c: crc32cBase64(whole),
      md5Hash: createHash('md5').update(data).digest('base64'),
    });
  });
});

describe('crc32c against the client library', () => {
  it('agrees with @google-cloud/storage CRC32C on many sizes', () => {
    for (const size of [0, 1, 3, 15, 16, 17, 100, 1023, 65_537]) {
      const data = bytes(size, size + 1);
      const theirs = new CRC32C();
      theirs.update(data);
      expect(crc32cOf(data), `size ${size}`).toBe(theirs.toString());
    }
  });
});

describe('ranges', () => {
  it('parses upload Content-Range forms', () => {
    expect(parseUploadRange('bytes */*')).toEqual({ total: undefined });
    expect(parseUploadRange('bytes */100')).toEqual({ total: 100 });
    expect(parseUploadRange('bytes 0-9/100')).toEqual({ start: 0, end: 9, total: 100 });
    expect(parseUploadRange('bytes 10-*/*')).toEqual({ start: 10, end: undefined, total: undefined });
    expect(parseUploadRange(undefined)).toBeUndefined();
    for (const bad of ['bytes 9-0/10', 'bytes 0-10/10', 'bytes=0-1/2', 'bytes -1/2', '']) {
      expect(() => parseUploadRange(bad), bad).toThrow();
    }
  });

  it('parses download Range headers strictly', () => {
    expect(parseDownloadRange(undefined, 10)).toBeUndefined();
    expect(parseDownloadRange('bytes=2-4', 10)).toEqual({ start: 2, end: 4 });
    expect(parseDownloadRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseDownloadRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseDownloadRange('bytes=8-', 10)).toEqual({ start: 8, end: 9 });
    for (const bad of ['bytes=10-', 'bytes=4-2', 'bytes=-', 'bytes=1-2,4-5', 'lines=1-2']) {
      expect(() => parseDownloadRange(bad, 10), bad).toThrow(/cannot be satisfied/);
    }
  });
});

describe('matchGlob', () => {
  it('follows the GCS glob rules', () => {
    const m = (g: string, s: string) => compileGlob(g).test(s);
    expect(m('*.txt', 'a.txt')).toBe(true);
    expect(m('*.txt', 'a/b.txt')).toBe(false);
    expect(m('**.txt', 'a/b.txt')).toBe(true);
    expect(m('a/**/b', 'a/b')).toBe(true);
    expect(m('a/**/b', 'a/x/y/b')).toBe(true);
    expect(m('?', 'ab')).toBe(false);
    expect(m('[!a]x', 'bx')).toBe(true);
    expect(m('[!a]x', 'ax')).toBe(false);
    expect(m('{foo,bar}.log', 'bar.log')).toBe(true);
    expect(m('a.b', 'aXb')).toBe(false);
    expect(() => compileGlob('[abc')).toThrow();
    expect(() => compileGlob('{a,b')).toThrow();
  });
});

describe('backoff', () => {
  it('doubles from 100 ms to a cap with bounded jitter', () => {
    expect(backoffDelay(1, 10_000, () => 0.5)).toBe(100);
    expect(backoffDelay(4, 10_000, () => 0.5)).toBe(800);
    expect(backoffDelay(40, 10_000, () => 0.5)).toBe(10_000);
    expect(backoffDelay(1, 10_000, () => 0)).toBe(80);
    expect(backoffDelay(1, 10_000, () => 1)).toBe(120);
  });
});

describe('multipart parser', () => {
  const body = (media: Buffer) =>
    Buffer.concat([
      Buffer.from(
        '--XyZ\r\nContent-Type: application/json\r\n\r\n{"name":"n"}\r\n--XyZ\r\nContent-Type: a/b\r\n\r\n',
      ),
      media,
      Buffer.from('\r\n--XyZ--\r\n'),
    ]);

  it('streams the media part intact for every chunking, even when it contains boundary-like bytes', async () => {
    const media = Buffer.concat([bytes(5000, 4), Buffer.from('\r\n--XyZ'.slice(0, 6)), bytes(100, 5)]);
    for (const size of [1, 3, 64, 4096, 1 << 20]) {
      const parts = await parseMultipart(chunked(body(media), size), 'XyZ');
      expect(parts.metadata.toString()).toBe('{"name":"n"}');
      expect(parts.mediaContentType).toBe('a/b');
      const out: Buffer[] = [];
      for await (const c of parts.media) out.push(c);
      expect(Buffer.concat(out).equals(media), `chunk ${size}`).toBe(true);
    }
  });

  it('extracts boundaries and rejects truncated bodies', async () => {
    expect(multipartBoundary('multipart/related; boundary="a b"')).toBe('a b');
    expect(multipartBoundary('multipart/related; charset=x; boundary=abc')).toBe('abc');
    expect(() => multipartBoundary('multipart/form-data; boundary=a')).toThrow();
    const truncated = body(Buffer.from('data')).subarray(0, -12);
    const parts = await parseMultipart(chunked(truncated, 7), 'XyZ');
    await expect(
      (async () => {
        for await (const _ of parts.media) {
        }
      })(),
    ).rejects.toThrow(/not terminated/);
  });
});

describe('fields (partial responses)', () => {
  it('selects nested fields, arrays element-wise, a/b paths and *', () => {
    const value = {
      kind: 'storage#objects',
      nextPageToken: 't',
      items: [
        { name: 'a', size: '1', metadata: { x: '1', y: '2' } },
        { name: 'b', size: '2' },
      ],
    };
    expect(applyFields(value, parseFields('items(name,metadata/x),nextPageToken'))).toEqual({
      nextPageToken: 't',
      items: [{ name: 'a', metadata: { x: '1' } }, { name: 'b' }],
    });
    expect(applyFields(value, parseFields('kind'))).toEqual({ kind: 'storage#objects' });
    expect(applyFields(value, parseFields('*'))).toEqual(value);
    for (const bad of ['items(', 'a,,b', 'a)', '(x)', 'a b']) expect(() => parseFields(bad), bad).toThrow();
  });
});
