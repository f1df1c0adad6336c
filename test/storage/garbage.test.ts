// Garbage in → 4xx out, and the server keeps serving: bad multipart, bad JSON, bad ranges and
// Content-Ranges, huge headers, raw protocol junk, unknown routes.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bucketName, call, clientFor, startEmulator } from './helpers.ts';

function rawExchange(port: number, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString();
    });
    socket.on('error', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.write(payload);
    setTimeout(() => socket.end(), 300);
  });
}

describe('storage garbage requests', () => {
  it('bad multipart bodies → 400, nothing stored', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('gmp'));
    const url = `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=multipart`;
    const meta = JSON.stringify({ name: 'm' });
    const cases: [string, string][] = [
      [
        'multipart/related; boundary=B',
        `--B\r\ncontent-type: application/json\r\n\r\n${meta}\r\n--B\r\n\r\ndata`,
      ],
      ['multipart/related; boundary=B', `--B\r\ncontent-type: application/json\r\n\r\n${meta}\r\n--B--`],
      ['multipart/related; boundary=B', `--X\r\n\r\n${meta}\r\n--X\r\n\r\ndata\r\n--X--`],
      ['multipart/related', `--B\r\n\r\n${meta}\r\n--B\r\n\r\ndata\r\n--B--`],
      ['multipart/related; boundary=B', `--B\r\n\r\n{not json\r\n--B\r\n\r\ndata\r\n--B--`],
      ['multipart/related; boundary=B', `--B\r\n\r\n${meta}\r\n--B\r\n\r\ndata\r\n--B\r\n\r\nmore\r\n--B--`],
      ['multipart/related; boundary=B', `--B\r\n\r\n[1,2]\r\n--B\r\n\r\ndata\r\n--B--`],
      ['multipart/related; boundary=B', `--Bgarbage`],
    ];
    for (const [contentType, body] of cases) {
      const res = await call(url, { method: 'POST', headers: { 'content-type': contentType }, body });
      expect(res.status, body).toBe(400);
      expect(res.body.error.code).toBe(400);
    }
    const good = await call(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/related; boundary="B"' },
      body: `--B\r\ncontent-type: application/json\r\n\r\n${meta}\r\n--B\r\ncontent-type: text/plain\r\n\r\ndata\r\n--B--\r\n`,
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ name: 'm', size: '4', contentType: 'text/plain' });
    const [files] = await bucket.getFiles();
    expect(files.map((f) => f.name)).toEqual(['m']);
  });

  it('bad JSON bodies, bad query values, bad Content-Range → 400; unknown routes 404/405', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('gjs'));
    await bucket.file('o').save('x', { resumable: false });
    const b = `${emu.url}/storage/v1/b/${bucket.name}`;
    const bad: [string, RequestInit][] = [
      [`${emu.url}/storage/v1/b?project=p`, { method: 'POST', body: '{"name":' }],
      [`${emu.url}/storage/v1/b?project=p`, { method: 'POST', body: '"string"' }],
      [`${b}/o/o`, { method: 'PATCH', body: '{{{' }],
      [`${b}/o/o`, { method: 'PATCH', body: JSON.stringify({ metadata: 'not-an-object' }) }],
      [`${b}/o/o`, { method: 'PATCH', body: JSON.stringify({ contentType: 5 }) }],
      [`${b}/notificationConfigs`, { method: 'POST', body: 'nope' }],
      [`${b}/notificationConfigs`, { method: 'POST', body: JSON.stringify({ topic: 'bad topic' }) }],
      [
        `${b}/notificationConfigs`,
        { method: 'POST', body: JSON.stringify({ topic: 'projects/p/topics/t', event_types: ['X'] }) },
      ],
      [`${b}/o/x/compose`, { method: 'POST', body: '[' }],
      [`${b}/o?maxResults=-1`, {}],
      [`${b}/o?matchGlob=${encodeURIComponent('[abc')}`, {}],
      [`${b}/o/o?generation=12abc`, {}],
      [
        `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=weird&name=x`,
        { method: 'POST', body: 'x' },
      ],
    ];
    for (const [url, init] of bad) {
      const res = await call(url, init);
      expect(res.status, `${init.method ?? 'GET'} ${url} ${init.body}`).toBe(400);
      expect(res.body.error.errors[0].domain).toBe('global');
    }
    const session = await call(
      `${emu.url}/upload/storage/v1/b/${bucket.name}/o?uploadType=resumable&name=r`,
      {
        method: 'POST',
      },
    );
    const uri = session.headers.get('location')!;
    for (const range of ['bytes 5-2/10', 'bytes 0-20/10', 'chars 0-1/2', 'bytes x-y/z', 'bytes 0-1/2/3']) {
      const res = await call(uri, { method: 'PUT', headers: { 'content-range': range }, body: 'ab' });
      expect(res.status, range).toBe(400);
    }
    expect((await call(`${emu.url}/nothing/here`)).status).toBe(404);
    expect((await call(`${emu.url}/storage/v1/b/${bucket.name}/o/o`, { method: 'POST' })).status).toBe(405);
    expect((await call(`${emu.url}/storage/v1/b`, { method: 'DELETE' })).status).toBe(405);
    const [data] = await bucket.file('o').download();
    expect(data.toString()).toBe('x');
  });

  it('huge headers → 431, protocol junk → 400, and the server stays up', async () => {
    await using emu = await startEmulator();
    const huge = await rawExchange(
      emu.port,
      `GET /storage/v1/b HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(200 * 1024)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    const longUrl = await rawExchange(
      emu.port,
      `GET /b/${'x'.repeat(200 * 1024)} HTTP/1.1\r\nhost: x\r\n\r\n`,
    );
    expect(longUrl).toMatch(/^HTTP\/1\.1 4\d\d/);
    const manyHeaders = Array.from({ length: 8000 }, (_, i) => `x-h${i}: v`).join('\r\n');
    const many = await rawExchange(
      emu.port,
      `GET /storage/v1/b HTTP/1.1\r\nhost: x\r\n${manyHeaders}\r\n\r\n`,
    );
    // Node caps the header count (extra headers are dropped), so this one may simply succeed.
    expect(many).toMatch(/^HTTP\/1\.1 (200|4\d\d)/);
    const junk = await rawExchange(emu.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(junk).toMatch(/^HTTP\/1\.1 400/);
    const absolute = await rawExchange(emu.port, 'GET http://[::1 HTTP/1.1\r\nhost: x\r\n\r\n');
    expect(absolute).toMatch(/^HTTP\/1\.1 4\d\d/);
    const badHost = await call(`${emu.url}/storage/v1/b?project=p`, {
      headers: { 'x-forwarded-host': '<>' },
    });
    expect(badHost.status).toBe(200);
    // Still healthy.
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('alive'));
    await bucket.file('ok').save('ok', { resumable: false });
    const [data] = await bucket.file('ok').download();
    expect(data.toString()).toBe('ok');
  });

  it('a client that disconnects mid-upload leaves nothing behind and does not hurt the server', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('abort'));
    const payload =
      `POST /upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=half HTTP/1.1\r\n` +
      `host: x\r\ncontent-length: 100000\r\n\r\n${'z'.repeat(5000)}`;
    await rawExchange(emu.port, payload);
    await new Promise((r) => setTimeout(r, 100));
    const [files] = await bucket.getFiles();
    expect(files).toHaveLength(0);
    await bucket.file('after').save('fine', { resumable: false });
    const [after] = await bucket.getFiles();
    expect(after.map((f) => f.name)).toEqual(['after']);
  });
});
