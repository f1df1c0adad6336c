// After an early reply (an answer sent before the request body was read) the rest of the body is
// read and dropped: closing a socket with unread bytes makes the kernel reset the connection, and
// the reset can destroy the reply before the client reads it (EPIPE in Node's client).
import type { IncomingMessage } from 'node:http';

/** The most an early reply reads and discards; past it the connection is closed. */
export const EARLY_REPLY_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads and discards what is left of `raw`'s body, keeping the connection usable for the next
 * request; destroys the socket once more than `limit` bytes have been dropped.
 */
export function discardBody(raw: IncomingMessage, limit = EARLY_REPLY_DRAIN_BYTES): void {
  if (raw.complete || raw.destroyed) return;
  let dropped = 0;
  const onReadable = () => {
    for (let chunk: Buffer | null = raw.read(); chunk !== null; chunk = raw.read()) {
      dropped += chunk.length;
      if (dropped > limit) {
        raw.off('readable', onReadable);
        raw.socket.destroy();
        return;
      }
    }
  };
  // A 'readable' listener switches the stream to pull mode whatever mode a handler left it in.
  raw.on('readable', onReadable);
  onReadable();
}
