// Fetching the pinned Go storage module through the Go module proxy at run time (never vendored),
// copying it somewhere writable, and compiling its test binary once (the build cache is Go's own).
import { execFile } from 'node:child_process';
import { chmod, cp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MODULE = 'cloud.google.com/go/storage';

/** `go version` output, or undefined when no `go` is on PATH. */
export async function goVersion(): Promise<string | undefined> {
  try {
    return (await run('go', ['version'])).stdout.trim();
  } catch {
    return undefined;
  }
}

/** Downloads `cloud.google.com/go/storage@version` and copies its source into `dir/src`. */
export async function fetchModule(version: string, dir: string): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${MODULE}@${version}`], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
    maxBuffer: 1 << 20,
  });
  const info = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${MODULE}@${version}: ${info.Error ?? stdout}`);
  const src = path.join(dir, 'src');
  await cp(info.Dir, src, { recursive: true });
  await makeWritable(src); // the module cache is read-only
  return src;
}

async function makeWritable(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    await chmod(full, entry.isDirectory() ? 0o755 : ((await stat(full)).mode & 0o777) | 0o200);
    if (entry.isDirectory()) await makeWritable(full);
  }
}

/** `go test -c` in `src`; returns the binary's path and how long the compile took. */
export async function compileTests(src: string, timeoutMs: number): Promise<{ binary: string; ms: number }> {
  const binary = path.join(src, '..', 'storage.test');
  const started = Date.now();
  await run('go', ['test', '-c', '-o', binary, '.'], { cwd: src, timeout: timeoutMs, maxBuffer: 16 << 20 });
  return { binary, ms: Date.now() - started };
}

export const MODULE_PATH = MODULE;
