// Runs a pytest suite from the interop venv with a given environment and reads its JUnit report,
// so vitest can report each Python test case by name.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../helpers/devkit-process.ts';

export const PYTHON_DIR = fileURLToPath(new URL('./python', import.meta.url));
export const VENV_PYTHON = join(PYTHON_DIR, '.venv', 'bin', 'python');

/** Why the suite cannot run here, or undefined when the venv is in place. */
export function missingVenv(): string | undefined {
  if (existsSync(VENV_PYTHON)) return undefined;
  return (
    `no Python venv at ${join('test', 'interop', 'python', '.venv')}; create it with ` +
    '`python3 -m venv test/interop/python/.venv && test/interop/python/.venv/bin/pip install -r test/interop/python/requirements.txt` ' +
    '(or run .ci/run)'
  );
}

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface PytestRun {
  code: number | null;
  output: string;
  /** The last line pytest prints, e.g. `9 passed in 5.68s`. */
  summary: string;
  /** `file::test_name` → outcome (with the failure text when failed). */
  cases: Map<string, { outcome: Outcome; detail: string }>;
}

/** The test functions a file defines (`def test_x`), as `file::test_x`: known before pytest runs. */
export function declaredCases(files: string[]): string[] {
  return files.flatMap((file) => {
    const source = readFileSync(join(PYTHON_DIR, file), 'utf8');
    return [...source.matchAll(/^def (test_\w+)\(/gm)].map((m) => `${file.replace(/\.py$/, '')}::${m[1]}`);
  });
}

export function pythonTestFiles(): string[] {
  return readdirSync(PYTHON_DIR)
    .filter((f) => /^test_.*\.py$/.test(f))
    .sort();
}

/** Runs `python -m pytest <args>` in the suite folder; never rejects on a non-zero exit. */
export async function runPytest(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<PytestRun> {
  const dir = mkdtempSync(join(tmpdir(), 'devkit-pytest-'));
  const junit = join(dir, 'junit.xml');
  try {
    const child = spawn(
      VENV_PYTHON,
      ['-m', 'pytest', '-p', 'no:cacheprovider', '-q', '-ra', `--junitxml=${junit}`, ...args],
      {
        cwd: PYTHON_DIR,
        env: { ...cleanEnv(), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => {
      output += `\n[pytest killed after ${timeoutMs} ms]\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    clearTimeout(timer);
    const lines = output.trim().split('\n');
    return {
      code,
      output,
      summary: lines[lines.length - 1] ?? '',
      cases: existsSync(junit) ? parseJunit(readFileSync(junit, 'utf8')) : new Map(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pytest's JUnit XML → outcome per `module::test`. Enough XML for the one shape pytest writes. */
export function parseJunit(xml: string): PytestRun['cases'] {
  const cases: PytestRun['cases'] = new Map();
  const testcase = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of xml.matchAll(testcase)) {
    const attrs = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    const body = match[3] ?? '';
    const module = (attrs.classname ?? '').split('.').pop() ?? '';
    const outcome: Outcome = /<(failure|error)\b/.test(body)
      ? 'failed'
      : /<skipped\b/.test(body)
        ? 'skipped'
        : 'passed';
    cases.set(`${module}::${attrs.name}`, { outcome, detail: unescapeXml(body) });
  }
  return cases;
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#10;', '\n')
    .replaceAll('&amp;', '&');
}
