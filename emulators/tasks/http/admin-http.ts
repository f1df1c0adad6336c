// Clock control over HTTP on the Tasks port: `GET /admin/clock` and `POST /admin/clock:advance`
// with {"duration":"90s"} or {"time":"2026-03-08T07:00:00Z"}. A plain function over a request.
import { invalidArgument } from '../../common/index.ts';

export interface ClockControl {
  now(): number;
  advance(ms: number): Promise<void>;
  advanceTo(atMs: number): Promise<void>;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "90s", "1h30m", "2d" → milliseconds. */
export function parseDuration(text: string): number {
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (let m = part.exec(text); m; m = part.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
    end = part.lastIndex;
  }
  if (!text || end !== text.length)
    throw invalidArgument(`invalid duration "${text}": use e.g. 90s, 15m, 1h30m`);
  return Math.round(total);
}

export async function handleClockAdmin(
  method: string,
  path: string,
  body: string,
  clock: ClockControl,
): Promise<{ status: number; json: unknown } | undefined> {
  const now = () => ({ status: 200, json: { now: new Date(clock.now()).toISOString() } });
  if (path === '/admin/clock' && method === 'GET') return now();
  if (path !== '/admin/clock:advance' || method !== 'POST') return undefined;
  let parsed: { duration?: unknown; time?: unknown };
  try {
    parsed = body ? JSON.parse(body) : {};
  } catch {
    throw invalidArgument('request body must be JSON');
  }
  if (typeof parsed?.duration === 'string') await clock.advance(parseDuration(parsed.duration));
  else if (typeof parsed?.time === 'string' && !Number.isNaN(Date.parse(parsed.time)))
    await clock.advanceTo(Date.parse(parsed.time));
  else throw invalidArgument('expected {"duration": "90s"} or {"time": "<RFC 3339>"}');
  return now();
}
