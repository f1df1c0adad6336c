// Raw gRPC over node:http2: one request stream with a hand-made body, answering the grpc-status
// it got (or how the stream ended), so garbage can reach every RPC without a generated client.
import http2 from 'node:http2';

export interface GrpcOutcome {
  status?: string;
  /** 'answered' | 'reset' | 'timeout' | 'session error' */
  ended: string;
}

export function connectH2(host: string, port: number): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${host}:${port}`);
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

export function sendGrpc(
  session: http2.ClientHttp2Session,
  path: string,
  body: Buffer,
  timeoutMs = 3_000,
): Promise<GrpcOutcome> {
  return new Promise((resolve) => {
    let status: string | undefined;
    let settled = false;
    const finish = (ended: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve({ status, ended });
    };
    const stream = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    const take = (headers: http2.IncomingHttpHeaders) => {
      const value = headers['grpc-status'];
      if (value !== undefined) status = String(value);
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', () => undefined);
    stream.on('end', () => finish('answered'));
    stream.on('close', () => finish(status === undefined ? 'reset' : 'answered'));
    stream.on('error', () => finish('reset'));
    stream.end(body);
  });
}
