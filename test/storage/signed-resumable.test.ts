// Signed resumable uploads (V4 and V2 `action: 'resumable'` URLs from the official Node client:
// POST with x-goog-resumable → 201 + session URI, then unsigned PUTs), X-Goog-Date in the future,
// and signed XML HEAD / DELETE.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { bytes } from './helpers.ts';
import { fetchText, signingSetup } from './signed-helpers.ts';

const CHUNK = 256 * 1024;
const START = { 'x-goog-resumable': 'start' };

describe('signed resumable uploads', () => {
  it('V4: POST starts a session (201, Location); chunked PUTs get 308 + Range, the last creates the object', async () => {
    await using s = await signingSetup('rv4');
    const file = s.bucket.file('big/chunked.bin');
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'resumable',
      expires: Date.now() + 10 * 60_000,
      contentType: 'application/x-chunks',
    });
    expect(new URL(url).searchParams.get('X-Goog-SignedHeaders')).toContain('x-goog-resumable');

    // x-goog-resumable is signed: leaving it out breaks the signature.
    const unsigned = await fetchText(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-chunks' },
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<Code>SignatureDoesNotMatch</Code>');

    const start = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': 'application/x-chunks', 'x-goog-meta-origin': 'signed' },
    });
    expect(start.status).toBe(201);
    const session = start.headers.get('location')!;
    expect(session).toMatch(
      new RegExp(`^${s.emu.url}/${s.bucket.name}/big/chunked\\.bin\\?upload_id=[0-9a-f-]{36}$`),
    );
    expect((await file.exists())[0]).toBe(false);

    const data = bytes(CHUNK * 2 + 1000, 7);
    const first = await fetchText(session, {
      method: 'PUT',
      body: data.subarray(0, CHUNK),
      headers: { 'content-range': `bytes 0-${CHUNK - 1}/*` },
    });
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${CHUNK - 1}`);
    const status = await fetchText(session, { method: 'PUT', headers: { 'content-range': 'bytes */*' } });
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${CHUNK - 1}`);
    const last = await fetchText(session, {
      method: 'PUT',
      body: data.subarray(CHUNK),
      headers: { 'content-range': `bytes ${CHUNK}-${data.length - 1}/${data.length}` },
    });
    expect(last.status).toBe(200);
    expect(JSON.parse(last.text)).toMatchObject({ name: 'big/chunked.bin', size: String(data.length) });

    const [meta] = await file.getMetadata();
    expect(meta.contentType).toBe('application/x-chunks');
    expect(meta.metadata).toEqual({ origin: 'signed' });
    const [back] = await file.download();
    expect(back.equals(data)).toBe(true);

    // The XML API's precondition header is checked when the session starts.
    const exists = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': 'application/x-chunks', 'x-goog-if-generation-match': '0' },
    });
    expect(exists.status).toBe(412);
    expect(exists.headers.get('location')).toBeNull();
  });

  it('V4: the Node client uploads to the session URI with createWriteStream({uri}); DELETE cancels a session (499)', async () => {
    await using s = await signingSetup('rnode');
    const file = s.bucket.file('streamed.txt');
    const expires = Date.now() + 10 * 60_000;
    const contentType = 'application/x-from-start';
    const [url] = await file.getSignedUrl({ version: 'v4', action: 'resumable', expires, contentType });
    const start = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': contentType },
    });
    expect(start.status).toBe(201);
    const uri = start.headers.get('location')!;
    const data = bytes(300_000, 3);
    await pipeline(Readable.from([data]), file.createWriteStream({ uri, resumable: true }));
    const [back] = await file.download();
    expect(back.equals(data)).toBe(true);
    // The type fixed by the signed start request shows the client wrote into that session.
    expect((await file.getMetadata())[0].contentType).toBe(contentType);

    // Google's sample "upload without authentication": file.save with the session URI.
    const again = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': contentType },
    });
    await file.save('saved through the sample', {
      uri: again.headers.get('location')!,
      resumable: true,
      validation: false,
    });
    expect((await file.download())[0].toString()).toBe('saved through the sample');

    const other = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': contentType },
    });
    const cancelUri = other.headers.get('location')!;
    expect((await fetchText(cancelUri, { method: 'DELETE' })).status).toBe(499);
    const afterCancel = await fetchText(cancelUri, { method: 'PUT', body: 'late' });
    expect(afterCancel.status).toBe(404);
  });

  it('V2: a signed POST with x-goog-resumable starts a session; one whole PUT creates the object', async () => {
    await using s = await signingSetup('rv2');
    const file = s.bucket.file('v2/whole.txt');
    const [url] = await file.getSignedUrl({
      version: 'v2',
      action: 'resumable',
      expires: Date.now() + 10 * 60_000,
      contentType: 'text/plain',
    });
    expect(url).toContain('GoogleAccessId=');
    // V2 signs every x-goog-* header, so the start header is part of the string-to-sign.
    const unsigned = await fetchText(url, { method: 'POST', headers: { 'content-type': 'text/plain' } });
    expect(unsigned.status).toBe(403);
    const start = await fetchText(url, {
      method: 'POST',
      headers: { ...START, 'content-type': 'text/plain' },
    });
    expect(start.status).toBe(201);
    const session = start.headers.get('location')!;
    expect(session).toContain(`/${s.bucket.name}/v2/whole.txt?upload_id=`);
    const put = await fetchText(session, { method: 'PUT', body: 'all at once' });
    expect(put.status).toBe(200);
    const [meta] = await file.getMetadata();
    expect(meta.contentType).toBe('text/plain');
    expect((await file.download())[0].toString()).toBe('all at once');
  });
});

describe('V4 X-Goog-Date and XML HEAD / DELETE', () => {
  it('an X-Goog-Date beyond the clock skew is refused (403) until the clock reaches it', async () => {
    await using s = await signingSetup('future');
    await s.bucket.file('later.txt').save('later');
    const now = Date.now();
    const [url] = await s.bucket.file('later.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      accessibleAt: now + 60 * 60_000,
      expires: now + 2 * 60 * 60_000,
    });
    const early = await fetchText(url);
    expect(early.status).toBe(403);
    expect(early.text).toContain('<Code>AccessDenied</Code>');
    expect(early.text).toContain('not valid yet');
    await s.clock.advance(60 * 60_000);
    const onTime = await fetchText(url);
    expect(onTime.status).toBe(200);
    expect(onTime.text).toBe('later');

    // A signer whose clock runs a minute ahead is within the skew.
    const [skewed] = await s.bucket.file('later.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      accessibleAt: s.clock.now() + 60_000,
      expires: s.clock.now() + 10 * 60_000,
    });
    expect((await fetchText(skewed)).status).toBe(200);
  });

  it('a signed HEAD answers the object headers without a body; a signed DELETE of a missing object is 404', async () => {
    await using s = await signingSetup('head');
    const file = s.bucket.file('h/obj.txt');
    await file.save('head me', { contentType: 'text/plain' });
    const expires = Date.now() + 10 * 60_000;
    const [getUrl] = await file.getSignedUrl({ version: 'v4', action: 'read', expires });
    // getSignedUrl has no HEAD action; the client's own signer (set up by the call above) signs one.
    const headUrl = await file.signer!.getSignedUrl({ method: 'HEAD' as 'GET', version: 'v4', expires });
    const head = await fetch(headUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('7');
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(head.headers.get('x-goog-generation')).toMatch(/^\d+$/);
    expect((await head.text()).length).toBe(0);
    // The method is signed: a GET URL does not authorize HEAD.
    expect((await fetch(getUrl, { method: 'HEAD' })).status).toBe(403);

    const [deleteUrl] = await s.bucket
      .file('h/missing.txt')
      .getSignedUrl({ version: 'v4', action: 'delete', expires });
    expect((await fetchText(deleteUrl, { method: 'DELETE' })).status).toBe(404);
    const [deleteHere] = await file.getSignedUrl({ version: 'v4', action: 'delete', expires });
    expect((await fetchText(deleteHere, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(headUrl, { method: 'HEAD' })).status).toBe(404);
  });
});
