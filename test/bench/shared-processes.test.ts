// The bench's shared servers: one process per key while it lives, a new one after it exited, and
// every one stopped by stopAll() — with real child processes.
import { afterEach, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnReady } from '../../bench/processes.ts';
import { createSharedProcesses } from '../../bench/shared-processes.ts';

const idle = () =>
  spawnReady({
    command: process.execPath,
    args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)'],
    label: 'idle node',
    timeoutMs: 30_000,
    ready: (out) => (out.includes('up') ? {} : undefined),
  });

describe('shared processes', () => {
  const shared = createSharedProcesses();
  afterEach(() => shared.stopAll());

  it('starts a key once and hands out the same live process', async () => {
    let starts = 0;
    const start = () => {
      starts++;
      return idle();
    };
    const [a, b] = await Promise.all([shared.get('x', start), shared.get('x', start)]);
    const c = await shared.get('x', start);
    expect(starts).toBe(1);
    expect(b.pid).toBe(a.pid);
    expect(c.pid).toBe(a.pid);
  });

  it('starts a new process once the old one exited, and stopAll stops them all', async () => {
    const first = await shared.get('y', idle);
    await first.stop();
    const second = await shared.get('y', idle);
    expect(second.pid).not.toBe(first.pid);
    const other: ServerProcess = await shared.get('z', idle);
    await shared.stopAll();
    expect(second.child.exitCode !== null || second.child.signalCode !== null).toBe(true);
    expect(other.child.exitCode !== null || other.child.signalCode !== null).toBe(true);
  });

  it('forgets a start that failed, so the next get tries again', async () => {
    await expect(shared.get('w', () => Promise.reject(new Error('no binary')))).rejects.toThrow('no binary');
    const proc = await shared.get('w', idle);
    expect(proc.pid).toBeGreaterThan(0);
  });
});
