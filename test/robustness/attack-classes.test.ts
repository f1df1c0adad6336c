// The robustness suite (issue 14, acceptance 2, and the wire tests of findings 1, 4 and 8): every
// attack class against every port of one `devkit start` child process, bounded in time. After
// each class the process is alive, every emulator serves an official-client call, and its settled
// RSS is within 64 MiB of where it started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignPages, loopbackPages } from './classes/browser.ts';
import { expectAllClosed, IDLE_BOUND_MS, openIdleConnections, openSlowBodies } from './classes/idle.ts';
import { hostileRestBodies, protobufGarbageOnEveryRpc } from './classes/payloads.ts';
import { malformedHttp1, malformedHttp2, resetBeforeAnswer } from './classes/wire-garbage.ts';
import { type StackUnderTest, startStackProcess } from './stack-process.ts';

const RSS_MARGIN = 64 * 1024 * 1024;
const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
let stack: StackUnderTest;
let baseline = 0;

async function everyPortServes(): Promise<void> {
  expect(stack.alive(), `devkit died:\n${stack.devkit.stderr().slice(-4000)}`).toBe(true);
  for (const { spec, host, port } of stack.ports) await spec.officialCall({ host, port });
}

async function healthyAfter(attack: string): Promise<void> {
  await everyPortServes();
  const rss = await stack.settledRss();
  console.info(`${attack}: settled RSS ${mib(rss)} (start ${mib(baseline)})`);
  expect(rss - baseline, `${attack}: RSS ${mib(rss)} vs start ${mib(baseline)}`).toBeLessThan(RSS_MARGIN);
}

beforeAll(async () => {
  stack = await startStackProcess();
  // Warm up: the first requests load code and fill caches that stay; measure from after them.
  for (let i = 0; i < 2; i++) await everyPortServes();
  baseline = await stack.settledRss();
}, 90_000);
afterAll(async () => stack?.stop());

describe('every attack class on every port of `devkit start`', () => {
  it('HEADERS + RST_STREAM in one write (finding 1) kills nothing', async () => {
    await resetBeforeAnswer(stack);
    await healthyAfter('reset before answer');
  });

  it(`idle connections (finding 8) are closed within ${IDLE_BOUND_MS / 1000} s, serving meanwhile`, async () => {
    const slow = await openSlowBodies(stack);
    const held = await openIdleConnections(stack);
    expect(held.length).toBeGreaterThan(stack.ports.length * 200);
    await everyPortServes();
    const slowest = await expectAllClosed(held);
    console.info(`${held.length} idle connections, the last closed after ${slowest} ms`);
    // A request whose headers arrived is not cut by the header deadline, however slow its body.
    for (const request of slow) expect(await request.finish(), request.port).toMatch(/^HTTP\/1\.1 \d{3} /);
    await healthyAfter('idle connections');
  }, 60_000);

  it('browser pages from elsewhere and DNS rebinding (finding 4) get 403 and change nothing', async () => {
    await foreignPages(stack);
    await loopbackPages(stack);
    await healthyAfter('foreign pages');
  });

  it('malformed HTTP/1', async () => {
    await malformedHttp1(stack);
    await healthyAfter('malformed HTTP/1');
  });

  it('malformed HTTP/2: rapid reset, header and CONTINUATION floods, bad prefaces, oversized frames', async () => {
    await malformedHttp2(stack);
    await healthyAfter('malformed HTTP/2');
  });

  it('random and truncated protobufs on every RPC of every gRPC service', async () => {
    expect(await protobufGarbageOnEveryRpc(stack)).toBeGreaterThan(100);
    await healthyAfter('protobuf garbage');
  });

  it('hostile REST bodies: deep nesting, huge, invalid UTF-8 and base64, __proto__ keys', async () => {
    expect(await hostileRestBodies(stack)).toEqual([]);
    await healthyAfter('hostile REST bodies');
  });
});
