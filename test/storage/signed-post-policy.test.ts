// V4 POST policy uploads: the Node client's generateSignedPostPolicyV4 with a minted key file,
// posted as an HTML form; the signature, expiration and each condition are enforced.
import { describe, expect, it } from 'vitest';
import { fetchText, signingSetup } from './signed-helpers.ts';

function form(fields: Record<string, string>, file: Buffer | string, filename = 'upload.txt'): FormData {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('file', new Blob([file], { type: 'text/plain' }), filename); // GCS wants file last
  return body;
}

describe('V4 POST policy', () => {
  it('uploads with the signed fields; status, size range, prefix and tampering are checked', async () => {
    await using s = await signingSetup('post');
    const file = s.bucket.file('forms/report.txt');
    const [policy] = await file.generateSignedPostPolicyV4({
      expires: Date.now() + 10 * 60_000,
      fields: { 'x-goog-meta-source': 'form', success_action_status: '201' },
      conditions: [
        ['content-length-range', 1, 64],
        ['starts-with', '$key', 'forms/'],
      ],
    });
    expect(policy.fields['x-goog-algorithm']).toBe('GOOG4-RSA-SHA256');

    const created = await fetchText(policy.url, {
      method: 'POST',
      body: form(policy.fields, 'posted bytes'),
    });
    expect(created.status).toBe(201);
    expect(created.text).toContain(`<Bucket>${s.bucket.name}</Bucket>`);
    expect(created.text).toContain('<Key>forms/report.txt</Key>');
    const [meta] = await file.getMetadata();
    expect(meta.metadata).toEqual({ source: 'form' });
    expect((await file.download())[0].toString()).toBe('posted bytes');

    const tooBig = await fetchText(policy.url, { method: 'POST', body: form(policy.fields, 'x'.repeat(65)) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('<Code>EntityTooLarge</Code>');

    const otherKey = await fetchText(policy.url, {
      method: 'POST',
      body: form({ ...policy.fields, key: 'forms/other.txt' }, 'abc'),
    });
    expect(otherKey.status).toBe(403);
    expect(otherKey.text).toContain('Policy Condition failed');

    const extraField = await fetchText(policy.url, {
      method: 'POST',
      body: form({ ...policy.fields, 'x-goog-meta-extra': '1' }, 'abc'),
    });
    expect(extraField.status).toBe(403);
    expect(extraField.text).toContain('Extra input fields: x-goog-meta-extra');

    // An x-goog- field GCS does not take is 400, even when the policy signs it.
    const file2 = s.bucket.file('forms/random.txt');
    const [withRandom] = await file2.generateSignedPostPolicyV4({
      expires: Date.now() + 10 * 60_000,
      fields: { 'x-goog-random': 'invalid_field' },
    });
    const random = await fetchText(withRandom.url, { method: 'POST', body: form(withRandom.fields, 'abc') });
    expect(random.status).toBe(400);
    expect(random.text).toContain('x-goog-random');
    expect((await file2.exists())[0]).toBe(false);

    const sig = policy.fields['x-goog-signature']!;
    const badSig = await fetchText(policy.url, {
      method: 'POST',
      body: form(
        {
          ...policy.fields,
          'x-goog-signature':
            `${sig.slice(0, -2)}00` === sig ? `${sig.slice(0, -2)}11` : `${sig.slice(0, -2)}00`,
        },
        'abc',
      ),
    });
    expect(badSig.status).toBe(403);
    expect(badSig.text).toContain('<Code>SignatureDoesNotMatch</Code>');

    await s.clock.advance(40 * 60_000); // far past, however long the setup took
    const expired = await fetchText(policy.url, { method: 'POST', body: form(policy.fields, 'late') });
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('<Code>ExpiredToken</Code>');
  });

  it('defaults to 204, substitutes the filename placeholder and redirects with success_action_redirect', async () => {
    await using s = await signingSetup('post2');
    const [plain] = await s.bucket
      .file('plain.txt')
      .generateSignedPostPolicyV4({ expires: Date.now() + 60_000 });
    const noContent = await fetchText(plain.url, { method: 'POST', body: form(plain.fields, 'p') });
    expect(noContent.status).toBe(204);
    expect((await s.bucket.file('plain.txt').download())[0].toString()).toBe('p');

    const [named] = await s.bucket.file(['in/', '$', '{filename}'].join('')).generateSignedPostPolicyV4({
      expires: Date.now() + 60_000,
      fields: { success_action_redirect: 'http://127.0.0.1:9/done' },
    });
    const redirected = await fetchText(named.url, {
      method: 'POST',
      body: form(named.fields, 'n', 'photo.png'),
      redirect: 'manual',
    });
    expect(redirected.status).toBe(303);
    const location = new URL(redirected.headers.get('location')!);
    expect(location.searchParams.get('key')).toBe('in/photo.png');
    expect(location.searchParams.get('bucket')).toBe(s.bucket.name);
    expect((await s.bucket.file('in/photo.png').exists())[0]).toBe(true);
  });
});
