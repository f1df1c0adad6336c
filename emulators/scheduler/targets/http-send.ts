// One HTTP delivery with Cloud Scheduler's headers; maps the response to a google.rpc.Status the
// way Google maps HTTP codes (2xx = OK), and network failures to UNAVAILABLE.
import type { AttemptStatus, HttpMethod } from '../state/job-model.ts';

/** google.rpc.Code for an HTTP status (the mapping in google/rpc/code.proto). */
export function rpcCodeForHttp(status: number): number {
  if (status >= 200 && status < 300) return 0;
  const table: Record<number, number> = {
    400: 3,
    401: 16,
    403: 7,
    404: 5,
    409: 10,
    412: 9,
    416: 11,
    429: 8,
    499: 1,
    500: 13,
    501: 12,
    503: 14,
    504: 4,
  };
  return table[status] ?? 2;
}

export interface HttpDelivery {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: Buffer;
  /** Headers Cloud Scheduler always sets; they replace user values of the same name. */
  fixedHeaders: Record<string, string>;
  signal: AbortSignal;
}

export async function sendHttp(d: HttpDelivery): Promise<AttemptStatus> {
  const headers = new Headers(d.headers);
  for (const name of ['host', 'content-length']) headers.delete(name);
  // Documented as ignored or replaced: Google-internal X-Google-* and X-AppEngine-* headers.
  for (const name of [...headers.keys()]) {
    if (name.startsWith('x-google-') || name.startsWith('x-appengine-')) headers.delete(name);
  }
  for (const [k, v] of Object.entries(d.fixedHeaders)) headers.set(k, v);
  const withBody = d.body.length > 0 && !['GET', 'HEAD'].includes(d.method);
  if (withBody && !headers.has('content-type')) headers.set('content-type', 'application/octet-stream');
  try {
    const res = await fetch(d.url, {
      method: d.method,
      headers,
      body: withBody ? new Uint8Array(d.body) : undefined,
      redirect: 'follow',
      signal: d.signal,
    });
    await res.arrayBuffer().catch(() => undefined);
    const code = rpcCodeForHttp(res.status);
    const message = code === 0 ? '' : `HTTP ${res.status} ${res.statusText}`.trim();
    return { code, message, httpStatus: res.status };
  } catch (err) {
    if (d.signal.aborted) return { code: 4, message: 'Attempt deadline exceeded' };
    return { code: 14, message: `HTTP request to ${d.url} failed: ${(err as Error).message}` };
  }
}

/** X-CloudScheduler-* headers for an attempt. The job name header carries the job's short id. */
export function schedulerHeaders(jobName: string, scheduleTime: number): Record<string, string> {
  return {
    'X-CloudScheduler': 'true',
    'X-CloudScheduler-JobName': jobName.slice(jobName.lastIndexOf('/') + 1),
    // RFC 3339 in UTC ("Zulu"), without a fraction for the whole-minute times cron produces.
    'X-CloudScheduler-ScheduleTime': new Date(scheduleTime).toISOString().replace('.000Z', 'Z'),
  };
}
