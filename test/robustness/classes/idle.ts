// Finding 8 as an attack class: connections that never complete a request (silent, two bytes,
// partial headers, a dripped request line, half/full HTTP/2 preface, preface + SETTINGS) on every
// port must be closed within the documented bound while the ports keep serving.
import { expect } from 'vitest';
import * as h2 from '../http2-frames.ts';
import { type HeldSocket, openHeld } from '../raw-socket.ts';
import type { StackUnderTest } from '../stack-process.ts';

/** README: 10 s to pick a protocol / send the headers / open a first stream, +1 s GOAWAY grace. */
export const IDLE_BOUND_MS = 11_000;
/** Timers fire late on a loaded machine; a connection held forever is what this catches. */
const SLACK_MS = 10_000;
const PER_KIND = 40;

const KINDS: Record<string, Buffer> = {
  silent: Buffer.alloc(0),
  'two bytes': Buffer.from('PR'),
  'partial headers': Buffer.from(
    'POST /v1/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n',
  ),
  'half preface': h2.PREFACE.subarray(0, 20),
  'preface only': h2.PREFACE,
  'preface + SETTINGS': Buffer.concat([h2.PREFACE, h2.settings(), h2.settingsAck()]),
};

interface Held {
  port: string;
  kind: string;
  conn: HeldSocket;
}

/** Opens PER_KIND connections of every kind (and one slowloris) on every port. */
export async function openIdleConnections(stack: StackUnderTest): Promise<Held[]> {
  const held: Held[] = [];
  for (const { spec, host, port } of stack.ports) {
    for (const [kind, bytes] of Object.entries(KINDS)) {
      for (let i = 0; i < PER_KIND; i++)
        held.push({ port: spec.name, kind, conn: await openHeld(host, port, bytes) });
    }
    // A slowloris: one header byte every 500 ms never completes the request.
    const drip = await openHeld(host, port, Buffer.from('GET / HTTP/1.1\r\n'));
    const timer = setInterval(() => drip.socket.writable && drip.socket.write('X'), 500);
    void drip.closed.then(() => clearInterval(timer));
    held.push({ port: spec.name, kind: 'drip', conn: drip });
  }
  return held;
}

/** Waits for the server to close every held connection; fails on any held past the bound. */
export async function expectAllClosed(held: Held[]): Promise<number> {
  const limit = IDLE_BOUND_MS + SLACK_MS;
  const times = await Promise.all(
    held.map(async (h) => {
      const giveUp = new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), limit));
      return { port: h.port, kind: h.kind, ms: await Promise.race([h.conn.closed, giveUp]) };
    }),
  );
  for (const h of held) h.conn.socket.destroy();
  const late = times.filter((t) => t.ms > limit);
  expect(late, `held past the bound: ${JSON.stringify(late.slice(0, 5))}`).toEqual([]);
  return Math.max(...times.map((t) => t.ms));
}

export interface SlowBody {
  port: string;
  /** Sends the rest of the body and resolves with the status line of the answer ('' if none). */
  finish(): Promise<string>;
}

/** On every port, a request whose headers arrived at once but whose body drips a byte per 500 ms. */
export async function openSlowBodies(stack: StackUnderTest): Promise<SlowBody[]> {
  return Promise.all(
    stack.ports.map(async ({ spec, host, port }) => {
      const target = spec.jsonBodies()[0]!;
      const body = Buffer.from(JSON.stringify({ name: 'x'.repeat(60) }));
      const head = Buffer.from(
        `${target.method} ${target.path} HTTP/1.1\r\nHost: ${host}:${port}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      const held = await openHeld(host, port, Buffer.concat([head, body.subarray(0, 1)]));
      let answer = '';
      held.socket.on('data', (d: Buffer) => {
        answer += d.toString('latin1');
      });
      let sent = 1;
      const drip = setInterval(() => {
        if (sent < body.length - 10 && held.socket.writable) held.socket.write(body.subarray(sent, ++sent));
      }, 500);
      return {
        port: spec.name,
        finish: async () => {
          clearInterval(drip);
          if (held.socket.destroyed) return '';
          held.socket.write(body.subarray(sent));
          const deadline = Date.now() + 10_000;
          while (!answer.includes('\r\n') && !held.socket.destroyed && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
          }
          held.socket.destroy();
          return answer.split('\r\n')[0] ?? '';
        },
      };
    }),
  );
}
