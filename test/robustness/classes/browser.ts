// Finding 4 as an attack class: a web page (foreign Origin, `text/plain` simple request, CORS
// preflight) or a DNS-rebinding page (foreign Host) on every HTTP entry point gets 403 and
// changes nothing; loopback origins and Host names pass.
import { expect } from 'vitest';
import { httpRequest } from '../http-request.ts';
import type { StackUnderTest } from '../stack-process.ts';

const EVIL = 'http://evil.example';

export async function foreignPages(stack: StackUnderTest): Promise<void> {
  for (const { spec, host, port } of stack.ports) {
    for (const target of spec.browserTargets()) {
      const where = `${spec.name} ${target.method} ${target.path}`;
      const byOrigin = await httpRequest(host, port, {
        ...target,
        headers: { 'content-type': 'text/plain', origin: EVIL },
      });
      expect(byOrigin.status, where).toBe(403);
      expect(JSON.parse(byOrigin.body).error.message).toMatch(
        /Origin "http:\/\/evil.example" is not a loopback/,
      );
      const rebinding = { 'content-type': 'text/plain', host: `attacker.example:${port}` };
      const byHost = await httpRequest(host, port, { ...target, headers: rebinding });
      expect(byHost.status, `${where} via rebinding`).toBe(403);
      expect(JSON.parse(byHost.body).error.message).toMatch(/Host "attacker.example:\d+" .*DNS-rebinding/);
      // A rebinding page sends its own (foreign) origin too; an opaque `null` origin is no better.
      for (const origin of [`http://attacker.example:${port}`, 'null']) {
        const both = await httpRequest(host, port, {
          ...target,
          headers: { origin, 'content-type': 'text/plain' },
        });
        expect(both.status, `${where} from ${origin}`).toBe(403);
      }
      const preflight = await httpRequest(host, port, {
        method: 'OPTIONS',
        path: target.path,
        headers: {
          origin: EVIL,
          'access-control-request-method': target.method,
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status, `${where} preflight`).toBe(403);
      expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-allow'))).toEqual([]);
    }
    // A refused request's body is read and dropped, so even a large one gets its 403, not a reset.
    const big = spec.browserTargets()[0]!;
    const bigBody = Buffer.alloc(512 * 1024, 0x61);
    const refused = await httpRequest(host, port, { ...big, body: bigBody, headers: { origin: EVIL } });
    expect(refused.status, `${spec.name} refused 512 KiB body`).toBe(403);
    expect(await spec.leftovers({ host, port }), spec.name).toEqual([]);
  }
}

export async function loopbackPages(stack: StackUnderTest): Promise<void> {
  for (const { spec, host, port } of stack.ports) {
    const target = spec.browserTargets()[0]!;
    const variants: Record<string, string>[] = [
      { origin: 'http://127.0.0.1:4000' },
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
  }
}
