// Large downloads from a blob file: positioned reads into a few reused buffers, each written to the
// socket as it is, a buffer read again only once the socket has taken its bytes. No read stream,
// no pipeline and no fresh 1 MiB allocation per chunk (those cost more in GC than the copy itself).
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

const CHUNK = 1 << 20;
/** Buffers in flight: one being read while the others are on their way to the socket. */
const BUFFERS = 3;

/** A byte range of a file to send, `end` inclusive. */
export interface FileSlice {
  path: string;
  start: number;
  end: number;
}

/**
 * Writes `slice` to `res` and ends it; destroys `res` on a read error or when the client goes
 * away mid-body. Memory held is `BUFFERS × 1 MiB` whatever the size, and a slow client slows
 * the reads (each buffer waits for its write to finish).
 */
export async function sendFile(res: ServerResponse, slice: FileSlice): Promise<void> {
  if (slice.end < slice.start) {
    res.end();
    return;
  }
  const file = await open(slice.path, 'r');
  const free: Buffer[] = [];
  let allocated = 0;
  let wake: (() => void) | undefined;
  let gone = false;
  const onClose = () => {
    gone = true;
    wake?.();
  };
  res.once('close', onClose);
  const release = (buf: Buffer) => {
    free.push(buf);
    wake?.();
  };
  const take = async (): Promise<Buffer | undefined> => {
    for (;;) {
      if (gone) return undefined;
      const buf = free.pop();
      if (buf) return buf;
      if (allocated < BUFFERS) {
        allocated++;
        return Buffer.allocUnsafeSlow(Math.min(CHUNK, slice.end - slice.start + 1));
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  };
  try {
    let pos = slice.start;
    while (pos <= slice.end) {
      const buf = await take();
      if (!buf) return;
      const want = Math.min(buf.length, slice.end - pos + 1);
      const { bytesRead } = await file.read(buf, 0, want, pos);
      if (bytesRead === 0) throw new Error(`blob file ended ${slice.end - pos + 1} bytes early`);
      pos += bytesRead;
      if (gone) return;
      res.write(buf.subarray(0, bytesRead), () => release(buf));
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', onClose);
    await file.close().catch(() => undefined);
  }
}

/** Writes in-memory chunks to `res` without copying, waiting for 'drain' when the socket is full. */
export async function sendChunks(res: ServerResponse, chunks: Buffer[]): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      const open = await new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(ok);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        res.on('drain', onDrain);
        res.on('close', onClose);
      });
      if (!open) return;
    }
  }
  res.end();
}
