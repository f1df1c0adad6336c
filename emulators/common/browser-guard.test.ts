// The origin/host rule of the browser guard as a pure function (the wire tests are in test/robustness).
import { describe, expect, it } from 'vitest';
import { browserRefusal } from './browser-guard.ts';

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
