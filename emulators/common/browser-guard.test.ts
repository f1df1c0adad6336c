// The origin/host rule of the browser guard as a pure function (the wire tests are in test/robustness).
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { browserRefusal, createBrowserGuard } from './browser-guard.ts';

const passes = (headers: { origin?: string; host?: string }, bindHost?: string) =>
  browserRefusal(headers, { bindHost }) === undefined;

describe('browserRefusal', () => {
  it('lets official clients (no Origin) and loopback origins through', () => {
    expect(passes({ host: '127.0.0.1:8085' })).toBe(true);
    expect(passes({})).toBe(true);
    for (const origin of [
      'http://127.0.0.1:4000',
      'https://localhost',
      'http://[::1]:9',
      'http://app.localhost:3000',
    ]) {
      expect(passes({ origin, host: 'localhost:8085' })).toBe(true);
    }
  });

  it('refuses foreign, opaque and non-http origins', () => {
    for (const origin of [
      'http://evil.example',
      'null',
      'file://',
      'chrome-extension://abc',
      'http://127.0.0.1.evil.example',
      'garbage',
    ]) {
      expect(browserRefusal({ origin, host: '127.0.0.1:8085' })).toMatch(/not a loopback origin/);
    }
  });

  it('refuses a rebinding Host and accepts loopback names, addresses and the bind host', () => {
    expect(browserRefusal({ host: 'attacker.example:8085' })).toMatch(/DNS-rebinding/);
    expect(browserRefusal({ host: '192.168.1.5:8085' })).toMatch(/DNS-rebinding/);
    expect(browserRefusal({ host: 'user@127.0.0.1' })).toBeDefined();
    for (const host of ['127.0.0.1', '127.0.0.1:1', 'LOCALHOST.:8085', '[::1]:8085', '127.1.2.3']) {
      expect(passes({ host })).toBe(true);
    }
    expect(passes({ host: 'devbox.lan:8085' }, 'devbox.lan')).toBe(true);
    expect(passes({ origin: 'http://devbox.lan:4000', host: 'devbox.lan:8085' }, 'devbox.lan')).toBe(true);
  });

  it('on a wildcard bind accepts any IP literal as Host but never as Origin', () => {
    expect(passes({ host: '192.168.1.5:8085' }, '0.0.0.0')).toBe(true);
    expect(passes({ host: '[fd00::5]:8085' }, '::')).toBe(true);
    expect(passes({ host: 'attacker.example' }, '0.0.0.0')).toBe(false);
    expect(passes({ origin: 'http://203.0.113.9', host: '192.168.1.5' }, '0.0.0.0')).toBe(false);
  });
});

describe('createBrowserGuard', () => {
  /** A server answering 200 behind the guard; `bindReads` counts the full checks (bind host reads). */
  async function guarded() {
    let bindReads = 0;
    const refuse = createBrowserGuard(() => {
      bindReads++;
      return undefined;
    });
    const server = createServer((req, res) => {
      if (!refuse(req, res)) res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', headers, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject).end();
      });
    return {
      status,
      bindReads: () => bindReads,
      [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('checks a passed Host once, and Origin requests and refusals every time', async () => {
    await using g = await guarded();
    expect(await g.status({ host: `127.0.0.1:1` })).toBe(200);
    expect(await g.status({ host: `127.0.0.1:1` })).toBe(200);
    expect(g.bindReads()).toBe(1);
    // A remembered Host does not let a foreign Origin through.
    expect(await g.status({ host: `127.0.0.1:1`, origin: 'http://evil.example' })).toBe(403);
    expect(await g.status({ host: `127.0.0.1:1`, origin: 'http://localhost:3000' })).toBe(200);
    expect(g.bindReads()).toBe(3);
    for (let i = 0; i < 2; i++) expect(await g.status({ host: 'attacker.example' })).toBe(403);
    expect(g.bindReads()).toBe(5);
  });

  it('remembers at most 16 Host values and still checks the others in full', async () => {
    await using g = await guarded();
    for (let i = 0; i < 20; i++) expect(await g.status({ host: `127.0.0.${i + 1}` })).toBe(200);
    expect(g.bindReads()).toBe(20);
    expect(await g.status({ host: '127.0.0.1' })).toBe(200); // remembered
    expect(await g.status({ host: '127.0.0.20' })).toBe(200); // past the bound: checked again
    expect(g.bindReads()).toBe(21);
  });
});
