// `devkit apply [--file devkit.yaml] [--dry-run] [--prune]`: prints the plan, then makes the target
// (emulators or a GCP project, by DEVKIT_TARGET) match the file through the official clients.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type DevkitConfig, resolveConfig } from '../../config/index.ts';
import {
  applyChanges,
  type Change,
  chooseProject,
  desiredResources,
  hasChanges,
  kindsFor,
  loadTopologyFile,
  openTopologyClients,
  planChanges,
  readActual,
  renderPlan,
  servicesFor,
  summarize,
  unmanaged,
} from '../../topology/index.ts';
import { deployTopologyFunctions } from '../gcloud/topology-functions.ts';
import { handled, printJson } from '../output.ts';

interface ApplyFlags {
  file: string;
  dryRun?: boolean;
  prune?: boolean;
  project?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('apply')
    .description(
      'create what devkit.yaml declares and is missing, update what differs (prints the plan first)',
    )
    .option('-f, --file <path>', 'topology file', 'devkit.yaml')
    .option('--dry-run', 'print the plan and change nothing')
    .option(
      '--prune',
      'also delete topics, subscriptions, buckets, notifications and jobs the file does not name',
    )
    .option('--project <id>', 'project to apply to (default $GOOGLE_CLOUD_PROJECT, then the file)')
    .option('--json', 'print the plan and result as JSON')
    .action(
      handled(async (flags: ApplyFlags) => {
        const result = await applyTopologyFile({
          ...flags,
          env: process.env,
          out: flags.json ? undefined : process.stdout,
        });
        if (flags.json) printJson(result);
      }),
    );
}

export interface ApplyFileOptions {
  file: string;
  dryRun?: boolean;
  prune?: boolean;
  project?: string;
  env: NodeJS.ProcessEnv | Record<string, string | undefined>;
  /** Where the plan and progress go (stdout for `apply`, stderr for `start`); none with --json. */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface ApplyFileResult {
  file: string;
  project: string;
  target: DevkitConfig['target'];
  dryRun: boolean;
  changes: Array<Pick<Change, 'action' | 'kind' | 'name' | 'fields'>>;
  summary: ReturnType<typeof summarize>;
  /** Existing resources (of the kinds the file declares) that the file does not name. */
  unnamed: number;
  applied: number;
  /** Functions deployed to the stack's Functions host. */
  functions: string[];
}

/** Load, plan, print, apply: shared by `devkit apply` and `devkit start` (which applies devkit.yaml). */
export async function applyTopologyFile(options: ApplyFileOptions): Promise<ApplyFileResult> {
  const path = resolve(options.file);
  if (!existsSync(path)) throw new Error(`no topology file at ${path}: create devkit.yaml or pass --file`);
  const topology = await loadTopologyFile(options.file);
  const kinds = kindsFor(topology, Boolean(options.prune));
  const target = resolveConfig({ env: options.env, services: [] }).target;
  const choice = chooseProject({
    flag: options.project,
    env: options.env.GOOGLE_CLOUD_PROJECT?.trim() || undefined,
    file: topology.project,
    target,
    fileName: options.file,
  });
  const config = resolveConfig({
    env: options.env,
    services: servicesFor(kinds),
    overrides: choice.project ? { project: choice.project } : undefined,
  });
  const say = (text: string) => options.out?.write(text);
  if (choice.note) say(`note: ${choice.note}\n`);
  const clients = openTopologyClients(config, kinds);
  try {
    const desired = desiredResources(topology, config.project);
    const actual = await readActual(clients);
    const changes = planChanges(desired, actual, { prune: options.prune });
    // Only kinds the file declares were read, so this counts what --prune would delete among them.
    const unnamed = options.prune ? 0 : unmanaged(desired, actual).length;
    say(`Plan for ${config.project} (${config.target}) from ${options.file}:\n`);
    say(renderPlan(changes, { colour: Boolean(options.out?.isTTY) && !process.env.NO_COLOR }));
    if (unnamed > 0)
      say(
        `${unnamed} existing resource${unnamed === 1 ? ' is' : 's are'} not named in the file (--prune deletes them).\n`,
      );
    let applied = 0;
    if (options.dryRun) say('Dry run: nothing was changed.\n');
    else if (!hasChanges(changes)) say('No changes: the target already matches the file.\n');
    else {
      applied = (await applyChanges(clients, changes)).length;
      say(`Applied ${applied} change${applied === 1 ? '' : 's'}.\n`);
    }
    const functions = await deployTopologyFunctions({
      functions: topology.functions ?? [],
      file: options.file,
      env: options.env,
      dryRun: options.dryRun,
      say,
    });
    return {
      file: options.file,
      project: config.project,
      target: config.target,
      dryRun: Boolean(options.dryRun),
      changes: changes.map(({ action, kind, name, fields }) => ({ action, kind, name, fields })),
      summary: summarize(changes),
      unnamed,
      applied,
      functions,
    };
  } finally {
    await clients.close();
  }
}
