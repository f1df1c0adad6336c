// What handlers return: a status with a JSON body, a stream, or nothing. `send` writes it, and
// is the only place that turns thrown errors into GCS JSON errors.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../../common/index.ts';
import type { ApiRequest } from './api-request.ts';
import { discardBody } from './drain.ts';
import { toGcsError } from './gcs-error.ts';
import { applyFields, parseFields } from './partial-response.ts';
import { type FileSlice, sendChunks, sendFile } from './send-file.ts';

export interface Reply {
  status: number;
  headers?: Record<string, string | number>;
  json?: unknown;
  stream?: Readable;
  /** Raw bytes, sent in one write (small in-memory downloads). */
  body?: Buffer;
  /** A range of a blob file, read into reused buffers (`sendFile`). */
  file?: FileSlice;
  /** In-memory blob chunks, written as they are with back-pressure. */
  chunks?: Buffer[];
}

export const json = (body: unknown, status = 200, headers?: Record<string, string | number>): Reply => ({
  status,
  json: body,
  headers,
});

export async function send(req: ApiRequest, res: ServerResponse, reply: Reply): Promise<void> {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.json !== undefined) {
    const fields = req.query.get('fields');
    const value = fields && reply.status < 300 ? applyFields(reply.json, parseFields(fields)) : reply.json;
    // A string body goes out in the same write as the header block (a Buffer takes a writev).
    const body = JSON.stringify(value);
    headers['content-type'] = 'application/json; charset=UTF-8';
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(reply.status, headers);
    res.end(body);
    discardBody(req.raw);
    return;
  }
  res.writeHead(reply.status, headers);
  discardBody(req.raw);
  if (reply.body) {
    res.end(req.method === 'HEAD' ? undefined : reply.body);
    return;
  }
  if (req.method !== 'HEAD' && reply.file) return sendFile(res, reply.file);
  if (req.method !== 'HEAD' && reply.chunks) return sendChunks(res, reply.chunks);
  if (reply.stream && req.method !== 'HEAD') {
    await pipeline(reply.stream, res).catch(() => res.destroy());
  } else {
    reply.stream?.destroy();
    res.end();
  }
}

/** Sends `err` as a GCS error, then drops the unread rest of the request body (`discardBody`). */
export function sendError(req: ApiRequest, res: ServerResponse, err: unknown, logger: Logger): void {
  // A connection reset on purpose (testbench instruction) has nobody left to answer.
  if (!req.raw.socket || req.raw.socket.destroyed) return;
  const wire = toGcsError(err);
  if (wire.status >= 500) logger.error('storage request failed', { path: req.path, err: `${err}` });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (wire.status === 304) {
    res.writeHead(304, { 'content-length': 0 }).end();
    discardBody(req.raw);
    return;
  }
  const body = JSON.stringify(wire.body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  };
  res.writeHead(wire.status, headers);
  res.end(body);
  discardBody(req.raw);
}
