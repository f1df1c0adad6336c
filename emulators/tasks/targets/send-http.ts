// One HTTP dispatch over node:http(s) with keep-alive: sends the request, follows redirects, and
// maps the status to a google.rpc code as Google does (2xx = OK); a refused connection is
// UNAVAILABLE with no response.
import http from 'node:http';
import https from 'node:https';
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

const MAX_REDIRECTS = 10;

/** Keep-alive pools, one pair per emulator: connections to a worker stay open between dispatches. */
export interface Agents {
  'http:': http.Agent;
  'https:': https.Agent;
}

export const createAgents = (): Agents => ({
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
});

function once(r: OutgoingRequest, agents: Agents, url: URL): Promise<{ status: number; location?: string }> {
  const withBody = r.body.length > 0 && !['GET', 'HEAD'].includes(r.method);
  const headers: Record<string, string> = Object.fromEntries(r.headers);
  if (withBody) headers['content-length'] = String(r.body.length);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: r.method, headers, signal: r.signal, agent: agents[url.protocol as 'http:' | 'https:'] },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(withBody ? r.body : undefined);
  });
}

/** Sends the request, following redirects (they are not separate attempts, as documented). */
export async function sendHttp(r: OutgoingRequest, agents: Agents): Promise<DispatchResult> {
  try {
    let url = new URL(r.url);
    for (let hop = 0; ; hop++) {
      const res = await once(r, agents, url);
      if (res.status >= 300 && res.status < 400 && res.location && hop < MAX_REDIRECTS) {
        url = new URL(res.location, url);
        continue;
      }
      const code = rpcCodeForHttp(res.status);
      return { httpStatus: res.status, code, message: code === 0 ? '' : `HTTP ${res.status}` };
    }
  } catch (err) {
    if (r.signal.aborted) return { code: 4, message: 'Dispatch deadline exceeded' };
    return { code: 14, message: `connection to ${r.url} failed: ${(err as Error).message}` };
  }
}
