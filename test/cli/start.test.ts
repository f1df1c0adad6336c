// `devkit start` as a real process: the ready line, the export lines, a clean exit on signals.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startDevkit } from '../helpers/devkit-process.ts';
import { eventually, redisServerPids } from '../helpers/processes.ts';

// Every emulator on a free port: test files run in parallel and must not fight over 8085/4443/8089.
const ANY_PORTS = ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0'];

describe('devkit start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '--redis-port 0 prints devkit ready + REDIS_URL, serves PING, and leaves nothing after %s',
    async (signal) => {
      const devkit = await startDevkit(['start', '--redis-port', '0', ...ANY_PORTS]);
      expect(devkit.stdout().split('\n')[0]).toBe('devkit ready');
      expect(devkit.env.REDIS_URL).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(devkit.env.DEVKIT_TARGET).toBe('local');
      expect(devkit.env.GOOGLE_CLOUD_PROJECT).toBe('devkit-local');
      const port = Number(new URL(devkit.env.REDIS_URL!).port);
      const client = new Redis(devkit.env.REDIS_URL!);
      expect(await client.ping()).toBe('PONG');
      client.disconnect();
      expect(redisServerPids(port)).toHaveLength(1);

      devkit.child.kill(signal);
      expect(await devkit.exited).toEqual({ code: 0, signal: null });
      expect(await eventually(() => redisServerPids(port).length === 0)).toBe(true);
    },
  );

  it('takes --redis-port and --project', async () => {
    const { freePort } = await import('../../src/stack/index.ts');
    const port = await freePort();
    const devkit = await startDevkit([
      'start',
      '--redis-port',
      String(port),
      '--project',
      'my-project',
      ...ANY_PORTS,
    ]);
    try {
      expect(devkit.env.REDIS_URL).toBe(`redis://127.0.0.1:${port}`);
      expect(devkit.env.GOOGLE_CLOUD_PROJECT).toBe('my-project');
    } finally {
      devkit.child.kill('SIGTERM');
      expect((await devkit.exited).code).toBe(0);
    }
  });

  it('rejects a bad port and an unknown service with a clear message', async () => {
    const { spawnSync } = await import('node:child_process');
    const { DEVKIT_BIN } = await import('../helpers/devkit-process.ts');
    const badPort = spawnSync(process.execPath, [DEVKIT_BIN, 'start', '--redis-port', '70000'], {
      encoding: 'utf8',
    });
    expect(badPort.status).not.toBe(0);
    expect(badPort.stderr).toContain('expected a port number 0-65535');
    const badService = spawnSync(process.execPath, [DEVKIT_BIN, 'start', 'bigquery'], { encoding: 'utf8' });
    expect(badService.status).not.toBe(0);
    expect(badService.stderr).toContain('unknown service "bigquery"');
  });
});
