// Hostile soft-delete restores, object names and headers, and request bodies that lie.
// Each request must get a 4xx; the emulator stays up and keeps serving an object stored before.
import { describe, expect, it } from 'vitest';
import { sendRaw } from '../raw-socket.ts';
import {
  type Answer,
  B,
  expect4xx,
  hit,
  initiate,
  KEEP,
  port,
  rawStatus,
  s,
  stillServes,
  useHostileEmulator,
} from './setup.ts';

useHostileEmulator();

describe('soft delete restore under attack', () => {
  it('restoring a generation that does not exist is 404; non-integer generations are 400', async () => {
    const name = 'soft/victim';
    await s.bucket.file(name).save('v1', { resumable: false });
    await s.bucket.file(name).delete();
    const path = `/storage/v1/b/${B}/o/${encodeURIComponent(name)}/restore`;
    expect4xx(await hit('POST', `${path}?generation=123`), 404);
    for (const g of ['abc', '1.5', '-1', '', '99999999999999999999999', '0x10', '1e3']) {
      expect4xx(await hit('POST', `${path}?generation=${encodeURIComponent(g)}`), 400);
    }
    expect4xx(
      await hit('POST', `/storage/v1/b/${B}/o/${encodeURIComponent('soft/never')}/restore?generation=1`),
      404,
    );
    expect4xx(
      await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(name)}?softDeleted=true&generation=abc`),
      400,
    );
    expect4xx(await hit('POST', `/storage/v1/b/no-such-bucket-xyz/restore?generation=1`), 404);
    expect4xx(await hit('POST', `/storage/v1/b/${B}/restore?generation=zz`), 400);
    expect4xx(await hit('POST', `${path}?generation=1&copySourceAcl=maybe`), 400);
    await stillServes();
  });

  it('a non-integer bucket generation is 400 on a live, a missing and a soft-deleted bucket', async () => {
    for (const g of ['abc', '1.5', '-1', '0x10', '1e3', '99999999999999999999999']) {
      const q = `softDeleted=true&generation=${encodeURIComponent(g)}`;
      const live = await hit('GET', `/storage/v1/b/${B}?${q}`);
      expect4xx(live, 400);
      expect(JSON.parse(live.body).error.code).toBe(400);
      expect4xx(await hit('GET', `/storage/v1/b/no-such-bucket-xyz?${q}`), 400);
      expect4xx(
        await hit('POST', `/storage/v1/b/no-such-bucket-xyz/restore?generation=${encodeURIComponent(g)}`),
        400,
      );
    }
    // An integer that names no soft-deleted bucket is still "not found".
    expect4xx(await hit('GET', `/storage/v1/b/${B}?softDeleted=true&generation=1`), 404);
    await stillServes();
  });

  it('three concurrent restores of one soft-deleted bucket: one 200, the rest 404', async () => {
    const name = `${B}-sd`;
    const made = await hit(
      'POST',
      '/storage/v1/b?project=storage-test',
      { 'content-type': 'application/json' },
      JSON.stringify({ name }),
    );
    expect(made.status).toBe(200);
    const generation = JSON.parse(made.body).generation;
    expect((await hit('DELETE', `/storage/v1/b/${name}`)).status).toBe(204);
    const answers = await Promise.all(
      [1, 2, 3].map(() => hit('POST', `/storage/v1/b/${name}/restore?generation=${generation}`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404, 404]);
    expect(JSON.parse((await hit('GET', `/storage/v1/b/${name}`)).body).generation).toBe(generation);
    await stillServes();
  });
});

describe('object names and headers under attack', () => {
  it('names with ../, 1025+ bytes, invalid UTF-8 or CR/LF never escape or break the store', async () => {
    // ../ is a legal GCS name: stored and read back as itself.
    const dots = '../../../etc/passwd';
    const up = await hit(
      'POST',
      `/upload/storage/v1/b/${B}/o?uploadType=media&name=${encodeURIComponent(dots)}`,
      {},
      'dots',
    );
    expect(up.status).toBe(200);
    expect((await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent(dots)}?alt=media`)).body).toBe(
      'dots',
    );
    for (const name of ['x'.repeat(1025), '%FF%FE', '%C3%28', 'a%0Ab', 'a%0Db', '.', '..', '']) {
      const r = await hit(
        'POST',
        `/upload/storage/v1/b/${B}/o?uploadType=media&name=${name.includes('%') ? name : encodeURIComponent(name)}`,
        {},
        'n',
      );
      expect4xx(r, 400);
      const x = await hit('PUT', `/${B}/${name.includes('%') ? name : encodeURIComponent(name)}`, {}, 'n');
      expect4xx(x);
      const m = await hit('POST', `/${B}/${name.includes('%') ? name : encodeURIComponent(name)}?uploads`);
      expect4xx(m);
    }
    await stillServes();
  });

  it('a NUL byte in a name is answered, not crashed on', async () => {
    for (const path of [`/${B}/a%00b`, `/upload/storage/v1/b/${B}/o?uploadType=media&name=a%00b`]) {
      const r = await hit(path.startsWith('/upload') ? 'POST' : 'PUT', path, {}, 'nul');
      expect(r.status).toBeLessThan(500);
    }
    // A raw NUL in the request line is a malformed request: 400 from the HTTP parser.
    const raw = Buffer.from(
      `GET /${B}/a\0b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      'latin1',
    );
    expect4xx(await rawStatus(raw), 400);
    await stillServes();
  });

  it('XML answers never carry a character outside XML 1.0: a NUL prefix is 400, a \\x01 name is U+FFFD', async () => {
    // Anything outside XML 1.0's Char production (controls but TAB/LF/CR, U+FFFE, U+FFFF).
    const notXml = (text: string) =>
      [...text].some((c) => {
        const n = c.codePointAt(0)!;
        return (n < 0x20 && n !== 0x9 && n !== 0xa && n !== 0xd) || n === 0xfffe || n === 0xffff;
      });
    for (const q of ['prefix=%00', 'prefix=a%01', 'delimiter=%1F', 'key-marker=%00']) {
      const r = await hit('GET', `/${B}?uploads&${q}`);
      expect4xx(r, 400);
      expect(r.body).toMatch(/<Code>InvalidArgument<\/Code>/);
      expect(notXml(r.body)).toBe(false);
    }
    const bad = await hit('GET', `/${B}?uploads&max-uploads=%00%01`);
    expect4xx(bad, 400);
    expect(notXml(bad.body)).toBe(false);
    // Such names exist (only CR and LF are refused): a listing replaces what XML cannot carry.
    const id = await initiate('ctl/a%01b');
    const list = await hit('GET', `/${B}?uploads&prefix=ctl%2F`);
    expect(list.status).toBe(200);
    expect(notXml(list.body)).toBe(false);
    expect(list.body).toContain('<Key>ctl/a\uFFFDb</Key>');
    expect(list.body).toContain(`<UploadId>${id}</UploadId>`);
    expect((await hit('DELETE', `/${B}/ctl/a%01b?uploadId=${id}`)).status).toBe(204);
    await stillServes();
  });

  it('invalid UTF-8 in metadata headers is stored or refused, never a 500', async () => {
    const raw = Buffer.concat([
      Buffer.from(`PUT /${B}/hdr/utf8 HTTP/1.1\r\nHost: 127.0.0.1\r\nx-goog-meta-k: `),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('\r\nContent-Type: \xff\xfe\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi', 'latin1'),
    ]);
    const status = await rawStatus(raw);
    expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
    await stillServes();
  });

  it('enormous headers and query strings are 431/414-class refusals', async () => {
    const big = await hit('GET', `/${B}/${KEEP}`, { 'x-goog-meta-big': 'a'.repeat(100_000) }).catch(
      () => ({ status: 0 }) as Answer,
    );
    expect4xx(big as Answer, 431);
    const many: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) many[`x-h${i}`] = 'v';
    const lots = await hit('GET', `/${B}/${KEEP}`, many).catch(() => ({ status: 0 }) as Answer);
    expect4xx(lots as Answer);
    const q = await hit('GET', `/${B}/${KEEP}?${'a=b&'.repeat(30_000)}`).catch(
      () => ({ status: 0 }) as Answer,
    );
    expect4xx(q as Answer);
    await stillServes();
  });
});

describe('bodies that lie under attack', () => {
  it('a Content-Length longer than the body, then a close, stores nothing', async () => {
    const raw = Buffer.from(
      `POST /upload/storage/v1/b/${B}/o?uploadType=media&name=lie/short HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Length: 100000\r\n\r\nonly a few bytes`,
    );
    const { received } = await sendRaw('127.0.0.1', port, [raw], 300);
    expect(received.length).toBe(0);
    expect4xx(await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent('lie/short')}`), 404);
    await stillServes();
  });

  it('a Content-Length shorter than the body: the rest is a bad next request (400), only 3 bytes stored', async () => {
    const raw = Buffer.from(
      `POST /upload/storage/v1/b/${B}/o?uploadType=media&name=lie%2Flong HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Length: 3\r\n\r\nabcGARBAGE NOT HTTP\r\n\r\n`,
    );
    const { received } = await sendRaw('127.0.0.1', port, [raw], 2_000);
    const statuses = [...received.toString('latin1').matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) =>
      Number(m[1]),
    );
    expect(statuses).toContain(400);
    expect(statuses.every((c) => c < 500)).toBe(true);
    expect((await hit('GET', `/storage/v1/b/${B}/o/${encodeURIComponent('lie/long')}?alt=media`)).body).toBe(
      'abc',
    );
    await stillServes();
  });

  it('conflicting Content-Length and chunked framing is refused', async () => {
    const raw = Buffer.from(
      `PUT /${B}/lie/both HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
    );
    expect4xx(await rawStatus(raw), 400);
    const bad = Buffer.from(
      `PUT /${B}/lie/chunk HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
    );
    expect4xx(await rawStatus(bad), 400);
    expect4xx(await hit('GET', `/${B}/lie/chunk`), 404);
    await stillServes();
  });

  it('a slowloris body on a multipart part does not stall anyone else', async () => {
    const id = await initiate('slow/part');
    const head = Buffer.from(
      `PUT /${B}/slow/part?partNumber=1&uploadId=${id} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n`,
    );
    const slow = sendRaw('127.0.0.1', port, [head, Buffer.from('a')], 3_000);
    const started = Date.now();
    await stillServes();
    expect(Date.now() - started).toBeLessThan(2_000);
    await slow;
    const parts = await hit('GET', `/${B}/slow/part?uploadId=${id}`);
    expect(parts.status).toBe(200);
    expect(parts.body).not.toContain('<PartNumber>1</PartNumber>');
  }, 10_000);
});
