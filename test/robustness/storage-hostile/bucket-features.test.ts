// Hostile input to the newer bucket features (predefined ACLs, ipFilter, IAM, managed folders,
// retention) and to POST policy forms.
// Each request must get a 4xx; the emulator stays up and keeps serving an object stored before.
import { describe, expect, it } from 'vitest';
import { B, expect4xx, hit, KEEP, s, stillServes, useHostileEmulator } from './setup.ts';

useHostileEmulator();

describe('newer bucket features under attack', () => {
  const bucketPath = () => `/storage/v1/b/${B}`;

  it('predefinedAcl / destinationPredefinedAcl garbage is 400 and stores nothing', async () => {
    for (const acl of ['bogus', 'publicReadWrite', '', 'x'.repeat(5000), 'private%00']) {
      const r = await hit(
        'POST',
        `/upload/storage/v1/b/${B}/o?uploadType=media&name=acl/x&predefinedAcl=${encodeURIComponent(acl)}`,
        {},
        'a',
      );
      if (acl === '') expect(r.status).toBeLessThan(500);
      else expect4xx(r, 400);
      const c = await hit(
        'POST',
        `/storage/v1/b/${B}/o/${encodeURIComponent(KEEP)}/copyTo/b/${B}/o/acl%2Fcopy?destinationPredefinedAcl=${encodeURIComponent(acl)}`,
      );
      if (acl === '') expect(c.status).toBeLessThan(500);
      else expect4xx(c, 400);
    }
    await stillServes();
  });

  it('ipFilter garbage is 400', async () => {
    for (const ipFilter of [
      { mode: 'Sideways' },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: ['999.1.1.1/33'] } },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: 'not-a-list' } },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: [{}] } },
      { mode: 'Enabled', vpcNetworkSources: [{ allowedIpCidrRanges: ['10.0.0.0/8'] }] },
      { mode: 'Enabled', vpcNetworkSources: 'x' },
      { mode: 'Enabled', allowAllServiceAgentAccess: 'yes' },
      { mode: 'Enabled', publicNetworkSource: { allowedIpCidrRanges: ['::::/200'] } },
      'string',
      [1, 2],
    ]) {
      const r = await hit(
        'PATCH',
        bucketPath(),
        { 'content-type': 'application/json' },
        JSON.stringify({ ipFilter }),
      );
      expect4xx(r, 400);
    }
    await stillServes();
  });

  it('IAM policies with broken conditions or shapes are 4xx', async () => {
    const policy = JSON.parse((await hit('GET', `${bucketPath()}/iam`)).body);
    for (const body of [
      '{not json',
      JSON.stringify({ bindings: 'x' }),
      JSON.stringify({ bindings: [{ role: 'roles/storage.objectViewer', members: 'allUsers' }] }),
      JSON.stringify({ bindings: [null] }),
      JSON.stringify({
        version: 3,
        etag: policy.etag,
        bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'], condition: 'x' }],
      }),
      JSON.stringify({
        version: 3,
        etag: policy.etag,
        bindings: [
          { role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { expression: 5 } },
        ],
      }),
      JSON.stringify({
        version: 1,
        etag: policy.etag,
        bindings: [{ role: 'r', members: ['allUsers'], condition: { title: 't', expression: 'true' } }],
      }),
      `{"bindings":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
    ]) {
      const r = await hit('PUT', `${bucketPath()}/iam`, { 'content-type': 'application/json' }, body);
      expect4xx(r);
    }
    expect4xx(await hit('GET', `${bucketPath()}/iam?optionsRequestedPolicyVersion=abc`), 400);
    await stillServes();
  });

  it('setIamPolicy with a bad version, member or role is 400 and leaves the policy; valid forms are 200', async () => {
    const before = JSON.parse((await hit('GET', `${bucketPath()}/iam`)).body);
    const viewer = (members: string[], role = 'roles/storage.objectViewer') => ({ role, members });
    for (const body of [
      { version: 'three', bindings: [] },
      { version: 2, bindings: [] },
      { version: -1, bindings: [] },
      { bindings: [viewer(['notamember'])] },
      { bindings: [viewer(['user:'])] },
      { bindings: [viewer(['user:no-at-sign'])] },
      { bindings: [viewer(['serviceAccount:'])] },
      { bindings: [viewer(['allusers'])] },
      { bindings: [viewer(['projectOwner:'])] },
      { bindings: [viewer(['allUsers'], 'storage.objectViewer')] },
      { bindings: [viewer(['allUsers'], 'roles/')] },
      { bindings: [viewer(['allUsers'], 'projects/p/storage.x')] },
    ]) {
      const r = await hit(
        'PUT',
        `${bucketPath()}/iam`,
        { 'content-type': 'application/json' },
        JSON.stringify(body),
      );
      expect4xx(r, 400);
      expect(JSON.parse(r.body).error.code).toBe(400);
    }
    const unchanged = JSON.parse((await hit('GET', `${bucketPath()}/iam`)).body);
    expect(unchanged.etag).toBe(before.etag);
    expect(unchanged.bindings).toEqual(before.bindings);
    // Every member and role form IAM documents is taken, over the official client.
    const members = [
      'allUsers',
      'allAuthenticatedUsers',
      'user:a@example.com',
      'serviceAccount:svc@p.iam.gserviceaccount.com',
      'group:g@example.com',
      'domain:example.com',
      'projectOwner:p',
      'projectEditor:p',
      'projectViewer:p',
      'principal://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/subject/s',
      'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/*',
      'deleted:user:gone@example.com?uid=123',
    ];
    const bindings = [
      ...before.bindings,
      viewer(members),
      viewer(['user:a@example.com'], 'projects/p/roles/custom.reader'),
      viewer(['user:a@example.com'], 'organizations/1/roles/custom_reader'),
    ];
    const [set] = await s.bucket.iam.setPolicy({ bindings, etag: before.etag });
    expect(set.bindings).toEqual(bindings);
    const v3 = await hit(
      'PUT',
      `${bucketPath()}/iam`,
      { 'content-type': 'application/json' },
      JSON.stringify({ version: 3, bindings }),
    );
    expect(v3.status).toBe(200);
    expect(JSON.parse(v3.body).version).toBe(3);
    const restored = await hit(
      'PUT',
      `${bucketPath()}/iam`,
      { 'content-type': 'application/json' },
      JSON.stringify({ bindings: before.bindings }),
    );
    expect(restored.status).toBe(200);
    await stillServes();
  });

  it('managed folder names and paging garbage are 4xx', async () => {
    for (const body of [
      '{',
      JSON.stringify({}),
      JSON.stringify({ name: '' }),
      JSON.stringify({ name: 5 }),
      JSON.stringify({ name: 'x'.repeat(2000) }),
      JSON.stringify({ name: '/' }),
      JSON.stringify({ name: 'a//b' }),
    ]) {
      const r = await hit(
        'POST',
        `${bucketPath()}/managedFolders`,
        { 'content-type': 'application/json' },
        body,
      );
      expect4xx(r);
    }
    expect4xx(await hit('GET', `${bucketPath()}/managedFolders?maxResults=abc`), 400);
    expect4xx(await hit('GET', `${bucketPath()}/managedFolders?pageToken=%FF%FE`));
    expect4xx(await hit('GET', `${bucketPath()}/managedFolders/nope%2F`), 404);
    expect4xx(await hit('DELETE', `${bucketPath()}/managedFolders/nope%2F`), 404);
    await stillServes();
  });

  it('managed folder names Google refuses (CR/LF, . and .., 17 levels, acme-challenge) are 400', async () => {
    for (const name of [
      'a\nb',
      'a\rb',
      '.',
      '..',
      '../x',
      'a/./b',
      `${'d/'.repeat(16)}e`,
      '.well-known/acme-challenge/x',
    ]) {
      const r = await hit(
        'POST',
        `${bucketPath()}/managedFolders`,
        { 'content-type': 'application/json' },
        JSON.stringify({ name }),
      );
      expect4xx(r, 400);
    }
    const list = await hit('GET', `${bucketPath()}/managedFolders`);
    expect(JSON.parse(list.body).items ?? []).toEqual([]);
    await stillServes();
  });
  it('a managed folder in a bucket without uniform bucket-level access is 412 (Google: only with it)', async () => {
    const r = await hit(
      'POST',
      `${bucketPath()}/managedFolders`,
      { 'content-type': 'application/json' },
      '{"name":"ok"}',
    );
    expect4xx(r, 412);
    await stillServes();
  });

  it('retention garbage is 400 (bucket retention policy and object retention)', async () => {
    for (const retentionPolicy of [{ retentionPeriod: 'abc' }, { retentionPeriod: -1 }, 'x']) {
      const r = await hit(
        'PATCH',
        bucketPath(),
        { 'content-type': 'application/json' },
        JSON.stringify({ retentionPolicy }),
      );
      expect4xx(r, 400);
    }
    for (const retention of [{ mode: 'Forever' }, { mode: 'Unlocked', retainUntilTime: 'tomorrow' }, 'x']) {
      const r = await hit(
        'PATCH',
        `${bucketPath()}/o/${encodeURIComponent(KEEP)}`,
        { 'content-type': 'application/json' },
        JSON.stringify({ retention }),
      );
      expect4xx(r, 400);
    }
    expect4xx(await hit('POST', `${bucketPath()}/lockRetentionPolicy?ifMetagenerationMatch=abc`), 400);
    expect4xx(
      await hit(
        'PATCH',
        bucketPath(),
        { 'content-type': 'application/json' },
        JSON.stringify({ softDeletePolicy: { retentionDurationSeconds: 'abc' } }),
      ),
      400,
    );
    await stillServes();
  });

  it('retentionPeriod of 400 digits, 1e20, 1.5, 0 or 100 years is 400 and sets no policy', async () => {
    for (const retentionPeriod of ['9'.repeat(400), 1e20, 1.5, '0', 3_155_760_000]) {
      const r = await hit(
        'PATCH',
        bucketPath(),
        { 'content-type': 'application/json' },
        JSON.stringify({ retentionPolicy: { retentionPeriod } }),
      );
      expect4xx(r, 400);
    }
    expect(JSON.parse((await hit('GET', bucketPath())).body).retentionPolicy).toBeUndefined();
    await stillServes();
  });
});

describe('POST policy forms under attack', () => {
  const form = (boundary: string, fields: [string, string][], tail = `--${boundary}--\r\n`) =>
    fields
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + tail;

  it('malformed multipart bodies and policies are 4xx and store nothing', async () => {
    const b = 'XyZ';
    const cases: [Record<string, string>, string][] = [
      [{ 'content-type': 'multipart/form-data' }, 'no boundary'],
      [{ 'content-type': `multipart/form-data; boundary=${b}` }, ''],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        `--${b}\r\nContent-Disposition: form-data; name="key"\r\n\r\nunterminated`,
      ],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        form(b, [
          ['key', 'post/x'],
          ['policy', '!!!'],
          ['x-goog-signature', 'zz'],
          ['file', 'data'],
        ]),
      ],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        form(b, [
          ['key', 'post/x'],
          ['policy', Buffer.from('{not json').toString('base64')],
          ['file', 'data'],
        ]),
      ],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        form(b, [
          ['key', 'post/x'],
          [
            'policy',
            Buffer.from(JSON.stringify({ conditions: 'x', expiration: 'never' })).toString('base64'),
          ],
          ['x-goog-algorithm', 'GOOG4-RSA-SHA256'],
          ['x-goog-credential', 'a/b/c/storage/goog4_request'],
          ['x-goog-date', 'bad'],
          ['x-goog-signature', 'ab'],
          ['file', 'data'],
        ]),
      ],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        form(b, [
          ['policy', 'x'],
          ['file', 'data'],
        ]),
      ],
      [
        { 'content-type': `multipart/form-data; boundary=${b}` },
        `--${b}\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--${b}--\r\n`,
      ],
      [{ 'content-type': `multipart/form-data; boundary=${'b'.repeat(5000)}` }, 'x'],
    ];
    for (const [headers, body] of cases) {
      const r = await hit('POST', `/${B}`, headers, body);
      expect4xx(r);
      // Unparseable forms too: every POST policy refusal is the XML API's <Error>, never JSON.
      if (r.status === 400) expect(r.body).toMatch(/^<\?xml [^>]*\?><Error><Code>InvalidArgument<\/Code>/);
    }
    expect4xx(await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent('post/x')}`), 404);
    await stillServes();
  });
});
