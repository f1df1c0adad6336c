// copy, rewrite (with rewriteToken), compose and moveTo, with ifSource* preconditions.
import { describe, expect, it } from 'vitest';
import { crc32cOf } from '../../emulators/storage/hash/crc32c.ts';
import { bucketName, bytes, call, clientFor, startEmulator } from './helpers.ts';

describe('storage transfers', () => {
  it('copy (client rewrite loop) across buckets keeps bytes and metadata', async () => {
    await using emu = await startEmulator();
    const storage = clientFor(emu.url);
    const [src] = await storage.createBucket(bucketName('src'));
    const [dst] = await storage.createBucket(bucketName('dst'));
    const data = bytes(4096, 11);
    await src
      .file('s')
      .save(data, { resumable: false, metadata: { contentType: 'text/x', metadata: { a: 'b' } } });
    await src.file('s').copy(dst.file('copied'));
    const [meta] = await dst.file('copied').getMetadata();
    expect(meta).toMatchObject({ contentType: 'text/x', metadata: { a: 'b' }, crc32c: crc32cOf(data) });
    const [back] = await dst.file('copied').download();
    expect(back.equals(data)).toBe(true);
    // Raw copyTo with a metadata body.
    const res = await call(
      `${emu.url}/storage/v1/b/${src.name}/o/s/copyTo/b/${dst.name}/o/${encodeURIComponent('x/y')}`,
      {
        method: 'POST',
        body: JSON.stringify({ contentType: 'text/y' }),
      },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'x/y', contentType: 'text/y', size: '4096' });
  });

  it('rewrite with maxBytesRewrittenPerCall returns rewriteToken until done', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('rw'));
    const data = bytes(3 * 1024 * 1024, 12);
    await bucket.file('big').save(data, { resumable: false });
    const base = `${emu.url}/storage/v1/b/${bucket.name}/o/big/rewriteTo/b/${bucket.name}/o/big2?maxBytesRewrittenPerCall=1048576`;
    const first = await call(base, { method: 'POST', body: '{}' });
    expect(first.body).toMatchObject({
      kind: 'storage#rewriteResponse',
      done: false,
      totalBytesRewritten: '1048576',
    });
    const second = await call(`${base}&rewriteToken=${first.body.rewriteToken}`, {
      method: 'POST',
      body: '{}',
    });
    expect(second.body).toMatchObject({ done: false, totalBytesRewritten: '2097152' });
    const bogus = await call(`${base}&rewriteToken=nope`, { method: 'POST', body: '{}' });
    expect(bogus.status).toBe(400);
    const last = await call(`${base}&rewriteToken=${second.body.rewriteToken}`, {
      method: 'POST',
      body: '{}',
    });
    expect(last.body).toMatchObject({
      done: true,
      objectSize: String(data.length),
      resource: { name: 'big2' },
    });
    const [back] = await bucket.file('big2').download();
    expect(back.equals(data)).toBe(true);
  });

  it('source and destination preconditions on copy/rewrite → 412', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('cpre'));
    await bucket.file('s').save('s', { resumable: false });
    await bucket.file('d').save('d', { resumable: false });
    const [sm] = await bucket.file('s').getMetadata();
    const base = `${emu.url}/storage/v1/b/${bucket.name}/o/s`;
    for (const q of [
      `copyTo/b/${bucket.name}/o/d?ifGenerationMatch=0`,
      `copyTo/b/${bucket.name}/o/n?ifSourceGenerationMatch=1`,
      `rewriteTo/b/${bucket.name}/o/n?ifSourceMetagenerationNotMatch=1`,
      `rewriteTo/b/${bucket.name}/o/n?ifSourceGenerationNotMatch=${sm.generation}`,
    ]) {
      const res = await call(`${base}/${q}`, { method: 'POST', body: '{}' });
      expect(res.status, q).toBe(412);
    }
    const ok = await call(
      `${base}/copyTo/b/${bucket.name}/o/n?ifSourceGenerationMatch=${sm.generation}&ifGenerationMatch=0`,
      {
        method: 'POST',
      },
    );
    expect(ok.status).toBe(200);
  });

  it('compose concatenates sources (componentCount, crc32c) and honours source preconditions', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('cmp'));
    await bucket.file('p1').save('hello ', { resumable: false });
    await bucket.file('p2').save('world', { resumable: false });
    const [combined] = await bucket.combine(['p1', 'p2'], 'all');
    const [meta] = await combined.getMetadata();
    expect(meta.componentCount).toBe(2);
    expect(meta.crc32c).toBe(crc32cOf(Buffer.from('hello world')));
    expect(meta.md5Hash).toBeUndefined();
    const [text] = await combined.download();
    expect(text.toString()).toBe('hello world');
    const bad = await call(`${emu.url}/b/${bucket.name}/o/x/compose`, {
      method: 'POST',
      body: JSON.stringify({
        sourceObjects: [{ name: 'p1', objectPreconditions: { ifGenerationMatch: 1 } }],
      }),
    });
    expect(bad.status).toBe(412);
    const missing = await call(`${emu.url}/b/${bucket.name}/o/x/compose`, {
      method: 'POST',
      body: JSON.stringify({ sourceObjects: [{ name: 'nope' }] }),
    });
    expect(missing.status).toBe(404);
    const [p1] = await bucket.file('p1').getMetadata();
    const destPre = await call(`${emu.url}/b/${bucket.name}/o/all/compose?ifGenerationMatch=0`, {
      method: 'POST',
      body: JSON.stringify({
        sourceObjects: [{ name: 'p1', objectPreconditions: { ifGenerationMatch: p1.generation } }],
      }),
    });
    expect(destPre.status).toBe(412);
    const fresh = await call(`${emu.url}/b/${bucket.name}/o/fresh/compose?ifGenerationMatch=0`, {
      method: 'POST',
      body: JSON.stringify({
        sourceObjects: [{ name: 'p1', objectPreconditions: { ifGenerationMatch: p1.generation } }],
      }),
    });
    expect(fresh.status).toBe(200);
    const tooMany = await call(`${emu.url}/b/${bucket.name}/o/x/compose`, {
      method: 'POST',
      body: JSON.stringify({ sourceObjects: Array.from({ length: 33 }, () => ({ name: 'p1' })) }),
    });
    expect(tooMany.status).toBe(400);
  });

  it('moveTo renames atomically within a bucket', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('mv'));
    await bucket.file('from').save('payload', { resumable: false, metadata: { metadata: { m: '1' } } });
    await bucket.file('from').moveFileAtomic('to/here');
    const [exists] = await bucket.file('from').exists();
    expect(exists).toBe(false);
    const [meta] = await bucket.file('to/here').getMetadata();
    expect(meta.metadata).toEqual({ m: '1' });
    const [text] = await bucket.file('to/here').download();
    expect(text.toString()).toBe('payload');
    await bucket.file('other').save('o', { resumable: false });
    const clash = await call(
      `${emu.url}/b/${bucket.name}/o/other/moveTo/o/${encodeURIComponent('to/here')}?ifGenerationMatch=0`,
      {
        method: 'POST',
      },
    );
    expect(clash.status).toBe(412);
    const srcPre = await call(
      `${emu.url}/b/${bucket.name}/o/other/moveTo/o/elsewhere?ifSourceGenerationMatch=1`,
      {
        method: 'POST',
      },
    );
    expect(srcPre.status).toBe(412);
    const [still] = await bucket.file('other').exists();
    expect(still).toBe(true);
  });
});
