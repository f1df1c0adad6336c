// The storage entry of the stack (`EMULATORS`) and `devkit start storage` as a process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../emulators/common/index.ts';
import { EMULATORS } from '../../src/stack/emulators.ts';
import { bucketName, envClientFor, PROJECT } from './helpers.ts';

describe('storage in the stack', () => {
  it('EMULATORS has a storage entry that starts a working emulator with a data dir', async () => {
    const spec = EMULATORS.find((e) => e.name === 'storage');
    expect(spec).toMatchObject({ defaultPort: 4443, envName: 'STORAGE_EMULATOR_HOST' });
    const dataDir = await mkdtemp(join(tmpdir(), 'gcs-stack-'));
    try {
      const server = await spec!.start({
        host: '127.0.0.1',
        port: 0,
        project: PROJECT,
        dataDir,
        logger: createLogger('silent'),
      });
      try {
        const url = spec!.envValue(server);
        expect(url).toBe(`http://127.0.0.1:${server.port}`);
        const [bucket] = await envClientFor(url).createBucket(bucketName('stack'));
        await bucket.file('f').save('stacked', { resumable: false });
        const [data] = await bucket.file('f').download();
        expect(data.toString()).toBe('stacked');
      } finally {
        await server.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('`devkit start storage --port 0` prints the export line, serves, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'start', 'storage', '--port', '0'],
      {
        cwd: join(import.meta.dirname, '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, STORAGE_EMULATOR_HOST: '', PUBSUB_EMULATOR_HOST: '' },
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no export line in: ${out}`)), 45_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /devkit ready[\s\S]*STORAGE_EMULATOR_HOST=['"]?(http:\/\/[^\s'"]+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const [bucket] = await envClientFor(url).createBucket(bucketName('cli'));
      await bucket.file('c').save('cli', { resumable: true });
      const [data] = await bucket.file('c').download();
      expect(data.toString()).toBe('cli');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
