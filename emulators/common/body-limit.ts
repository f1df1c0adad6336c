// Reads an HTTP/1 request body with a bound: past it the client gets 413 at once (Google's JSON
// error shape) and the rest is read and dropped, so the answer is not lost to a reset.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Past this many dropped bytes after a 413 the connection is cut. */
export const OVERSIZE_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Resolves with the whole body, or with undefined once a body larger than `maxBytes` has been
 * answered `413` (`connection: close`); a body that keeps coming past `OVERSIZE_DRAIN_BYTES`
 * more is cut off by destroying the socket. Never buffers more than `maxBytes`.
 */
export function readBodyWithin(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      if (!res.headersSent) {
        chunks.length = 0;
        const json = { error: { code: 413, message: 'Request body too large', status: 'INVALID_ARGUMENT' } };
        res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify(json));
        resolve(undefined);
      } else if (size > maxBytes + OVERSIZE_DRAIN_BYTES) req.socket.destroy();
    });
    req.on('end', () => {
      if (size <= maxBytes) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
