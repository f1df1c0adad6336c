// Conditional media reads: If-Match / If-None-Match on JSON alt=media and XML GET/HEAD (304, 412),
// If-Modified-Since / If-Unmodified-Since on the XML API only, and the ETag each surface sends.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bucketName, clientFor, startEmulator } from './helpers.ts';

async function setup(tag: string) {
  const emu = await startEmulator();
  const [bucket] = await clientFor(emu.url).createBucket(bucketName(tag));
  const data = Buffer.from(`conditional ${tag}`);
  await bucket.file('c/obj.txt').save(data, { resumable: false, contentType: 'text/plain' });
  const [meta] = await bucket.file('c/obj.txt').getMetadata();
  return {
    emu,
    bucket,
    data,
    meta,
    md5Hex: createHash('md5').update(data).digest('hex'),
    jsonUrl: `${emu.url}/storage/v1/b/${bucket.name}/o/${encodeURIComponent('c/obj.txt')}?alt=media`,
    xmlUrl: `${emu.url}/${bucket.name}/c/obj.txt`,
    [Symbol.asyncDispose]: () => emu.stop(),
  };
}

const get = async (url: string, headers: Record<string, string>, method = 'GET') => {
  const res = await fetch(url, { method, headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
};

describe('conditional media reads', () => {
  it('JSON alt=media: ETag is the metadata etag, bare; If-None-Match → 304, If-Match → 412', async () => {
    await using s = await setup('json');
    const etag = s.meta.etag!;
    const plain = await get(s.jsonUrl, {});
    expect(plain.status).toBe(200);
    // Bare, as python-storage's system test test_blob_download_as_text expects of GCS.
    expect(plain.headers.get('etag')).toBe(etag);

    for (const tag of [`"${etag}"`, etag, `W/"${etag}"`, `"other", "${etag}"`, '*']) {
      const hit = await get(s.jsonUrl, { 'if-none-match': tag });
      expect(hit.status, tag).toBe(304);
      expect(hit.text).toBe('');
      expect(hit.headers.get('etag')).toBe(etag);
    }
    expect((await get(s.jsonUrl, { 'if-none-match': '"other"' })).text).toBe(s.data.toString());

    const wrong = await get(s.jsonUrl, { 'if-match': '"other"' });
    expect(wrong.status).toBe(412);
    expect(JSON.parse(wrong.text).error.errors[0].reason).toBe('conditionNotMet');
    const right = await get(s.jsonUrl, { 'if-match': etag });
    expect(right.status).toBe(200);
    expect(right.text).toBe(s.data.toString());

    // The JSON API has no Last-Modified preconditions: the date headers do not apply there.
    const future = new Date(Date.now() + 3600_000).toUTCString();
    expect((await get(s.jsonUrl, { 'if-modified-since': future })).status).toBe(200);
    expect((await get(s.jsonUrl, { 'if-unmodified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).status).toBe(
      200,
    );
    // The XML ETag (MD5 hex) is not the JSON one.
    expect((await get(s.jsonUrl, { 'if-none-match': `"${s.md5Hex}"` })).status).toBe(200);

    // After a metadata change the old etag no longer matches.
    await s.bucket.file('c/obj.txt').setMetadata({ metadata: { k: 'v' } });
    expect((await get(s.jsonUrl, { 'if-none-match': `"${etag}"` })).status).toBe(200);
    expect((await get(s.jsonUrl, { 'if-match': `"${etag}"` })).status).toBe(412);
  });

  it('JSON objects.get (metadata): If-Match → 412, If-None-Match → 304, as the Python client sends them', async () => {
    await using s = await setup('meta');
    const etag = s.meta.etag!;
    const url = `${s.emu.url}/storage/v1/b/${s.bucket.name}/o/${encodeURIComponent('c/obj.txt')}`;
    expect((await get(url, { 'if-match': 'kittens' })).status).toBe(412);
    const same = await get(url, { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(JSON.parse((await get(url, { 'if-match': etag })).text).etag).toBe(etag);
    expect((await get(url, { 'if-none-match': 'kittens' })).status).toBe(200);
  });

  it('XML GET and HEAD: ETag is the quoted MD5 hex; ETag and date conditions, RFC order', async () => {
    await using s = await setup('xml');
    const etag = `"${s.md5Hex}"`;
    for (const method of ['GET', 'HEAD']) {
      const plain = await get(s.xmlUrl, {}, method);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('etag')).toBe(etag);
      const lastModified = plain.headers.get('last-modified')!;
      expect(Date.parse(lastModified)).toBe(Math.floor(Date.parse(s.meta.updated!) / 1000) * 1000);

      const notModified = await get(s.xmlUrl, { 'if-none-match': etag }, method);
      expect(notModified.status, method).toBe(304);
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.headers.get('last-modified')).toBe(lastModified);
      expect(notModified.headers.get('x-goog-generation')).toBe(s.meta.generation);
      expect((await get(s.xmlUrl, { 'if-match': '"0000"' }, method)).status).toBe(412);
      expect((await get(s.xmlUrl, { 'if-match': etag }, method)).status).toBe(200);

      // Last-Modified has whole seconds: "since" that very second is not modified.
      expect((await get(s.xmlUrl, { 'if-modified-since': lastModified }, method)).status).toBe(304);
      const before = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await get(s.xmlUrl, { 'if-modified-since': before }, method)).status).toBe(200);
      expect((await get(s.xmlUrl, { 'if-unmodified-since': before }, method)).status).toBe(412);
      expect((await get(s.xmlUrl, { 'if-unmodified-since': lastModified }, method)).status).toBe(200);
      // An unparsable date is ignored.
      expect((await get(s.xmlUrl, { 'if-modified-since': 'yesterday' }, method)).status).toBe(200);
      // If-None-Match wins over If-Modified-Since, If-Match over If-Unmodified-Since.
      const future = new Date(Date.now() + 3600_000).toUTCString();
      expect(
        (await get(s.xmlUrl, { 'if-none-match': '"x"', 'if-modified-since': future }, method)).status,
      ).toBe(200);
      expect((await get(s.xmlUrl, { 'if-match': etag, 'if-unmodified-since': before }, method)).status).toBe(
        200,
      );
    }
    const full = await get(s.xmlUrl, { 'if-none-match': '"x"' });
    expect(full.text).toBe(s.data.toString());
  });

  it('XML reads take x-goog-if-generation-match / -metageneration-match headers', async () => {
    await using s = await setup('xgen');
    const gen = s.meta.generation!;
    expect((await get(s.xmlUrl, { 'x-goog-if-generation-match': String(gen) })).status).toBe(200);
    const stale = await get(s.xmlUrl, { 'x-goog-if-generation-match': '1' });
    expect(stale.status).toBe(412);
    // The XML API answers in XML, as GCS does.
    expect(stale.headers.get('content-type')).toContain('application/xml');
    expect(stale.text).toContain('<Code>PreconditionFailed</Code>');
    expect((await get(s.xmlUrl, { 'x-goog-if-metageneration-match': '2' })).status).toBe(412);
    expect((await get(s.xmlUrl, { 'x-goog-if-metageneration-match': '1' })).status).toBe(200);
  });

  it('the official client still downloads; a missing object is 404 before any condition', async () => {
    await using s = await setup('client');
    const [bytes] = await s.bucket.file('c/obj.txt').download();
    expect(bytes.equals(s.data)).toBe(true);
    const missing = await get(`${s.emu.url}/${s.bucket.name}/nope`, { 'if-none-match': '*' });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<Code>NoSuchKey</Code>');
    const noBucket = await get(`${s.emu.url}/no-such-bucket-here/x`, {});
    expect(noBucket.status).toBe(404);
    expect(noBucket.text).toContain('<Code>NoSuchBucket</Code>');
  });
});
