// Acceptance 2: every attack class against every port of one `devkit start` child process,
// bounded in time. After each class every emulator must still serve an official-client call and
// the process's settled RSS must be back within 64 MiB of where it started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileBodies, http1Attacks, http2Attacks, protobufGarbage } from './attacks.ts';
import { connectH2, sendGrpc } from './grpc-raw.ts';
import { httpRequest } from './http-request.ts';
import type { HttpTarget } from './ports.ts';
import { sendRaw } from './raw-socket.ts';
import { type StackUnderTest, startStackProcess } from './stack-process.ts';

const RSS_MARGIN = 64 * 1024 * 1024;
let stack: StackUnderTest;
let baseline = 0;

async function everyPortServes(): Promise<void> {
  expect(stack.alive(), `devkit died:\n${stack.devkit.stderr().slice(-4000)}`).toBe(true);
  for (const { spec, host, port } of stack.ports) {
    const t = Date.now();
    await spec.officialCall({ host, port });
    if (process.env.ROBUSTNESS_TIMING) console.info(`  ${spec.name} official call ${Date.now() - t} ms`);
  }
}

async function healthyAfter(attack: string): Promise<void> {
  const t0 = Date.now();
  await everyPortServes();
  const t1 = Date.now();
  const rss = await stack.settledRss();
  const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  console.info(`${attack}: RSS ${mib(rss)} (start ${mib(baseline)}); check ${t1 - t0} ms + ${Date.now() - t1} ms`);
  expect(rss - baseline, `${attack}: RSS ${mib(rss)} vs start ${mib(baseline)}`).toBeLessThan(RSS_MARGIN);
}

beforeAll(async () => {
  stack = await startStackProcess();
  // Warm up: the first requests load code and build caches that stay; measure from after them.
  for (let i = 0; i < 2; i++) await everyPortServes();
  baseline = await stack.settledRss();
}, 90_000);
afterAll(async () => stack?.stop());

describe('attack classes on every port', () => {
  it('malformed HTTP/1', async () => {
    await Promise.all(
      stack.ports.map(async ({ host, port }) => {
        for (const attack of http1Attacks(`${host}:${port}`)) await sendRaw(host, port, [attack.bytes], 300);
      }),
    );
    await healthyAfter('malformed HTTP/1');
  });

  it('malformed HTTP/2: rapid reset, header and CONTINUATION floods, bad prefaces, oversized frames', async () => {
    await Promise.all(
      stack.ports.map(async ({ spec, host, port }) => {
        const rpc = spec.rpcs()[0]?.path ?? '/x';
        const attacks = http2Attacks(`${host}:${port}`, rpc);
        await Promise.all(attacks.map((attack) => sendRaw(host, port, attack.chunks, 400)));
        // Rapid reset from several connections at once.
        await Promise.all(Array.from({ length: 8 }, () => sendRaw(host, port, attacks[0]!.chunks, 400)));
      }),
    );
    await healthyAfter('malformed HTTP/2');
  });

  it('random and truncated protobufs on every RPC of every gRPC service', async () => {
    let sent = 0;
    for (const { spec, host, port } of stack.ports) {
      const rpcs = spec.rpcs();
      if (rpcs.length === 0) continue;
      const session = await connectH2(host, port);
      session.on('error', () => undefined);
      try {
        await Promise.all(
          rpcs.map(async (rpc, i) => {
            const valid = Buffer.from(
              rpc.requestType.encode(rpc.requestType.fromObject(sample(rpc.requestType))).finish(),
            );
            for (const garbage of protobufGarbage(i + 1, valid)) {
              const outcome = await sendGrpc(session, rpc.path, garbage.body, 2_000);
              sent++;
              // An answer, a reset or our own give-up are all fine; a dead server is not.
              expect(['answered', 'reset', 'timeout'], `${rpc.path} ${garbage.name}`).toContain(
                outcome.ended,
              );
            }
          }),
        );
      } finally {
        session.destroy();
      }
    }
    expect(sent).toBeGreaterThan(100);
    await healthyAfter('protobuf garbage');
  });

  it('hostile REST bodies: deep nesting, huge, invalid UTF-8 and base64, __proto__ keys', async () => {
    const serverErrors: string[] = [];
    const bodies = hostileBodies();
    const post = async ({ spec, host, port }: StackUnderTest['ports'][number], target: HttpTarget) => {
      // The 20 MiB body goes to one endpoint per port; the rest to every endpoint.
      const chosen =
        target === spec.jsonBodies()[0] ? bodies : bodies.filter((b) => !b.name.startsWith('huge'));
      for (const { name, body } of chosen) {
        const answer = await httpRequest(host, port, {
          method: target.method,
          path: target.path,
          headers: { 'content-type': 'application/json' },
          body,
        }).catch((err: Error) => ({ status: 0, body: err.message }));
        // A huge body may be cut off (connection closed) once the limit is passed.
        if (answer.status >= 500)
          serverErrors.push(`${spec.name} ${target.method} ${target.path} ${name}: ${answer.status}`);
      }
    };
    await Promise.all(stack.ports.map((p) => Promise.all(p.spec.jsonBodies().map((t) => post(p, t)))));
    expect(serverErrors).toEqual([]);
    await healthyAfter('hostile REST bodies');
  });
});

/** A plausible request: every string field set to a short value (names, ids), so it decodes. */
function sample(type: import('protobufjs').Type): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    if (field.type === 'string' && !field.repeated && !field.map)
      out[field.name] = `projects/devkit-local/x/${field.name}`;
  }
  return out;
}
