// The venvs Python functions run in: one per (Python version, requirements.txt) pair, built once
// with pip into the cache and reused by every function and restart with the same requirements.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DevkitError, type Logger } from '../common/index.ts';

/** The Python Functions Framework, installed beside the function's own requirements. */
export const PYTHON_FRAMEWORK = 'functions-framework>=3.5,<4';

/** `$DEVKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/gcp-devkit`, else `~/.cache/gcp-devkit`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DEVKIT_CACHE_DIR) return env.DEVKIT_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gcp-devkit');
}

/** `python311` → `3.11`; undefined for a runtime that is not Python. */
export function pythonVersion(runtime: string): string | undefined {
  const match = /^python3(\d+)$/.exec(runtime);
  return match ? `3.${match[1]}` : undefined;
}

/** Written last: a venv without it is a build that did not finish. */
const READY = '.devkit-ready';
const building = new Map<string, Promise<string>>();

/**
 * The venv for `runtime` and the requirements file in `sourceDir` (if any): reused when cached,
 * built otherwise. Fails with FAILED_PRECONDITION naming the command when Python or pip fails.
 */
export async function ensureVenv(options: {
  runtime: string;
  sourceDir: string;
  cacheDir: string;
  logger: Logger;
}): Promise<string> {
  const version = pythonVersion(options.runtime);
  if (!version) throw new DevkitError('INVALID_ARGUMENT', `${options.runtime} is not a Python runtime`);
  const python = await findPython(version);
  const requirementsFile = join(options.sourceDir, 'requirements.txt');
  const requirements = existsSync(requirementsFile) ? await readFile(requirementsFile, 'utf8') : '';
  const key = createHash('sha256')
    .update(`${python.version}\n${PYTHON_FRAMEWORK}\n${requirements}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(options.cacheDir, 'python-venvs', key);
  if (existsSync(join(dir, READY))) return dir;
  let pending = building.get(dir);
  if (!pending) {
    pending = buildVenv(python.command, dir, requirements ? requirementsFile : undefined, options.logger);
    building.set(dir, pending);
    void pending.finally(() => building.delete(dir)).catch(() => {});
  }
  return pending;
}

async function buildVenv(
  python: string,
  dir: string,
  requirementsFile: string | undefined,
  logger: Logger,
): Promise<string> {
  // Built in place: a venv's scripts hold its absolute path, so it cannot be built elsewhere and moved.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  try {
    logger.info('building a Python venv for functions', { venv: dir });
    await run(python, ['-m', 'venv', dir]);
    const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', PYTHON_FRAMEWORK];
    await run(join(dir, 'bin', 'python'), [...pip, ...(requirementsFile ? ['-r', requirementsFile] : [])]);
    await writeFile(join(dir, READY), `${new Date().toISOString()}\n`);
    return dir;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function findPython(version: string): Promise<{ command: string; version: string }> {
  for (const command of [`python${version}`, 'python3']) {
    const found = await run(command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']).catch(
      () => undefined,
    );
    if (found) return { command, version: found.trim() };
  }
  throw new DevkitError(
    'FAILED_PRECONDITION',
    `python${version} (or python3) not found on PATH: install Python 3 with venv to run python3xx functions`,
  );
}

/** Runs a command to completion; rejects with its exit code and output, naming the command. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', (err) =>
      reject(new DevkitError('FAILED_PRECONDITION', `${command}: ${err.message}`)),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else
        reject(
          new DevkitError(
            'FAILED_PRECONDITION',
            `\`${command} ${args.join(' ')}\` exited ${code} (is Python installed and the package index reachable? pip honours PIP_INDEX_URL):\n${out.slice(-2000)}`,
          ),
        );
    });
  });
}
