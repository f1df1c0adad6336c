// Clock control over HTTP: `GET /admin/clock` and `POST /admin/clock:advance` with
// {"duration":"1h"} or {"time":"2026-03-08T07:00:00Z"}. A plain function over a request.
import { invalidArgument } from '../../common/index.ts';
import { parseDuration, parseInstant } from '../state/duration.ts';

export interface ClockControl {
  now(): number;
  advance(ms: number): Promise<void>;
  advanceTo(atMs: number): Promise<void>;
}

export interface AdminRequest {
  method: string;
  path: string;
  body: string;
}

export interface AdminResponse {
  status: number;
  json: unknown;
}

/** Handles the admin routes; undefined when the request is not one. Throws DevkitErrors. */
export async function handleAdmin(
  req: AdminRequest,
  clock: ClockControl,
): Promise<AdminResponse | undefined> {
  const nowBody = () => ({ status: 200, json: { now: new Date(clock.now()).toISOString() } });
  if (req.path === '/admin/clock' && req.method === 'GET') return nowBody();
  if (req.path !== '/admin/clock:advance' || req.method !== 'POST') return undefined;
  let body: { duration?: unknown; time?: unknown };
  try {
    body = req.body ? JSON.parse(req.body) : {};
  } catch {
    throw invalidArgument('request body must be JSON');
  }
  if (typeof body?.duration === 'string') await clock.advance(parseDuration(body.duration));
  else if (typeof body?.time === 'string') await clock.advanceTo(parseInstant(body.time));
  else throw invalidArgument('expected {"duration": "1h"} or {"time": "<RFC 3339>"}');
  return nowBody();
}
