// Custom object metadata and bucket labels are refused (400, nothing stored) where GCS refuses them:
// values that are objects, more than 8 KiB of custom metadata, label keys and values outside GCS's
// character rules, more than 64 labels.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const json = (method: string, body: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('storage metadata rules', () => {
  it('custom metadata: object values and more than 8 KiB are 400 on upload and patch', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('meta'));
    await expect(
      bucket.file('u').save('x', { resumable: false, metadata: { metadata: { k: { nested: 1 } } } }),
    ).rejects.toMatchObject({ code: 400 });
    await bucket.file('o').save('x', { resumable: false, metadata: { metadata: { keep: 'me' } } });
    const o = `${emu.url}/storage/v1/b/${bucket.name}/o/o`;
    const cases: [string, unknown][] = [
      ['object value', { metadata: { k: { a: 1 } } }],
      ['array value', { metadata: { k: [1, 2] } }],
      ['1.1 MB', { metadata: { big: 'v'.repeat(1_100_000) } }],
      [
        'just over 8 KiB over many keys',
        {
          metadata: Object.fromEntries(
            Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(1022 + (i === 0 ? 1 : 0))]),
          ),
        },
      ],
    ];
    for (const [what, body] of cases) {
      const res = await call(o, json('PATCH', body));
      expect(res.status, what).toBe(400);
      expect(res.body.error.errors[0].reason, what).toBe('invalid');
    }
    const [meta] = await bucket.file('o').getMetadata();
    expect(meta.metadata).toEqual({ keep: 'me' });
    expect(meta.metageneration).toBe('1');
    // Exactly 8 KiB (keys and values) is fine; scalars read as their text.
    const exact = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v'.repeat(1022)]));
    const ok = await call(o, json('PATCH', { metadata: { ...exact, keep: null } }));
    expect(ok.status).toBe(200);
    const n = await call(o, json('PATCH', { metadata: { k0: null, num: 5, flag: true } }));
    expect(n.status).toBe(200);
    expect(n.body.metadata).toMatchObject({ num: '5', flag: 'true' });
  });

  it('bucket labels follow GCS key and value rules, at most 64', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const bad: Record<string, unknown>[] = [
      { 'A B': 'x' },
      { Env: 'x' },
      { '1st': 'x' },
      { _x: 'x' },
      { '': 'x' },
      { ['k'.repeat(64)]: 'x' },
      { env: 'Prod' },
      { env: 'a b' },
      { env: 'v'.repeat(64) },
      { env: { nested: true } },
      Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])),
    ];
    for (const labels of bad) {
      const name = bucketName('lbl');
      const res = await call(`${emu.url}/storage/v1/b?project=p`, json('POST', { name, labels }));
      expect(res.status, JSON.stringify(labels).slice(0, 80)).toBe(400);
      expect((await call(`${emu.url}/storage/v1/b/${name}`)).status).toBe(404);
    }
    const good = {
      env: 'prod',
      ['k'.repeat(63)]: 'v'.repeat(63),
      'team_a-1': '',
      ключ: 'значение',
      größe: 'groß',
      日本: '東京',
    };
    const [bucket] = await storage.createBucket(bucketName('lbl'), { labels: good });
    expect((await bucket.getMetadata())[0].labels).toEqual(good);
    const patch = await call(
      `${emu.url}/storage/v1/b/${bucket.name}`,
      json('PATCH', { labels: { 'A B': 'x' } }),
    );
    expect(patch.status).toBe(400);
    const many = Object.fromEntries(Array.from({ length: 58 }, (_, i) => [`n${i}`, 'v']));
    expect(
      (await call(`${emu.url}/storage/v1/b/${bucket.name}`, json('PATCH', { labels: many }))).status,
    ).toBe(200);
    const more = await call(
      `${emu.url}/storage/v1/b/${bucket.name}`,
      json('PATCH', { labels: { extra: 'v' } }),
    );
    expect(more.status).toBe(400);
    expect(Object.keys((await bucket.getMetadata())[0].labels!)).toHaveLength(64);
  });
});
