// The Go storage client's emulated tests and its retry conformance suite (HTTP transport) against
// our Storage emulator: results in results/, compared with baseline.json (which may only go up).
// Usage: npx tsx test/interop/go-storage/run.ts [--update-baseline]
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Baseline, regressions, summarize } from './baseline.ts';
import { startEmulatorProcess } from './emulator-process.ts';
import { type LeafResult, leafResults } from './go-events.ts';
import { compileTests, fetchModule, goVersion, MODULE_PATH } from './go-module.ts';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results');
const RUN = /^Test(RetryConformance|.*Emulated)$/;
/** Top-level tests that only use the gRPC client (there is no gRPC server here). Listed in README.md;
 *  the `grpc` subtests of the other tests and the `grpc-…` conformance cases are skipped too. */
export const GRPC_ONLY = /^Test(GRPC|MRD|NewRangeReaderUnfinalized|ReadObjectWrongCh|ReadCodecLeaks)/;
const GRPC_SUBTESTS = '/^grpc';
const GRPC_REASON = 'gRPC transport: no gRPC server (not run)';
const COMPILE_TIMEOUT_MS = 15 * 60_000;
const TEST_TIMEOUT = '8m';

async function main(): Promise<number> {
  const update = process.argv.includes('--update-baseline');
  const go = await goVersion();
  if (!go) {
    const msg = 'go is not on PATH: install Go 1.24+ to run the Go storage interop suite';
    if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: fails instead of skipping)`);
    console.log(`skipped: ${msg}`);
    return 0;
  }
  const version = (await readFile(path.join(HERE, 'VERSION'), 'utf8')).trim();
  const module = `${MODULE_PATH}@${version}`;
  await mkdir(RESULTS, { recursive: true });
  // The same path every run (removed after it), so Go's build cache can reuse the compiled package.
  const work = path.join(tmpdir(), `gcp-devkit-go-storage-${version}`);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    console.log(`${go}; ${module}`);
    const src = await fetchModule(version, work);
    const { binary, ms } = await compileTests(src, COMPILE_TIMEOUT_MS);
    console.log(`test binary compiled in ${(ms / 1000).toFixed(1)} s`);
    const started = Date.now();
    const results = await runTests(binary, src, path.join(RESULTS, 'emulator.log'));
    const now = summarize(module, results);
    console.log(`tests ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // JSON lines (the summary, then one line per leaf test): not a .json file for the linter to format.
    const rows = [{ ...now, passing: undefined }, ...results].map((r) => JSON.stringify(r));
    await writeFile(path.join(RESULTS, 'results.jsonl'), `${rows.join('\n')}\n`);
    report(now, results);
    const baselineFile = path.join(HERE, 'baseline.json');
    if (update) {
      await writeFile(baselineFile, `${JSON.stringify(now, null, 2)}\n`);
      console.log(`baseline written: ${baselineFile}`);
      return 0;
    }
    const problems = regressions(JSON.parse(await readFile(baselineFile, 'utf8')) as Baseline, now);
    for (const p of problems) console.log(`REGRESSION ${p}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Runs the compiled tests through `go tool test2json` against a fresh emulator process. */
async function runTests(binary: string, src: string, logFile: string): Promise<LeafResult[]> {
  await using emulator = await startEmulatorProcess(logFile);
  const env = {
    ...process.env,
    STORAGE_EMULATOR_HOST: emulator.url,
    // Both must be set for the *Emulated tests to run; nothing listens here (gRPC cases are skipped).
    STORAGE_EMULATOR_HOST_GRPC: '127.0.0.1:1',
  };
  // -test.short: the live-GCS integration set-up stays off (it would look for credentials).
  const listed = await run(binary, ['-test.short', `-test.list=${RUN.source}`], { cwd: src, env });
  const names = listed.stdout.split('\n').filter((n) => RUN.test(n));
  const grpcOnly = names.filter((n) => GRPC_ONLY.test(n));
  const selected = names.filter((n) => !GRPC_ONLY.test(n));
  const args = ['tool', 'test2json', '-t', '-p', MODULE_PATH, binary, '-test.v=test2json'];
  args.push(`-test.run=^(${selected.join('|')})$`, `-test.skip=${GRPC_SUBTESTS}`);
  args.push('-test.short', '-test.count=1', `-test.timeout=${TEST_TIMEOUT}`);
  // cwd: the conformance suite reads internal/test/conformance/retry_tests.json.
  const child = spawn('go', args, { cwd: src, stdio: ['ignore', 'pipe', 'inherit'], env });
  const lines: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) lines.push(line);
  await new Promise((resolve) => (child.exitCode !== null ? resolve(0) : child.once('exit', resolve)));
  await writeFile(path.join(RESULTS, 'go-test.jsonl'), `${lines.join('\n')}\n`);
  const skipped = grpcOnly.map((name) => ({ name, outcome: 'skip' as const, output: [GRPC_REASON] }));
  return [...leafResults(lines), ...skipped];
}

function report(now: Baseline, results: readonly LeafResult[]): void {
  for (const r of results.filter((x) => x.outcome === 'fail')) {
    console.log(`FAIL ${r.name}\n    ${r.output.slice(-4).join('\n    ')}`);
  }
  const line = (s: string, c: Baseline['emulated']) => `${s}: ${c.pass} pass, ${c.fail} fail, ${c.skip} skip`;
  console.log(line('emulated tests (HTTP)', now.emulated));
  console.log(line('retry conformance (HTTP)', now.conformance));
}

process.exitCode = await main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  return 1;
});
