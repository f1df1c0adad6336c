// V4 signed URLs made by the official Node client with a minted key file, fetched plainly:
// valid → 200 with the bytes, tampered → 403 SignatureDoesNotMatch, expired → 400 ExpiredToken.
import { generateKeyPairSync } from 'node:crypto';
import { Storage } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { PROJECT } from './helpers.ts';
import { fetchText, signingSetup } from './signed-helpers.ts';

const inMinutes = (clockNow: number, m: number) => clockNow + m * 60_000;

describe('V4 signed URLs', () => {
  it('a signed GET reads the object; any change to the URL is 403 with GCS XML error', async () => {
    await using s = await signingSetup('get');
    await s.bucket.file('dir/hello world.txt').save('hello signed', { contentType: 'text/plain' });
    const [url] = await s.bucket
      .file('dir/hello world.txt')
      .getSignedUrl({ version: 'v4', action: 'read', expires: inMinutes(Date.now(), 15) });
    expect(url).toContain('X-Goog-Algorithm=GOOG4-RSA-SHA256');
    const ok = await fetchText(url);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('hello signed');
    expect(ok.headers.get('content-type')).toBe('text/plain');

    const sig = new URL(url).searchParams.get('X-Goog-Signature')!;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const tampered = await fetchText(url.replace(sig, flipped));
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get('content-type')).toContain('application/xml');
    expect(tampered.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(tampered.text).toContain('<StringToSign>GOOG4-RSA-SHA256');

    const [asCsv] = await s.bucket.file('dir/hello world.txt').getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: inMinutes(Date.now(), 15),
      responseType: 'text/csv',
      responseDisposition: 'attachment; filename="h.csv"',
    });
    const csv = await fetchText(asCsv);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="h.csv"');

    await s.bucket.file('other.txt').save('secret');
    const otherPath = await fetchText(url.replace('dir/hello%20world.txt', 'other.txt'));
    expect(otherPath.status).toBe(403);
    const addedParam = await fetchText(`${url}&generation=1`);
    expect(addedParam.status).toBe(403);
  });

  it('expires by the emulator clock (400 ExpiredToken); more than 7 days is 400', async () => {
    await using s = await signingSetup('exp');
    await s.bucket.file('a.txt').save('A');
    const [url] = await s.bucket
      .file('a.txt')
      .getSignedUrl({ version: 'v4', action: 'read', expires: inMinutes(Date.now(), 2) });
    expect((await fetchText(url)).status).toBe(200);
    await s.clock.advance(30 * 60_000); // far past, however long the setup took
    const expired = await fetchText(url);
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('<Code>ExpiredToken</Code>');

    const tooLong = url.replace(/X-Goog-Expires=\d+/, 'X-Goog-Expires=604801');
    const refused = await fetchText(tooLong);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('X-Goog-Expires');
  });

  it('a signed PUT uploads (signed Content-Type must be sent), a signed DELETE deletes', async () => {
    await using s = await signingSetup('put');
    const file = s.bucket.file('up/load.bin');
    const expires = inMinutes(Date.now(), 10);
    const [putUrl] = await file.getSignedUrl({
      version: 'v4',
      action: 'write',
      expires,
      contentType: 'application/x-test',
    });
    const body = Buffer.from('uploaded through a signed URL');
    const wrongType = await fetchText(putUrl, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(403);
    const put = await fetchText(putUrl, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/x-test', 'x-goog-meta-origin': 'signed' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const [meta] = await file.getMetadata();
    expect(meta.contentType).toBe('application/x-test');
    expect(Number(meta.size)).toBe(body.length);
    const [back] = await file.download();
    expect(back.equals(body)).toBe(true);

    const [deleteUrl] = await file.getSignedUrl({ version: 'v4', action: 'delete', expires });
    expect((await fetchText(deleteUrl, { method: 'DELETE' })).status).toBe(204);
    expect((await file.exists())[0]).toBe(false);
  });

  it('with STORAGE_EMULATOR_HOST the client signs for the emulator: GET and a POST policy to /BUCKET', async () => {
    await using s = await signingSetup('envhost');
    await s.bucket.file('e.txt').save('env host');
    const before = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = s.emu.url;
    let client: Storage;
    try {
      client = new Storage({ projectId: PROJECT, credentials: s.key, retryOptions: { autoRetry: false } });
    } finally {
      if (before === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = before;
    }
    const file = client.bucket(s.bucket.name).file('e.txt');
    const [url] = await file.getSignedUrl({
      version: 'v4',
      action: 'read',
      expires: inMinutes(Date.now(), 5),
    });
    expect(url.startsWith(s.emu.url)).toBe(true);
    const got = await fetchText(url);
    expect(got.status).toBe(200);
    expect(got.text).toBe('env host');
    process.env.STORAGE_EMULATOR_HOST = s.emu.url;
    try {
      const [policy] = await client
        .bucket(s.bucket.name)
        .file('posted.txt')
        .generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
      expect(policy.url).toBe(`${s.emu.url}/${s.bucket.name}`);
      const form = new FormData();
      for (const [k, v] of Object.entries(policy.fields)) form.append(k, v);
      form.append('file', new Blob(['via env host']), 'posted.txt');
      expect((await fetchText(policy.url, { method: 'POST', body: form })).status).toBe(204);
    } finally {
      if (before === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = before;
    }
    expect((await s.bucket.file('posted.txt').download())[0].toString()).toBe('via env host');
  });

  it('a key file of your own works once registered; unknown signers are 403', async () => {
    await using s = await signingSetup('own');
    await s.bucket.file('mine.txt').save('mine');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const own = {
      ...s.key,
      client_email: `own@${PROJECT}.iam.gserviceaccount.com`,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      private_key_id: 'user-key-1',
    };
    const ownClient = new Storage({ apiEndpoint: s.emu.url, projectId: PROJECT, credentials: own });
    const [url] = await ownClient
      .bucket(s.bucket.name)
      .file('mine.txt')
      .getSignedUrl({ version: 'v4', action: 'read', expires: inMinutes(Date.now(), 10) });
    expect((await fetchText(url)).status).toBe(403);
    const reg = await fetchText(`${s.emu.url}/_devkit/identity/service-account-keys:register`, {
      method: 'POST',
      body: JSON.stringify(own),
    });
    expect(reg.status).toBe(200);
    expect(JSON.parse(reg.text)).toEqual({ email: own.client_email, keyId: 'user-key-1' });
    const ok = await fetchText(url);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('mine');
  });
});
