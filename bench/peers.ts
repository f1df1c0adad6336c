// The peers a user would pick instead of our emulators, built on demand into a cache folder (never
// into the repo): fake-gcs-server via `go install`, and Go's pstest via the tiny server in
// bench/peers/pstest. A peer that can't be built is reported with the reason, never skipped silently.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_GCS_SERVER_VERSION as FAKE_GCS_VERSION } from '../src/stack/fake-gcs-server.ts';
import { freePort } from '../src/stack/free-port.ts';
import { type ServerProcess, spawnReady } from './processes.ts';
import type { Progress } from './progress.ts';

const PSTEST_DIR = fileURLToPath(new URL('./peers/pstest/', import.meta.url));
const BUILD_TIMEOUT_MS = 15 * 60_000;

export type PeerName = 'fake-gcs-server' | 'pstest';

/** A built peer binary, or why there is none. */
export type PeerBinary = { ok: true; path: string } | { ok: false; reason: string };

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'gcp-devkit', 'bin');
}

function pstestBinaryName(): string {
  // Named after its sources, so editing main.go or go.mod triggers a rebuild.
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(PSTEST_DIR, file)));
  return `pstest-server-${hash.digest('hex').slice(0, 12)}`;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  progress: Progress,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) progress.detail(`    ${line.trim()}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not run: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}): ${tail.trim()}`),
        );
    });
  });
}

async function goAvailable(): Promise<string | undefined> {
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['version'], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
    return undefined;
  } catch (e) {
    return `Go toolchain not found (${(e as Error).message}); install Go to compare with the peers`;
  }
}

/** Finds or builds both peers, printing progress; never throws. */
export async function ensurePeers(progress: Progress): Promise<Record<PeerName, PeerBinary>> {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const fakeGcs = join(dir, `fake-gcs-server-${FAKE_GCS_VERSION}`);
  const pstest = join(dir, pstestBinaryName());
  const result = {} as Record<PeerName, PeerBinary>;
  const missing = [fakeGcs, pstest].filter((p) => !existsSync(p));
  const noGo = missing.length > 0 ? await goAvailable() : undefined;

  if (existsSync(fakeGcs)) result['fake-gcs-server'] = { ok: true, path: fakeGcs };
  else if (noGo) result['fake-gcs-server'] = { ok: false, reason: noGo };
  else {
    progress.step(`building fake-gcs-server ${FAKE_GCS_VERSION} into ${dir} (first run only, takes minutes)`);
    const gobin = join(dir, `.gobin-${process.pid}`);
    try {
      await run(
        'go',
        ['install', `github.com/fsouza/fake-gcs-server@${FAKE_GCS_VERSION}`],
        dir,
        { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
        progress,
      );
      renameSync(join(gobin, 'fake-gcs-server'), fakeGcs);
      rmSync(gobin, { recursive: true, force: true });
      result['fake-gcs-server'] = { ok: true, path: fakeGcs };
    } catch (e) {
      result['fake-gcs-server'] = { ok: false, reason: `build failed: ${(e as Error).message}` };
    }
  }

  if (existsSync(pstest)) result.pstest = { ok: true, path: pstest };
  else if (noGo) result.pstest = { ok: false, reason: noGo };
  else {
    progress.step(`building the pstest server (bench/peers/pstest) into ${dir} (first run only)`);
    try {
      await run('go', ['build', '-o', pstest, '.'], PSTEST_DIR, { ...process.env }, progress);
      result.pstest = { ok: true, path: pstest };
    } catch (e) {
      result.pstest = { ok: false, reason: `build failed: ${(e as Error).message}` };
    }
  }
  for (const [name, bin] of Object.entries(result)) {
    progress.detail(bin.ok ? `  peer ${name}: ${bin.path}` : `  peer ${name}: NOT AVAILABLE — ${bin.reason}`);
  }
  return result;
}

/** Starts the pstest server on a free port; env carries PUBSUB_EMULATOR_HOST. */
export function startPstest(path: string): Promise<ServerProcess> {
  return spawnReady({
    command: path,
    args: ['-host', '127.0.0.1', '-port', '0'],
    label: 'pstest',
    timeoutMs: 15_000,
    ready: (out) => {
      const match = /^listening (\S+)$/m.exec(out);
      return match ? { PUBSUB_EMULATOR_HOST: match[1]! } : undefined;
    },
  });
}

/** Starts fake-gcs-server (memory backend, plain HTTP) on a free port; env carries STORAGE_EMULATOR_HOST. */
export async function startFakeGcs(path: string): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return spawnReady({
    command: path,
    args: [
      '-backend',
      'memory',
      '-scheme',
      'http',
      '-host',
      '127.0.0.1',
      '-port',
      String(port),
      '-external-url',
      url,
      '-log-level',
      'error',
    ],
    label: 'fake-gcs-server',
    timeoutMs: 15_000,
    pollMs: 50,
    ready: async () => {
      try {
        const res = await fetch(`${url}/storage/v1/b`);
        await res.arrayBuffer();
        return res.ok ? { STORAGE_EMULATOR_HOST: url } : undefined;
      } catch {
        return undefined;
      }
    },
  });
}
