// The dashboard's origin rule: every state-changing endpoint refuses a foreign Origin (another
// site, or another local port), a rebinding Host, and a real cross-origin page in Chromium; none
// of those requests changes anything.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_PATHS } from '../../ui/server/index.ts';
import { describeWith } from '../interop/prerequisites.ts';
import { browserMissing, launchBrowser } from './browser.ts';
import { startUiFixture, type UiFixture } from './fixture.ts';

function post(url: string, path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let f: UiFixture;
let topicName: string;
let subscription: import('@google-cloud/pubsub').Subscription;
beforeAll(async () => {
  f = await startUiFixture();
  const [topic] = await f.pubsub.createTopic(`origin-${randomBytes(3).toString('hex')}`);
  topicName = topic.name;
  [subscription] = await topic.createSubscription(`${topic.name.split('/').pop()}-s`);
}, 60_000);
afterAll(async () => {
  await f?.[Symbol.asyncDispose]();
});

const backlog = async () => {
  const res = await fetch(`http://${f.stack.env.PUBSUB_EMULATOR_HOST}/_devkit/pubsub/stats`);
  const stats = (await res.json()) as { subscriptions: Array<{ name: string; backlog: number }> };
  return stats.subscriptions.find((s) => s.name === subscription.name)?.backlog;
};

describe('dashboard origin rule', () => {
  const publish = JSON.stringify({ topic: '', data: 'x' });
  const cases: Array<[string, (port: number) => Record<string, string>]> = [
    ['a foreign site', () => ({ origin: 'http://evil.example', 'content-type': 'text/plain' })],
    [
      'another local port',
      (port) => ({ origin: `http://127.0.0.1:${port + 1}`, 'content-type': 'text/plain' }),
    ],
    [
      'a rebinding Host',
      (port) => ({ host: `attacker.example:${port}`, 'content-type': 'application/json' }),
    ],
    ['a null Origin (sandboxed frame)', () => ({ origin: 'null', 'content-type': 'text/plain' })],
  ];
  for (const [name, headers] of cases) {
    it(`refuses ${name} on every state-changing endpoint`, async () => {
      expect(ACTION_PATHS.length).toBeGreaterThanOrEqual(12);
      for (const path of [...ACTION_PATHS, '/api/events']) {
        const body = path === '/api/pubsub/publish' ? publish.replace('""', JSON.stringify(topicName)) : '{}';
        const res = await post(f.ui.url, path, headers(f.ui.port), body);
        expect(res.status, `${path}: ${res.text}`).toBe(403);
        expect(JSON.parse(res.text).error.status).toBe('PERMISSION_DENIED');
      }
      expect(await backlog()).toBe(0);
    });
  }

  it('lets its own origin (and clients without an Origin) through', async () => {
    const body = JSON.stringify({ topic: topicName, data: 'own page' });
    const own = await post(
      f.ui.url,
      '/api/pubsub/publish',
      {
        origin: f.ui.url,
        'content-type': 'application/json',
      },
      body,
    );
    expect(own.status).toBe(200);
    const bare = await post(f.ui.url, '/api/pubsub/publish', { 'content-type': 'application/json' }, body);
    expect(bare.status).toBe(200);
    expect(await backlog()).toBe(2);
  });
});

describeWith('dashboard origin rule in Chromium', browserMissing, () => {
  it('a page from another origin cannot publish through the dashboard', async () => {
    const before = await backlog();
    const evil = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other site</title>');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
    await using browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(evilUrl);
      const outcome = await page.evaluate(
        async ({ target, topic }) => {
          try {
            // A "simple" request (text/plain): no preflight, so only the server's rule can stop it.
            const res = await fetch(`${target}/api/pubsub/publish`, {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: JSON.stringify({ topic, data: 'from another site' }),
              mode: 'no-cors',
            });
            return `sent (${res.type})`;
          } catch (err) {
            return `blocked: ${(err as Error).message}`;
          }
        },
        { target: f.ui.url, topic: topicName },
      );
      expect(outcome).toMatch(/sent|blocked/);
      await new Promise((r) => setTimeout(r, 300));
      expect(await backlog()).toBe(before);
    } finally {
      evil.close();
    }
  });
});
