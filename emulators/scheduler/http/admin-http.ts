// Clock control over HTTP: `GET /admin/clock` and `POST /admin/clock:advance` with
// {"duration":"1h"} or {"time":"2026-03-08T07:00:00Z"} (at most 366 days ahead; see
// run/clock-advance.ts for the bound). A plain function over a request.
import { invalidArgument } from '../../common/index.ts';
import { parseDuration, parseInstant } from '../state/duration.ts';

/** What a move reports: jobs whose runs past the per-call firing budget were coalesced into one. */
export interface AdvanceReport {
  coalesced?: readonly string[];
}

export interface ClockControl {
  now(): number;
  advance(ms: number): Promise<AdvanceReport>;
  advanceTo(atMs: number): Promise<AdvanceReport>;
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
  let report: AdvanceReport;
  if (typeof body?.duration === 'string') report = await clock.advance(parseDuration(body.duration));
  else if (typeof body?.time === 'string') report = await clock.advanceTo(parseInstant(body.time));
  else throw invalidArgument('expected {"duration": "1h"} or {"time": "<RFC 3339>"}');
  const coalesced = report.coalesced ?? [];
  // Only a jump past the firing budget says so: `{"now"}` alone means every run fired in order.
  return coalesced.length > 0 ? { status: 200, json: { ...nowBody().json, coalesced } } : nowBody();
}
