// One HTTP dispatch: sends the request, reads the response, and maps it to a google.rpc code the
// way Google maps HTTP statuses (2xx = OK); a refused connection is UNAVAILABLE with no response.
import type { DispatchResult } from '../run/attempts.ts';

const RPC_FOR_HTTP: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 10,
  412: 9,
  429: 8,
  499: 1,
  500: 13,
  501: 12,
  503: 14,
  504: 4,
};

export function rpcCodeForHttp(status: number): number {
  if (status >= 200 && status < 300) return 0;
  return RPC_FOR_HTTP[status] ?? 2;
}

export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Buffer;
  signal: AbortSignal;
}

export async function sendHttp(r: OutgoingRequest): Promise<DispatchResult> {
  const withBody = r.body.length > 0 && !['GET', 'HEAD'].includes(r.method);
  try {
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: withBody ? new Uint8Array(r.body) : undefined,
      redirect: 'follow',
      signal: r.signal,
    });
    await res.arrayBuffer().catch(() => undefined);
    const code = rpcCodeForHttp(res.status);
    return { httpStatus: res.status, code, message: code === 0 ? '' : `HTTP ${res.status}` };
  } catch (err) {
    if (r.signal.aborted) return { code: 4, message: 'Dispatch deadline exceeded' };
    return { code: 14, message: `connection to ${r.url} failed: ${(err as Error).message}` };
  }
}
