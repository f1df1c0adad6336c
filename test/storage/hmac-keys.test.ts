// HMAC keys over the JSON API with the official Node client (create/list/get/update/delete and
// GCS's rules), and a GOOG4-HMAC-SHA256 signed URL accepted only while its key is ACTIVE.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, clientFor, PROJECT, startEmulator } from './helpers.ts';
import { fetchText } from './signed-helpers.ts';

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A V4 HMAC signed GET URL built by the steps of Google's "V4 signing process" page. */
function hmacSignedUrl(
  base: string,
  path: string,
  accessId: string,
  secret: string,
  now: Date,
  expires = 600,
) {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = stamp.slice(0, 8);
  const scope = `${day}/auto/storage/goog4_request`;
  const host = new URL(base).host;
  const query: Record<string, string> = {
    'X-Goog-Algorithm': 'GOOG4-HMAC-SHA256',
    'X-Goog-Credential': `${accessId}/${scope}`,
    'X-Goog-Date': stamp,
    'X-Goog-Expires': String(expires),
    'X-Goog-SignedHeaders': 'host',
  };
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k]!)}`)
    .join('&');
  const canonical = ['GET', path, canonicalQuery, `host:${host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = [
    'GOOG4-HMAC-SHA256',
    stamp,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key: Buffer = Buffer.from(`GOOG4${secret}`);
  for (const part of [day, 'auto', 'storage', 'goog4_request'])
    key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `${base}${path}?${canonicalQuery}&X-Goog-Signature=${signature}`;
}

describe('HMAC keys', () => {
  it('create (secret once), list, get, INACTIVE/ACTIVE, delete only when INACTIVE', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const email = `hmac@${PROJECT}.iam.gserviceaccount.com`;
    const [key, secret] = await storage.createHmacKey(email);
    expect(secret).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(key.metadata.accessId).toMatch(/^GOOG1E[A-Z0-9]{55}$/);
    expect(key.metadata.state).toBe('ACTIVE');
    expect(key.metadata.serviceAccountEmail).toBe(email);
    const [second] = await storage.createHmacKey(`other@${PROJECT}.iam.gserviceaccount.com`);

    const [mine] = await storage.getHmacKeys({ serviceAccountEmail: email });
    expect(mine.map((k) => k.metadata.accessId)).toEqual([key.metadata.accessId]);
    const [all] = await storage.getHmacKeys();
    expect(all).toHaveLength(2);
    const [got] = await storage.hmacKey(key.metadata.accessId!).getMetadata();
    expect(got.state).toBe('ACTIVE');
    expect(got).not.toHaveProperty('secret');

    await expect(key.delete()).rejects.toMatchObject({ code: 400 });
    const [inactive] = await key.setMetadata({ state: 'INACTIVE' });
    expect(inactive.state).toBe('INACTIVE');
    await key.delete();
    const [afterDelete] = await storage.getHmacKeys();
    expect(afterDelete.map((k) => k.metadata.accessId)).toEqual([second.metadata.accessId]);
    const [withDeleted] = await storage.getHmacKeys({ showDeletedKeys: true });
    expect(withDeleted).toHaveLength(2);
    await expect(key.setMetadata({ state: 'ACTIVE' })).rejects.toMatchObject({ code: 400 });

    const missing = await call(`${emu.url}/storage/v1/projects/${PROJECT}/hmacKeys/GOOG1ENOSUCHKEY`);
    expect(missing.status).toBe(404);
    const noEmail = await call(`${emu.url}/storage/v1/projects/${PROJECT}/hmacKeys`, { method: 'POST' });
    expect(noEmail.status).toBe(400);
    const badState = await call(
      `${emu.url}/storage/v1/projects/${PROJECT}/hmacKeys/${second.metadata.accessId}`,
      {
        method: 'PUT',
        body: JSON.stringify({ state: 'DELETED' }),
      },
    );
    expect(badState.status).toBe(400);
  });

  it('a GOOG4-HMAC-SHA256 signed URL reads while the key is ACTIVE, 403 once INACTIVE', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [bucket] = await storage.createBucket(`t-hmac-${Date.now().toString(36)}`);
    await bucket.file('h.txt').save('hmac bytes');
    const [key, secret] = await storage.createHmacKey(`signer@${PROJECT}.iam.gserviceaccount.com`);
    const url = hmacSignedUrl(emu.url, `/${bucket.name}/h.txt`, key.metadata.accessId!, secret, new Date());
    const ok = await fetchText(url);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('hmac bytes');
    const wrongSecret = hmacSignedUrl(
      emu.url,
      `/${bucket.name}/h.txt`,
      key.metadata.accessId!,
      'x'.repeat(40),
      new Date(),
    );
    expect((await fetchText(wrongSecret)).status).toBe(403);
    await key.setMetadata({ state: 'INACTIVE' });
    const refused = await fetchText(url);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('SignatureDoesNotMatch');
  });
});
