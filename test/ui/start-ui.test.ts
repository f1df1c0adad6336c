// `devkit start` serves the dashboard and exports DEVKIT_UI_URL; `--no-ui` serves none; the page
// and its assets come from the package, nothing from the network.
import http from 'node:http';
import { expect, it } from 'vitest';
import { startDevkit } from '../helpers/devkit-process.ts';

// biome-ignore lint/suspicious/noExplicitAny: the overview's sections are read as the page reads them
type Overview = Record<string, any>;

const FREE = ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0', '--tasks-port', '0'];

it('devkit start exports DEVKIT_UI_URL and serves the page, its assets and the overview', async () => {
  const devkit = await startDevkit(['start', ...FREE, '--ui-port', '0'], {}, 60_000);
  try {
    const url = devkit.env.DEVKIT_UI_URL;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const html = await (await fetch(url!)).text();
    expect(html).toContain('<script type="module" src="/app.js">');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    for (const asset of ['/app.js', '/dom.js', '/pubsub.js', '/scenarios.js', '/app.css']) {
      const res = await fetch(`${url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(await res.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
    const overview = (await (await fetch(`${url}/api/overview`)).json()) as Overview;
    expect(overview.project).toBe('devkit-local');
    expect(overview.pubsub.topics).toEqual([]);
    expect(overview.scheduler.jobs).toEqual([]);
    // Paths that try to climb out of ui/public (sent raw: fetch would normalise them).
    for (const path of ['/../../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/README.md']) {
      expect(await rawStatus(url!, path), path).toBe(404);
    }
  } finally {
    devkit.child.kill('SIGTERM');
    expect((await devkit.exited).code).toBe(0);
  }
}, 90_000);

it('devkit start --no-ui serves no dashboard', async () => {
  const devkit = await startDevkit(['start', ...FREE, '--no-ui'], {}, 60_000);
  try {
    expect(devkit.env.DEVKIT_UI_URL).toBeUndefined();
    expect(devkit.stdout()).not.toContain('DEVKIT_UI_URL');
  } finally {
    devkit.child.kill('SIGTERM');
    await devkit.exited;
  }
}, 90_000);

function rawStatus(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(base);
    http
      .get({ hostname, port, path }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

it('devkit ui serves the dashboard for a stack that is already running', async () => {
  const stack = await startDevkit(['start', ...FREE, '--no-ui'], {}, 60_000);
  const { spawn } = await import('node:child_process');
  const { DEVKIT_BIN, cleanEnv } = await import('../helpers/devkit-process.ts');
  const ui = spawn(process.execPath, [DEVKIT_BIN, 'ui', '--port', '0'], {
    env: { ...cleanEnv(), ...stack.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    ui.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await expect.poll(() => /DEVKIT_UI_URL=(\S+)/.exec(out)?.[1], { timeout: 30_000 }).toMatch(/^http:/);
    const url = /DEVKIT_UI_URL=(\S+)/.exec(out)![1]!;
    const overview = (await (await fetch(`${url}/api/overview`)).json()) as Overview;
    expect(overview.storage.buckets).toEqual([]);
    expect(overview.faults.pubsub.rules).toEqual([]);
  } finally {
    ui.kill('SIGTERM');
    stack.child.kill('SIGTERM');
    await stack.exited;
  }
}, 90_000);
