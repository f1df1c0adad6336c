// `devkit start` as a real process: the ready line, the export lines, a clean exit on signals.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { procStat } from '../../src/cli/commands/signals.ts';
import { freePort } from '../../src/stack/index.ts';
import { pingOnce } from '../../src/stack/redis-server.ts';
import { cleanEnv, DEVKIT_BIN, startDevkit } from '../helpers/devkit-process.ts';
import { eventually, isAlive, redisServerPids } from '../helpers/processes.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

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

/** Spawns `command`, resolves once its stdout holds `text` (rejects on exit or after timeoutMs). */
function spawnUntil(command: string, args: string[], text: string, options: { cwd?: string } = {}) {
  const child = spawn(command, args, { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d;
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${text}" in 60 s:\n${out}\n${err}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before "${text}":\n${out}\n${err}`)));
  });
  return { child, ready, stderr: () => err };
}

/** The devkit process serving a spawned redis-server: its parent. */
async function devkitOf(redisPort: number): Promise<number> {
  expect(await eventually(() => redisServerPids(redisPort).length === 1)).toBe(true);
  return procStat(redisServerPids(redisPort)[0]!)!.ppid;
}

const QUIET = [...ANY_PORTS, '--no-ui'];

describe('devkit start goes away with whatever started it (issue 14 finding 12)', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'a sh -c wrapper killed with %s: devkit and its redis-server are gone within seconds',
    async (signal) => {
      const port = await freePort();
      const line = `"${process.execPath}" "${DEVKIT_BIN}" start --redis-port ${port} ${QUIET.join(' ')}; echo after`;
      const wrapper = spawnUntil('sh', ['-c', line], 'DEVKIT_TARGET=local');
      await wrapper.ready;
      const devkit = await devkitOf(port);
      expect(procStat(devkit)!.ppid).toBe(wrapper.child.pid);
      wrapper.child.kill(signal);
      expect(await eventually(() => !isAlive(devkit) && redisServerPids(port).length === 0, 15_000)).toBe(
        true,
      );
      expect(wrapper.stderr()).toMatch(/devkit: stopping the stack: its parent process \d+ exited/);
    },
    90_000,
  );

  it('`npm run devkit -- start` killed with SIGTERM (npm does not forward it): all gone', async () => {
    const port = await freePort();
    const npm = spawnUntil(
      'npm',
      ['run', '--silent', 'devkit', '--', 'start', '--redis-port', String(port), ...QUIET],
      'DEVKIT_TARGET=local',
      { cwd: REPO },
    );
    await npm.ready;
    const devkit = await devkitOf(port);
    npm.child.kill('SIGTERM');
    expect(await eventually(() => !isAlive(devkit) && redisServerPids(port).length === 0, 15_000)).toBe(true);
  }, 90_000);

  it('devkit itself SIGKILLed: the watchdog stops its redis-server within seconds', async () => {
    const devkit = await startDevkit(['start', '--redis-port', '0', ...QUIET]);
    const port = Number(new URL(devkit.env.REDIS_URL!).port);
    expect(redisServerPids(port)).toHaveLength(1);
    devkit.child.kill('SIGKILL');
    expect((await devkit.exited).signal).toBe('SIGKILL');
    expect(await eventually(() => redisServerPids(port).length === 0, 10_000)).toBe(true);
  }, 60_000);
});

describe('one emulator failing stops the whole stack, saying which (issue 14 finding 1)', () => {
  it.each([
    ['storage', 'uncaught error'],
    ['scheduler', 'unhandled promise rejection'],
  ])(
    '%s, %s: logged with its name, exit code 1, redis-server gone',
    async (emulator, kind) => {
      const port = await freePort();
      // The documented test-only hook (src/stack/emulator-context.ts): a fault thrown from inside
      // the emulator's own async context, after the stack is up.
      const crash = kind === 'uncaught error' ? emulator : `${emulator}:rejection`;
      const devkit = await startDevkit(['start', '--redis-port', String(port), ...QUIET], {
        DEVKIT_TEST_CRASH: crash,
        DEVKIT_TEST_CRASH_AFTER_MS: '3000',
      }).catch((err: Error) => {
        throw new Error(`crashed before ready (raise DEVKIT_TEST_CRASH_AFTER_MS?): ${err.message}`);
      });
      expect(await devkit.exited).toEqual({ code: 1, signal: null });
      expect(devkit.stderr()).toContain(
        `devkit: ${kind} in the ${emulator} emulator: Error: DEVKIT_TEST_CRASH`,
      );
      expect(devkit.stderr()).toContain(`stopping the whole stack because ${emulator} failed (exit code 1)`);
      expect(await eventually(() => redisServerPids(port).length === 0, 10_000)).toBe(true);
      for (const value of [devkit.env.PUBSUB_EMULATOR_HOST!, devkit.env.CLOUD_SCHEDULER_EMULATOR_HOST!]) {
        const [host, p] = [
          value.slice(0, value.lastIndexOf(':')),
          Number(value.slice(value.lastIndexOf(':') + 1)),
        ];
        await expect(pingOnce(host, p, 1000)).rejects.toThrow(/ECONNREFUSED/);
      }
    },
    90_000,
  );
});

describe('a process running one emulator names it without an async context', () => {
  it.each(['uncaught error', 'unhandled promise rejection'])(
    'devkit start storage, %s: logged as the storage emulator, exit code 1',
    async (kind) => {
      const crash = kind === 'uncaught error' ? 'storage' : 'storage:rejection';
      const devkit = await startDevkit(['start', 'storage', '--port', '0'], {
        DEVKIT_TEST_CRASH: crash,
        DEVKIT_TEST_CRASH_AFTER_MS: '3000',
      }).catch((err: Error) => {
        throw new Error(`crashed before ready (raise DEVKIT_TEST_CRASH_AFTER_MS?): ${err.message}`);
      });
      expect(await devkit.exited).toEqual({ code: 1, signal: null });
      expect(devkit.stderr()).toContain(`devkit: ${kind} in the storage emulator: Error: DEVKIT_TEST_CRASH`);
    },
    90_000,
  );
});
