// V2 signed URLs made by the official Node client (`version: 'v2'`) with a minted key file: valid →
// the read/write/delete, tampered → 403 SignatureDoesNotMatch, expired → 400 ExpiredToken.
import { describe, expect, it } from 'vitest';
import { fetchText, signingSetup } from './signed-helpers.ts';

const inMinutes = (m: number) => Date.now() + m * 60_000;

describe('V2 signed URLs', () => {
  it('a signed GET reads; a changed signature, path, signer or method is 403 with the string-to-sign', async () => {
    await using s = await signingSetup('v2get');
    await s.bucket.file('dir/hello world.txt').save('hello v2', { contentType: 'text/plain' });
    await s.bucket.file('other.txt').save('secret');
    const [url] = await s.bucket
      .file('dir/hello world.txt')
      .getSignedUrl({ version: 'v2', action: 'read', expires: inMinutes(15) });
    const q = new URL(url).searchParams;
    expect(q.get('GoogleAccessId')).toBe(s.key.client_email);
    const ok = await fetchText(url);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('hello v2');
    expect(ok.headers.get('content-type')).toBe('text/plain');
    // A `+` of the base64 signature sent unescaped still verifies (sign until a signature has one).
    let withPlus = url;
    for (let i = 1; !withPlus.includes('%2B') && i < 50; i++) {
      [withPlus] = await s.bucket
        .file('dir/hello world.txt')
        .getSignedUrl({ version: 'v2', action: 'read', expires: inMinutes(15 + i) });
    }
    expect(withPlus).toContain('%2B');
    expect((await fetchText(withPlus.replace(/%2B/g, '+'))).status).toBe(200);

    const sig = q.get('Signature')!;
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const tampered = await fetchText(url.replace(encodeURIComponent(sig), encodeURIComponent(flipped)));
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('content-type')).toContain('application/xml');
    expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    const expires = q.get('Expires');
    expect(tampered.text).toContain(
      `<StringToSign>GET\n\n\n${expires}\n/${s.bucket.name}/dir/hello%20world.txt</StringToSign>`,
    );

    expect((await fetchText(url.replace('dir/hello%20world.txt', 'other.txt'))).status).toBe(403);
    const otherSigner = url.replace(
      /GoogleAccessId=[^&]+/,
      'GoogleAccessId=someone%40x.iam.gserviceaccount.com',
    );
    expect((await fetchText(otherSigner)).status).toBe(403);
    expect((await fetchText(url.replace(/Expires=\d+/, `Expires=${Number(expires) + 1}`))).status).toBe(403);
    expect((await fetchText(url, { method: 'HEAD' })).status).toBe(403);
    // An x-goog-* header the signer did not sign changes the string-to-sign.
    expect((await fetchText(url, { headers: { 'x-goog-meta-extra': '1' } })).status).toBe(403);

    const noSig = url.replace(/&?Signature=[^&]+/, '');
    const refused = await fetchText(noSig);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Signature');
  });

  it('expires at its absolute Expires time by the emulator clock (400 ExpiredToken)', async () => {
    await using s = await signingSetup('v2exp');
    await s.bucket.file('a.txt').save('A');
    const [url] = await s.bucket
      .file('a.txt')
      .getSignedUrl({ version: 'v2', action: 'read', expires: inMinutes(2) });
    expect((await fetchText(url)).status).toBe(200);
    await s.clock.advance(30 * 60_000);
    const expired = await fetchText(url);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('<Code>ExpiredToken</Code>');
    expect(expired.text).toContain('Request signature expired at:');
    // Longer than V4's seven days is fine for V2.
    const [longUrl] = await s.bucket
      .file('a.txt')
      .getSignedUrl({ version: 'v2', action: 'read', expires: Date.now() + 30 * 86_400_000 });
    expect((await fetchText(longUrl)).status).toBe(200);
  });

  it('a signed PUT needs the signed Content-Type and extension headers; a signed DELETE deletes', async () => {
    await using s = await signingSetup('v2put');
    const file = s.bucket.file('up/load.txt');
    const [putUrl] = await file.getSignedUrl({
      version: 'v2',
      action: 'write',
      expires: inMinutes(10),
      contentType: 'text/x-test',
      extensionHeaders: { 'x-goog-meta-who': 'v2 signer' },
    });
    const body = 'uploaded through a V2 URL';
    const headers = { 'content-type': 'text/x-test', 'x-goog-meta-who': 'v2 signer' };
    const wrongType = await fetchText(putUrl, {
      method: 'PUT',
      body,
      headers: { ...headers, 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(403);
    const noExtension = await fetchText(putUrl, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'text/x-test' },
    });
    expect(noExtension.status).toBe(403);
    expect((await file.exists())[0]).toBe(false);

    const put = await fetchText(putUrl, { method: 'PUT', body, headers });
    expect(put.status).toBe(200);
    const [meta] = await file.getMetadata();
    expect(meta.contentType).toBe('text/x-test');
    expect(meta.metadata).toEqual({ who: 'v2 signer' });
    expect((await file.download())[0].toString()).toBe(body);

    const [delUrl] = await file.getSignedUrl({ version: 'v2', action: 'delete', expires: inMinutes(10) });
    expect((await fetchText(delUrl, { method: 'DELETE' })).status).toBe(204);
    expect((await file.exists())[0]).toBe(false);
  });

  it('a signed read honours If-None-Match against the XML ETag (304)', async () => {
    await using s = await signingSetup('v2cond');
    await s.bucket.file('c.txt').save('cached');
    const [url] = await s.bucket
      .file('c.txt')
      .getSignedUrl({ version: 'v2', action: 'read', expires: inMinutes(5) });
    const first = await fetchText(url);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await fetchText(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
  });
});
