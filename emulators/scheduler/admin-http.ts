// The HTTP side of the scheduler port: `GET /admin/clock` and `POST /admin/clock:advance` with
// {"duration":"1h"} or {"time":"2026-03-08T07:00:00Z"}. Handlers are plain functions over a
// request; errors use Google's JSON error shape.
import { createServer, type Server } from 'node:http';
import { HTTP_STATUS, invalidArgument, notFound, toDevkitError } from '../common/index.ts';
import { parseDuration, parseInstant } from './duration.ts';

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

export async function handleAdmin(req: AdminRequest, clock: ClockControl): Promise<AdminResponse> {
  try {
    const nowBody = () => ({ status: 200, json: { now: new Date(clock.now()).toISOString() } });
    if (req.path === '/admin/clock' && req.method === 'GET') return nowBody();
    if (req.path === '/admin/clock:advance' && req.method === 'POST') {
      let body: { duration?: unknown; time?: unknown };
      try {
        body = req.body ? JSON.parse(req.body) : {};
      } catch {
        throw invalidArgument('request body must be JSON');
      }
      if (typeof body.duration === 'string') await clock.advance(parseDuration(body.duration));
      else if (typeof body.time === 'string') await clock.advanceTo(parseInstant(body.time));
      else throw invalidArgument('expected {"duration": "1h"} or {"time": "<RFC 3339>"}');
      return nowBody();
    }
    throw notFound(`no route for ${req.method} ${req.path}`);
  } catch (err) {
    const e = toDevkitError(err);
    const status = e.details.httpStatus ?? HTTP_STATUS[e.code];
    return { status, json: { error: { code: status, message: e.message, status: e.code } } };
  }
}

/** A node HTTP server (never listening itself: the port mux hands it connections). */
export function createAdminServer(clock: ClockControl): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      void handleAdmin(
        { method: req.method ?? 'GET', path, body: Buffer.concat(chunks).toString('utf8') },
        clock,
      ).then((r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(r.json));
      });
    });
  });
}
