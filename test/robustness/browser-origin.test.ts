// Finding 4: a web page (foreign Origin, `text/plain` simple request) or a DNS-rebinding page
// (foreign Host) could inject faults, publish, create buckets/objects/jobs and move the clock.
// Every HTTP entry point now answers 403 and changes nothing; official clients keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './http-request.ts';
import { type StackUnderTest, startStackProcess } from './stack-process.ts';

let stack: StackUnderTest;
beforeAll(async () => {
  stack = await startStackProcess();
}, 90_000);
afterAll(async () => stack?.stop());

const EVIL = 'http://evil.example';

describe('browser requests from elsewhere', () => {
  it('are refused with 403 on every port, by Origin and by Host, and leave nothing behind', async () => {
    for (const { spec, host, port } of stack.ports) {
      for (const target of spec.browserTargets()) {
        const asPage = { 'content-type': 'text/plain', origin: EVIL };
        const byOrigin = await httpRequest(host, port, { ...target, headers: asPage });
        expect(byOrigin.status, `${spec.name} ${target.method} ${target.path}`).toBe(403);
        expect(JSON.parse(byOrigin.body).error.message).toMatch(
          /Origin "http:\/\/evil.example" is not a loopback/,
        );
        const rebinding = { 'content-type': 'text/plain', host: `attacker.example:${port}` };
        const byHost = await httpRequest(host, port, { ...target, headers: rebinding });
        expect(byHost.status, `${spec.name} ${target.path} via rebinding`).toBe(403);
        expect(JSON.parse(byHost.body).error.message).toMatch(/Host "attacker.example:\d+" .*DNS-rebinding/);
        // A rebinding page sends its own (foreign) origin too; an opaque `null` origin is no better.
        for (const origin of [`http://attacker.example:${port}`, 'null']) {
          const both = await httpRequest(host, port, {
            ...target,
            headers: { origin, 'content-type': 'text/plain' },
          });
          expect(both.status).toBe(403);
        }
      }
      expect(await spec.leftovers({ host, port }), spec.name).toEqual([]);
    }
  });

  it('gets a 403 CORS preflight without any Access-Control-Allow header', async () => {
    for (const { spec, host, port } of stack.ports) {
      for (const target of spec.browserTargets()) {
        const preflight = await httpRequest(host, port, {
          method: 'OPTIONS',
          path: target.path,
          headers: {
            origin: EVIL,
            'access-control-request-method': target.method,
            'access-control-request-headers': 'content-type',
          },
        });
        expect(preflight.status, `${spec.name} OPTIONS ${target.path}`).toBe(403);
        const cors = Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-allow'));
        expect(cors).toEqual([]);
      }
    }
  });

  it('lets loopback origins, loopback Host names and the official clients through', async () => {
    for (const { spec, host, port } of stack.ports) {
      const target = spec.browserTargets()[0]!;
      const variants: Record<string, string>[] = [
        { origin: `http://127.0.0.1:4000` },
        { origin: 'http://localhost:3000' },
        { origin: 'https://[::1]' },
        { host: `localhost:${port}` },
        { host: `127.0.0.1:${port}` },
      ];
      for (const headers of variants) {
        const res = await httpRequest(host, port, {
          ...target,
          headers: { 'content-type': 'application/json', ...headers },
        });
        expect(res.status, `${spec.name} ${JSON.stringify(headers)}: ${res.body}`).not.toBe(403);
      }
      await spec.officialCall({ host, port });
    }
  });
});
