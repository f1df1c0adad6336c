// Carrying out one testbench instruction around a routed request: fail before the handler runs
// (nothing changes), reset the connection, or tamper with the response body as it streams.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { DevkitError, type ErrorCode } from '../../common/index.ts';
import type { ApiRequest } from '../http/api-request.ts';
import type { Reply } from '../http/reply.ts';
import type { Instruction } from './instructions.ts';

/** Thrown after the connection was reset on purpose: there is nobody left to answer. */
export class ConnectionCut extends Error {}

function statusError(status: number): DevkitError {
  const code: ErrorCode =
    status === 503
      ? 'UNAVAILABLE'
      : status === 429
        ? 'RESOURCE_EXHAUSTED'
        : status < 500
          ? 'INVALID_ARGUMENT'
          : 'INTERNAL';
  return new DevkitError(code, `Retry Test: Caused a ${status}`, { httpStatus: status });
}

const hasBody = (req: ApiRequest) =>
  Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;

/** Runs `handle` under `ins`. */
export async function runInstruction(
  ins: Instruction,
  req: ApiRequest,
  handle: () => Promise<Reply>,
): Promise<Reply> {
  switch (ins.kind) {
    case 'none':
      return handle();
    case 'status':
      throw statusError(ins.status);
    case 'reset':
      req.raw.socket.resetAndDestroy();
      throw new ConnectionCut('connection reset by a retry test instruction');
    case 'status-after':
      if (hasBody(req)) {
        // The first bytes of the upload arrive, then the failure; nothing is persisted.
        await readUpTo(req.raw, ins.bytes);
        throw statusError(ins.status);
      }
      return tamper(await handle(), ins.bytes, 'cut');
    case 'broken-stream':
      return tamper(await handle(), ins.bytes, 'cut');
    case 'corrupted-data':
      return tamper(await handle(), 0, 'corrupt');
    case 'stall':
      if (hasBody(req)) {
        await sleep(ins.ms);
        // A client that gave up on the stalled request (a chunk transfer timeout) has retried it by
        // now: the abandoned request must not be handled after its retry.
        if (req.raw.socket?.destroyed !== false) throw new ConnectionCut('client left a stalled request');
        return handle();
      }
      return tamper(await handle(), ins.bytes, 'stall', ins.ms);
  }
}

/** Reads at least `limit` bytes (or to the end) and pauses, leaving the body usable for draining. */
function readUpTo(body: Readable, limit: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      body.off('data', onData).off('end', done).off('error', done);
      body.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen >= limit) done();
    };
    body.on('data', onData).once('end', done).once('error', done);
  });
}

/**
 * The reply as a byte stream (any body kind: stream, file range, chunks, bytes, or JSON rendered
 * without `fields`), then cut, corrupted or stalled.
 */
function tamper(reply: Reply, at: number, how: 'cut' | 'corrupt' | 'stall', ms = 0): Reply {
  if (reply.status >= 300) return reply;
  const headers = { ...reply.headers };
  let source: AsyncIterable<Buffer> | Iterable<Buffer>;
  if (reply.stream) source = reply.stream;
  else if (reply.file) {
    // A blob file range (`end` inclusive); an empty range has no bytes to tamper with.
    const { path, start, end } = reply.file;
    source = end < start ? [] : createReadStream(path, { start, end });
  } else if (reply.chunks) source = reply.chunks;
  else {
    const bytes = reply.body ?? Buffer.from(JSON.stringify(reply.json ?? null));
    if (!reply.body) headers['content-type'] = 'application/json; charset=UTF-8';
    headers['content-length'] = bytes.length;
    source = [bytes];
  }
  return { status: reply.status, headers, stream: Readable.from(transform(source, at, how, ms)) };
}

async function* transform(
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  at: number,
  how: string,
  ms: number,
) {
  let sent = 0;
  let stalled = false;
  for await (const raw of source) {
    let chunk = Buffer.from(raw);
    if (how === 'corrupt' && sent === 0 && chunk.length > 0) chunk[0] = chunk[0]! ^ 0xff;
    if ((how === 'cut' || how === 'stall') && sent + chunk.length >= at) {
      const head = chunk.subarray(0, Math.max(0, at - sent));
      if (head.length > 0) yield head;
      sent += head.length;
      if (how === 'cut') throw new Error('stream broken by a retry test instruction');
      if (!stalled) await sleep(ms);
      stalled = true;
      chunk = chunk.subarray(head.length);
      how = 'done';
    }
    sent += chunk.length;
    if (chunk.length > 0) yield chunk;
  }
  if (how === 'cut') throw new Error('stream broken by a retry test instruction');
}
