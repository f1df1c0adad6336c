// The official Go client (cloud.google.com/go/storage) against the emulator, through
// STORAGE_EMULATOR_HOST only. Needs a Go toolchain (skipped locally without one, fails in CI).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { describeWith } from '../interop/prerequisites.ts';
import { bucketName, startEmulator } from './helpers.ts';

const run = promisify(execFile);
const dir = join(import.meta.dirname, 'go-client');

async function goMissing(): Promise<string | undefined> {
  try {
    await run('go', ['version']);
    return undefined;
  } catch {
    return 'no Go toolchain on PATH (https://go.dev/dl/)';
  }
}

describeWith('official Go client against the storage emulator', await goMissing(), () => {
  it('uploads (multipart + chunked resumable), reads, lists, copies, composes and deletes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'gcs-go-'));
    try {
      const bin = join(out, 'go-client');
      await run('go', ['build', '-o', bin, '.'], {
        cwd: dir,
        env: { ...process.env, GOFLAGS: '-mod=mod' },
        timeout: 240_000,
      });
      await using emu = await startEmulator();
      for (const host of [emu.address, emu.url]) {
        const { stdout } = await run(bin, [bucketName('go')], {
          env: { ...process.env, STORAGE_EMULATOR_HOST: host },
          timeout: 60_000,
        });
        expect(stdout).toContain('list [big.bin prefix:dir/]');
        expect(stdout).toContain('OK go client');
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 300_000);
});
