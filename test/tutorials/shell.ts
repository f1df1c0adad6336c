// Runs a tutorial's command line as written, through bash (quotes and globs as a shell reads
// them), with `gcloud` and `gsutil` replaced by this kit's real `devkit` CLI process.
import { spawn } from 'node:child_process';
import { cleanEnv, DEVKIT_BIN } from '../helpers/devkit-process.ts';

export interface LineResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `gcloud X` → `devkit X`, `gsutil X` → `devkit gsutil X` (what `npx devkit` runs). */
export function devkitLine(line: string): string {
  const devkit = `"${process.execPath}" "${DEVKIT_BIN}"`;
  if (line.startsWith('gcloud ')) return `${devkit} ${line.slice('gcloud '.length)}`;
  if (line.startsWith('gsutil ')) return `${devkit} gsutil ${line.slice('gsutil '.length)}`;
  throw new Error(`not a gcloud/gsutil line: ${line}`);
}

export function runLine(
  line: string,
  options: { env: Record<string, string>; cwd: string; timeoutMs?: number },
): Promise<LineResult> {
  const child = spawn('bash', ['-c', devkitLine(line)], {
    cwd: options.cwd,
    env: { ...cleanEnv(), NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${line} did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the line and fails with its output unless it exits 0. */
export async function runOk(
  line: string,
  options: { env: Record<string, string>; cwd: string; timeoutMs?: number },
): Promise<string> {
  const result = await runLine(line, options);
  if (result.code !== 0)
    throw new Error(`${line} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result.stdout;
}
