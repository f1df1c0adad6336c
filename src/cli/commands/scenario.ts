// `devkit scenario [name]` (what `npm run scenario` runs): live progress, a summary table,
// optional --json and --report FILE.html; exit code 0 only when every invariant held.
// Scenarios come by path: the project's (./scenarios, devkit.yaml `scenarios:`, --file), then the kit's.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  baseDirOf,
  formatSummary,
  loadBuiltInScenarios,
  loadScenarioFiles,
  projectScenarioFiles,
  renderReport,
  runScenario,
  type ScenarioDefinition,
  type ScenarioResult,
  type Timeline,
} from '../../scenario/index.ts';
import { loadTopologyFile } from '../../topology/index.ts';
import { parsePort, parsePositiveInt } from '../options.ts';
import { scenarioDashboard } from './scenario-ui.ts';

interface ScenarioFlags {
  list?: boolean;
  all?: boolean;
  json?: string;
  seed?: number;
  workers?: number;
  files?: number;
  report?: string;
  mutation?: string;
  file?: string[];
  /** --ui alone is true; --ui 4001 a port. */
  ui?: true | number;
}

interface Catalog {
  /** The project's scenarios first, then the built-ins it does not shadow by name. */
  all: ScenarioDefinition[];
  /** What runs without names: the project's scenarios, or the kit's default one. */
  defaults: ScenarioDefinition[];
}

async function loadCatalog(files: string[] | undefined): Promise<Catalog> {
  const builtIn = await loadBuiltInScenarios();
  let project: ScenarioDefinition[];
  if (files?.length) project = await loadScenarioFiles(files.map((f) => resolve(f)));
  else {
    const topology = existsSync('devkit.yaml') ? await loadTopologyFile('devkit.yaml') : undefined;
    const declared = topology?.scenarios;
    const found = projectScenarioFiles(baseDirOf('devkit.yaml'), declared);
    project = await loadScenarioFiles(found, { skipOthers: !declared });
  }
  const names = new Set(project.map((s) => s.name));
  const all = [...project, ...builtIn.scenarios.filter((s) => !names.has(s.name))];
  const fallback = all.filter((s) => s.name === builtIn.defaultName);
  return { all, defaults: project.length ? project : fallback };
}

export function register(program: Command): void {
  program
    .command('scenario')
    .description('run a scripted scenario against a fresh local stack (default: the tutorial workflow)')
    .argument('[names...]', 'scenario names (see --list)')
    .option('--list', 'list the scenarios, one a line')
    .option('--all', 'run every scenario')
    .option('--json <file>', 'write results as JSON')
    .option('--seed <n>', 'seed for faults and random choices (same seed, same faults)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--workers <n>', 'worker processes', parsePositiveInt)
    .option('--files <n>', 'work files', parsePositiveInt)
    .option('--report <file>', 'write an HTML report with a timeline per scenario')
    .option('--mutation <name>', "switch on one of a scenario's deliberate flaws, to watch an invariant fail")
    .option(
      '--file <path>',
      "a scenario file of the project's (repeatable; default ./scenarios/*.ts or devkit.yaml `scenarios:`)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--ui [port]', 'serve the dashboard with a live timeline while the scenarios run', parsePort)
    .action(async (names: string[], flags: ScenarioFlags) => {
      const catalog = await loadCatalog(flags.file);
      if (flags.list) {
        const width = Math.max(...catalog.all.map((s) => s.name.length));
        for (const s of catalog.all) process.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
        return;
      }
      const chosen = flags.all
        ? catalog.all
        : names.length
          ? names.map((name) => find(program, catalog.all, name))
          : catalog.defaults;
      const runs: Array<{ result: ScenarioResult; timeline: Timeline }> = [];
      let running: ScenarioDefinition | undefined;
      const dashboard =
        flags.ui === true || typeof flags.ui === 'number'
          ? scenarioDashboard(flags.ui === true ? undefined : flags.ui, () => [
              running?.name ?? '',
              running?.description ?? '',
            ])
          : undefined;
      for (const [i, scenario] of chosen.entries()) {
        running = scenario;
        process.stderr.write(`\n[${i + 1}/${chosen.length}] ${scenario.name}: ${scenario.description}\n`);
        const run = await runScenario(scenario, {
          seed: flags.seed,
          workers: flags.workers,
          files: flags.files,
          mutation: flags.mutation,
          progress: true,
          onStack: dashboard?.onStack,
        });
        runs.push(run);
        const r = run.result;
        process.stderr.write(
          r.skipped
            ? `  skipped: ${r.skipped}\n`
            : `  ${r.passed ? 'passed' : 'FAILED'} in ${(r.durationMs / 1000).toFixed(1)} s${r.error ? `: ${r.error}` : ''}\n`,
        );
      }
      await dashboard?.stop();
      const results = runs.map((r) => r.result);
      process.stdout.write(`\n${formatSummary(results, Boolean(process.stdout.isTTY))}\n`);
      if (flags.json) await writeFile(flags.json, `${JSON.stringify({ scenarios: results }, null, 2)}\n`);
      if (flags.report) {
        await writeFile(flags.report, renderReport(runs, flags.seed ?? 1));
        process.stdout.write(`report: ${flags.report}\n`);
      }
      // A scenario skipped on this stack (e.g. one that needs our Storage emulator) is not a failure.
      process.exitCode = results.every((r) => r.passed || r.skipped) ? 0 : 1;
    });
}

function find(program: Command, scenarios: ScenarioDefinition[], name: string) {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) program.error(`unknown scenario "${name}"; \`devkit scenario --list\` shows them`);
  return scenario!;
}
