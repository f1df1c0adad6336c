// objects.list: prefix, delimiter → prefixes, start/end offsets, versions, pagination, matchGlob.
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

const NAMES = ['a.txt', 'b/1.txt', 'b/2.log', 'b/c/3.txt', 'd/4.txt', 'e.log', 'z'];

async function seeded() {
  const emu = await startEmulator();
  const [bucket] = await clientFor(emu.url).createBucket(bucketName('ls'));
  for (const n of NAMES) await bucket.file(n).save(n, { resumable: false });
  const list = async (q: string) => (await call(`${emu.url}/storage/v1/b/${bucket.name}/o?${q}`)).body;
  const names = async (q: string) => ((await list(q)).items ?? []).map((o: { name: string }) => o.name);
  return { emu, bucket, list, names };
}

describe('storage listing', () => {
  it('prefix and delimiter fold names into prefixes', async () => {
    const { emu, bucket, list, names } = await seeded();
    await using _ = emu;
    expect(await names('')).toEqual(NAMES);
    expect(await names('prefix=b/')).toEqual(['b/1.txt', 'b/2.log', 'b/c/3.txt']);
    const folded = await list('delimiter=/');
    expect(folded.items.map((o: { name: string }) => o.name)).toEqual(['a.txt', 'e.log', 'z']);
    expect(folded.prefixes).toEqual(['b/', 'd/']);
    const inner = await list('delimiter=/&prefix=b/');
    expect(inner.prefixes).toEqual(['b/c/']);
    const [files, , apiResponse] = await bucket.getFiles({ delimiter: '/', autoPaginate: false });
    expect(files.map((f) => f.name)).toEqual(['a.txt', 'e.log', 'z']);
    expect((apiResponse as { prefixes: string[] }).prefixes).toEqual(['b/', 'd/']);
  });

  it('fields selects a partial response; a malformed selection is 400', async () => {
    const { emu, list } = await seeded();
    await using _ = emu;
    const page = await list(`maxResults=2&fields=${encodeURIComponent('items(name),nextPageToken')}`);
    expect(Object.keys(page).sort()).toEqual(['items', 'nextPageToken']);
    expect(page.items).toEqual([{ name: 'a.txt' }, { name: 'b/1.txt' }]);
    const bad = await list(`fields=${encodeURIComponent('items(name')}`);
    expect(bad.error.code).toBe(400);
  });

  it('startOffset/endOffset, matchGlob', async () => {
    const { emu, names } = await seeded();
    await using _ = emu;
    expect(await names('startOffset=b/2&endOffset=e')).toEqual(['b/2.log', 'b/c/3.txt', 'd/4.txt']);
    expect(await names(`matchGlob=${encodeURIComponent('**/*.txt')}`)).toEqual([
      'a.txt',
      'b/1.txt',
      'b/c/3.txt',
      'd/4.txt',
    ]);
    expect(await names(`matchGlob=${encodeURIComponent('b/*')}`)).toEqual(['b/1.txt', 'b/2.log']);
    expect(await names(`matchGlob=${encodeURIComponent('*.{txt,log}')}`)).toEqual(['a.txt', 'e.log']);
    expect(await names(`matchGlob=${encodeURIComponent('b/?.txt')}`)).toEqual(['b/1.txt']);
    expect(await names(`matchGlob=${encodeURIComponent('[a-d]*')}`)).toEqual(['a.txt']);
  });

  it('maxResults + pageToken walk every entry exactly once (items and prefixes)', async () => {
    const { emu, bucket, list } = await seeded();
    await using _ = emu;
    for (const extra of ['', '&delimiter=/']) {
      const seen: string[] = [];
      let token = '';
      for (let i = 0; i < 20; i++) {
        const page = await list(`maxResults=2${extra}${token ? `&pageToken=${token}` : ''}`);
        const count = (page.items?.length ?? 0) + (page.prefixes?.length ?? 0);
        expect(count).toBeLessThanOrEqual(2);
        seen.push(...(page.items ?? []).map((o: { name: string }) => o.name), ...(page.prefixes ?? []));
        if (!page.nextPageToken) break;
        token = page.nextPageToken;
      }
      const expected = extra ? ['a.txt', 'b/', 'd/', 'e.log', 'z'] : NAMES;
      expect(seen.sort()).toEqual([...expected].sort());
    }
    // The client paginates on its own.
    const [files] = await bucket.getFiles({ maxResults: 3 });
    expect(files).toHaveLength(3);
    const [all] = await bucket.getFiles({ autoPaginate: true });
    expect(all).toHaveLength(NAMES.length);
    expect((await call(`${emu.url}/b/${bucket.name}/o?pageToken=garbage!!`)).status).toBe(400);
  });

  it('versions=true lists noncurrent generations in order', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('lsv'), {
      versioning: { enabled: true },
    });
    await bucket.file('k').save('1', { resumable: false });
    await bucket.file('k').save('2', { resumable: false });
    await bucket.file('j').save('3', { resumable: false });
    const res = await call(`${emu.url}/b/${bucket.name}/o?versions=true&maxResults=1`);
    expect(res.body.items).toHaveLength(1);
    const [all] = await bucket.getFiles({ versions: true });
    expect(all.map((f) => f.name)).toEqual(['j', 'k', 'k']);
    const [live] = await bucket.getFiles();
    expect(live.map((f) => f.name)).toEqual(['j', 'k']);
  });
});
