// A unary gRPC call answered straight from its HTTP/2 stream, without grpc-js's per-call
// machinery (Metadata objects, interceptor chain, StreamDecoder's chunk list and concat, the
// listener/queue state machine). Used for the one RPC whose per-call cost shows in a profile
// (Publish); every other call, and any request this path does not handle (a compressed one), goes
// through grpc-js. The wire behaviour is grpc-js's: the same headers, trailers, status texts,
// deadline handling and trailers-only errors.
import type http2 from 'node:http2';
import type * as grpc from '@grpc/grpc-js';
import { GRPC_STATUS } from './error.ts';

export interface DirectStatus {
  code: number;
  details: string;
  metadata?: grpc.Metadata | null;
}

export interface DirectUnaryMethod {
  /** `/package.Service/Method`, named in grpc-js's status texts. */
  path: string;
  /** The grpc-js handler (only `call.request` is read from its call). */
  handler: grpc.handleUnaryCall<unknown, unknown>;
  deserialize(bytes: Buffer): unknown;
  serialize(value: unknown): Buffer;
  /** Largest request message accepted, in bytes (grpc-js's `grpc.max_receive_message_length`). */
  maxReceiveBytes: number;
  /** Rewrites a status this path produces itself (size and decoding errors), as an interceptor would. */
  translate?: (status: DirectStatus) => DirectStatus;
}

/** The two codes no DevkitError carries (GRPC_STATUS has the rest). */
const STATUS_OK = 0;
const STATUS_UNKNOWN = 2;

/** grpc-js's headers: a trailers-only (error) answer carries the first two only. */
const BASE_HEADERS = { ':status': 200, 'content-type': 'application/grpc+proto' };
const RESPONSE_HEADERS = {
  ...BASE_HEADERS,
  'grpc-accept-encoding': 'identity,deflate,gzip',
  'grpc-encoding': 'identity',
};
const OK_TRAILERS = { 'grpc-status': String(STATUS_OK), 'grpc-message': 'OK' };

/** grpc-js's rule for `grpc-timeout`: up to 8 digits and a unit. */
const DEADLINE = /(\d{1,8})\s*([HMSmun])/;
const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/**
 * Takes the call if it can (returns true), or leaves the stream untouched for grpc-js (false):
 * a request that is not `application/grpc*` (grpc-js answers 415) or that declares a
 * `grpc-encoding` other than identity (grpc-js decompresses it).
 */
export function answerUnaryDirectly(
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  method: DirectUnaryMethod,
): boolean {
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.startsWith('application/grpc')) return false;
  const encoding = headers['grpc-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return false;
  new DirectCall(stream, headers, method);
  return true;
}

class DirectCall {
  private finished = false;
  private deadline: NodeJS.Timeout | undefined;
  /** The 5-byte message prefix while it is incomplete. */
  private prefix: Buffer | undefined;
  private prefixFilled = 0;
  /** The request message being filled, and how much of it is. */
  private body: Buffer | undefined;
  private bodyFilled = 0;
  private request: Buffer | undefined;

  constructor(
    private readonly stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
    private readonly method: DirectUnaryMethod,
  ) {
    stream.on('close', () => this.stop());
    const timeout = headers['grpc-timeout'];
    if (typeof timeout === 'string') this.startDeadline(timeout);
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('end', () => this.onEnd());
  }

  private startDeadline(header: string): void {
    const match = DEADLINE.exec(header);
    if (!match) {
      process.nextTick(() =>
        this.fail({ code: GRPC_STATUS.INTERNAL, details: `Invalid grpc-timeout value "${header}"` }),
      );
      return;
    }
    const ms = (Number(match[1]) * UNIT_MS[match[2]!]!) | 0;
    this.deadline = setTimeout(
      () => this.fail({ code: GRPC_STATUS.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }),
      ms,
    );
  }

  private onData(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.finished) {
      if (this.body === undefined) {
        // Reading a message prefix: compressed flag (ignored under identity, as grpc-js does) + length.
        if (this.prefixFilled === 0 && chunk.length - pos >= 5) {
          pos = this.startBody(chunk.readUInt32BE(pos + 1), chunk, pos + 5);
          continue;
        }
        this.prefix ??= Buffer.allocUnsafe(5);
        const n = Math.min(5 - this.prefixFilled, chunk.length - pos);
        chunk.copy(this.prefix, this.prefixFilled, pos, pos + n);
        this.prefixFilled += n;
        pos += n;
        if (this.prefixFilled === 5) {
          this.prefixFilled = 0;
          pos = this.startBody(this.prefix.readUInt32BE(1), chunk, pos);
        }
        continue;
      }
      const n = Math.min(this.body.length - this.bodyFilled, chunk.length - pos);
      chunk.copy(this.body, this.bodyFilled, pos, pos + n);
      this.bodyFilled += n;
      pos += n;
      if (this.bodyFilled === this.body.length) this.gotMessage(this.body);
    }
  }

  /** A message of `length` bytes starts at `chunk[pos]`; returns where reading goes on. */
  private startBody(length: number, chunk: Buffer, pos: number): number {
    if (length > this.method.maxReceiveBytes) {
      this.fail(
        this.translated({
          code: GRPC_STATUS.RESOURCE_EXHAUSTED,
          details: `Received message larger than max (${length} vs ${this.method.maxReceiveBytes})`,
        }),
      );
      return chunk.length;
    }
    if (chunk.length - pos >= length) {
      // The whole message is in this chunk: a view, no copy.
      this.gotMessage(chunk.subarray(pos, pos + length));
      return pos + length;
    }
    this.body = Buffer.allocUnsafe(length);
    this.bodyFilled = 0;
    return pos;
  }

  private gotMessage(message: Buffer): void {
    this.body = undefined;
    if (this.request !== undefined) {
      this.fail({
        code: GRPC_STATUS.UNIMPLEMENTED,
        details: `Received a second request message for server streaming method ${this.method.path}`,
      });
      return;
    }
    this.request = message;
  }

  private onEnd(): void {
    if (this.finished) return;
    if (this.request === undefined) {
      this.fail({
        code: GRPC_STATUS.UNIMPLEMENTED,
        details: `Received no request message for server streaming method ${this.method.path}`,
      });
      return;
    }
    let request: unknown;
    try {
      request = this.method.deserialize(this.request);
    } catch {
      this.fail(this.translated({ code: GRPC_STATUS.INTERNAL, details: 'Error deserializing request' }));
      return;
    }
    this.request = undefined;
    const call = { request } as unknown as grpc.ServerUnaryCall<unknown, unknown>;
    try {
      this.method.handler(call, (error, value) => {
        if (error) this.fail(serviceErrorStatus(error));
        else this.reply(value);
      });
    } catch {
      this.fail({ code: STATUS_UNKNOWN, details: 'Unknown error' });
    }
  }

  private reply(value: unknown): void {
    if (this.finished) return;
    let message: Buffer;
    try {
      message = this.method.serialize(value);
    } catch {
      this.fail({ code: GRPC_STATUS.INTERNAL, details: 'Error serializing response' });
      return;
    }
    this.stop();
    if (this.stream.destroyed || this.stream.closed) return;
    const frame = Buffer.allocUnsafe(message.length + 5);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    this.stream.once('wantTrailers', () => this.stream.sendTrailers(OK_TRAILERS));
    this.stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
    this.stream.end(frame);
  }

  /** A trailers-only answer; the rest of the request is read and dropped. */
  private fail(status: DirectStatus): void {
    if (this.finished) return;
    this.stop();
    this.stream.resume();
    if (this.stream.destroyed || this.stream.closed) return;
    this.stream.respond(
      {
        ...BASE_HEADERS,
        'grpc-status': String(status.code),
        'grpc-message': encodeURI(status.details),
        ...status.metadata?.toHttp2Headers(),
      },
      { endStream: true },
    );
  }

  private translated(status: DirectStatus): DirectStatus {
    return this.method.translate ? this.method.translate(status) : status;
  }

  private stop(): void {
    this.finished = true;
    this.body = undefined;
    this.request = undefined;
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = undefined;
  }
}

/** What grpc-js's `serverErrorToStatus` makes of a handler's error. */
function serviceErrorStatus(error: Partial<grpc.ServiceError>): DirectStatus {
  const metadata = error.metadata ?? null;
  const message = 'message' in error ? String(error.message) : 'Unknown Error';
  if (typeof error.code !== 'number' || !Number.isInteger(error.code)) {
    return { code: STATUS_UNKNOWN, details: message, metadata };
  }
  return { code: error.code, details: typeof error.details === 'string' ? error.details : message, metadata };
}
