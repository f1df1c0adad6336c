// Early replies (an error sent before the request body was read) reach the client as the status:
// the emulator reads and drops the rest of the body instead of resetting the connection, so the
// sender's later writes succeed and the connection still serves the next request. The Pub/Sub
// REST port's 413, fixed by the same rule, is checked here too.
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../emulators/common/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { EARLY_REPLY_DRAIN_BYTES } from '../../emulators/storage/http/drain.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { bucketName, clientFor, startEmulator } from './helpers.ts';

interface Exchange {
  socket: Socket;
  /** Everything received so far. */
  received: () => string;
  /** Resolves once `text` has arrived (rejects when the socket closes first). */
  waitFor: (text: string | RegExp) => Promise<void>;
  /** Writes `size` zero bytes in 64 KiB pieces, yielding between them; rejects on a write error. */
  writeSlowly: (size: number) => Promise<void>;
  closed: Promise<void>;
}

function open(port: number): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const waiters = new Set<() => void>();
    let error: Error | undefined;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => {
      out += d.toString('latin1');
      for (const w of waiters) w();
    });
    socket.on('error', (err) => {
      error = err;
    });
    socket.once('close', () => {
      for (const w of waiters) w();
    });
    const waitFor = (text: string | RegExp) =>
      new Promise<void>((res, rej) => {
        const check = () => {
          if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
            waiters.delete(check);
            res();
          } else if (socket.destroyed) {
            waiters.delete(check);
            rej(new Error(`closed before ${text} arrived (${error?.message ?? 'no error'}); got ${out}`));
          }
        };
        waiters.add(check);
        check();
      });
    const writeSlowly = async (size: number) => {
      const piece = Buffer.alloc(64 * 1024);
      for (let sent = 0; sent < size; sent += piece.length) {
        const part = piece.subarray(0, Math.min(piece.length, size - sent));
        await new Promise<void>((res, rej) => socket.write(part, (err) => (err ? rej(err) : res())));
        await new Promise((r) => setImmediate(r));
      }
    };
    socket.once('connect', () => resolve({ socket, received: () => out, waitFor, writeSlowly, closed }));
    socket.once('error', reject);
  });
}

const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('storage early replies', () => {
  it('412, 400, 404 and 413 sent before the body is read: the sender finishes and the connection serves on', async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('early'));
    await bucket.file('o').save('v1', { resumable: false });
    const up = `/upload/storage/v1/b/${bucket.name}/o`;
    const multipartHead = `--B\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ name: 'x'.repeat(1025) })}\r\n--B\r\n\r\n`;
    const cases: {
      what: string;
      path: string;
      type: string;
      first?: string;
      size: number;
      status: number;
    }[] = [
      {
        what: 'precondition',
        path: `${up}?uploadType=media&name=o&ifGenerationMatch=0`,
        type: 'text/plain',
        size: 1 << 20,
        status: 412,
      },
      {
        what: '1,025-byte name',
        path: `${up}?uploadType=media&name=${'a'.repeat(1025)}`,
        type: 'text/plain',
        size: 1 << 20,
        status: 400,
      },
      {
        what: 'multipart bad name',
        path: `${up}?uploadType=multipart`,
        type: 'multipart/related; boundary=B',
        first: multipartHead,
        size: 1 << 20,
        status: 400,
      },
      {
        what: 'unknown session',
        path: `${up}?uploadType=resumable&upload_id=00000000-0000-0000-0000-000000000000`,
        type: 'text/plain',
        size: 1 << 20,
        status: 404,
      },
      {
        what: 'unknown bucket',
        path: `/upload/storage/v1/b/${bucketName('none')}/o?uploadType=media&name=o`,
        type: 'text/plain',
        size: 1 << 20,
        status: 404,
      },
      {
        what: 'oversized session metadata',
        path: `${up}?uploadType=resumable&name=big`,
        type: 'application/json',
        size: 6 << 20,
        status: 413,
      },
    ];
    for (const c of cases) {
      const x = await open(emu.port);
      const first = Buffer.from(c.first ?? '');
      x.socket.write(
        head('POST', c.path, { 'content-type': c.type, 'content-length': first.length + c.size }),
      );
      x.socket.write(first);
      // The 413 needs its first 4 MiB before it can answer; the others answer on the headers alone.
      if (c.status === 413) await x.writeSlowly(5 << 20);
      await x.waitFor(new RegExp(`^HTTP/1.1 ${c.status} `));
      await x.writeSlowly(c.size - (c.status === 413 ? 5 << 20 : 0));
      x.socket.write(head('GET', `/storage/v1/b/${bucket.name}/o/o`, {}));
      await x.waitFor(/\r\n\r\n[\s\S]*HTTP\/1.1 200 OK/);
      expect(x.received(), c.what).toMatch(new RegExp(`^HTTP/1.1 ${c.status} [\\s\\S]*"code":${c.status}`));
      x.socket.destroy();
    }
    const [files] = await bucket.getFiles();
    expect(files.map((f) => f.name)).toEqual(['o']);
    const [text] = await bucket.file('o').download();
    expect(text.toString()).toBe('v1');
  });

  it(`past ${EARLY_REPLY_DRAIN_BYTES >> 20} MiB of dropped body the connection is closed, after the reply`, async () => {
    await using emu = await startEmulator();
    const [bucket] = await clientFor(emu.url).createBucket(bucketName('early-big'));
    await bucket.file('o').save('v1', { resumable: false });
    const x = await open(emu.port);
    const size = EARLY_REPLY_DRAIN_BYTES + (8 << 20);
    const path = `/upload/storage/v1/b/${bucket.name}/o?uploadType=media&name=o&ifGenerationMatch=0`;
    x.socket.write(head('POST', path, { 'content-type': 'text/plain', 'content-length': size }));
    await x.waitFor(/^HTTP\/1.1 412 /);
    await x.writeSlowly(size).catch(() => undefined);
    await x.closed;
    expect(x.received()).toMatch(/^HTTP\/1.1 412 [\s\S]*conditionNotMet/);
    const [text] = await bucket.file('o').download();
    expect(text.toString()).toBe('v1');
  }, 60_000);

  it('the official client reads every 412 and 400 (never EPIPE) from an emulator process under load', async () => {
    await using emu = await startEmulatorProcess();
    // One more busy core: the reset used to win the race against the reply on a loaded machine.
    const busy = spawn(process.execPath, ['-e', 'const end = Date.now() + 60000; while (Date.now() < end);']);
    try {
      const [bucket] = await clientFor(emu.url).createBucket(bucketName('early-load'));
      await bucket.file('o').save('v1', { resumable: false });
      const seen: Record<string, number> = {};
      const note = (err: { code?: unknown }) => {
        seen[String(err.code)] = (seen[String(err.code)] ?? 0) + 1;
      };
      for (const size of [256 << 10, 4 << 20, 256 << 10, 4 << 20]) {
        const body = Buffer.alloc(size, 1);
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            await bucket
              .file('o')
              .save(body, { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } })
              .then(() => note({ code: 200 }), note);
            await bucket
              .file('n'.repeat(1025))
              .save(body, { resumable: false })
              .then(() => note({ code: 200 }), note);
          }),
        );
      }
      expect(seen).toEqual({ '400': 32, '412': 32 });
    } finally {
      busy.kill('SIGKILL');
    }
  }, 120_000);

  it('Pub/Sub REST: a body over its 16 MiB cap is read to the end, then answered 413', async () => {
    await using pubsub = await startPubSubEmulator({ port: 0, logger: createLogger('silent') });
    const x = await open(pubsub.port);
    const size = 20 << 20;
    x.socket.write(
      head('POST', '/v1/projects/p/topics/t:publish', {
        'content-type': 'application/json',
        'content-length': size,
      }),
    );
    await x.writeSlowly(size);
    await x.waitFor(/^HTTP\/1.1 413 [\s\S]*too large/);
    await x.closed;
  }, 60_000);
});
