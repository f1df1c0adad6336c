// Commands shaped like gcloud's: argument errors read as gcloud's do
// (`ERROR: (gcloud.pubsub.topics.create) unrecognized arguments: --nope`, exit 2), and every
// describe/list takes `--format=json|yaml` (with `--json` kept as an alias).
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { printJson } from '../output.ts';

export class GcloudCommand extends Command {
  /** Every gcloud command takes gcloud's global `--project` and `--quiet`. */
  override createCommand(name?: string): Command {
    const command = new GcloudCommand(name)
      .option('--project <id>', 'project (default $GOOGLE_CLOUD_PROJECT)')
      .option('-q, --quiet', 'never prompt (devkit never does)');
    command.hook('preAction', (_self, action) => {
      const project = action.opts<{ project?: string }>().project;
      // Read by the config every command resolves; the process runs this one command.
      if (project) process.env.GOOGLE_CLOUD_PROJECT = project;
    });
    return command;
  }

  /** `gcloud.pubsub.topics.create`: the path gcloud puts in its error messages. */
  gcloudPath(): string {
    const names: string[] = [];
    for (let c: Command | null = this; c?.parent; c = c.parent) names.unshift(c.name());
    return ['gcloud', ...names].join('.');
  }

  unknownOption(flag: string): never {
    this.error(`ERROR: (${this.gcloudPath()}) unrecognized arguments: ${flag}`, {
      code: 'commander.unknownOption',
      exitCode: 2,
    });
  }

  _excessArguments(received: string[]): never {
    const extra = received.slice(this.registeredArguments.length).join(' ');
    this.error(`ERROR: (${this.gcloudPath()}) unrecognized arguments: ${extra}`, {
      code: 'commander.excessArguments',
      exitCode: 2,
    });
  }

  unknownCommand(): never {
    const word = this.args[0] ?? '';
    this.error(`ERROR: (${this.gcloudPath()}) Invalid choice: '${word}'.`, {
      code: 'commander.unknownCommand',
      exitCode: 2,
    });
  }

  missingArgument(name: string): never {
    this.error(`ERROR: (${this.gcloudPath()}) argument ${name.toUpperCase()}: Must be specified.`, {
      code: 'commander.missingArgument',
      exitCode: 2,
    });
  }

  missingMandatoryOptionValue(option: Option): never {
    this.error(`ERROR: (${this.gcloudPath()}) argument ${option.long}: Must be specified.`, {
      code: 'commander.missingMandatoryOptionValue',
      exitCode: 2,
    });
  }
}

/** A gcloud-shaped group (`topics`, `jobs`) under `parent`, created once and shared by files. */
export function gcloudGroup(parent: Command, name: string, description: string): GcloudCommand {
  const found = parent.commands.find((c) => c.name() === name);
  if (found) return found as GcloudCommand;
  const group = new GcloudCommand(name).description(description);
  group.copyInheritedSettings(parent);
  parent.addCommand(group);
  return group;
}

export interface FormatFlags {
  format?: string;
  json?: boolean;
}

/** Adds `--format` and its `--json` alias. */
export function withFormat(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'output format: json or yaml (default: gcloud-like text)'))
    .option('--json', 'same as --format=json');
}

/** json, yaml, or undefined for the command's default text. */
export function formatOf(flags: FormatFlags): 'json' | 'yaml' | undefined {
  if (flags.json) return 'json';
  const format = flags.format?.toLowerCase();
  if (!format) return undefined;
  if (format === 'json' || format === 'yaml') return format;
  throw new Error(`--format=${flags.format} is not supported here: use json or yaml`);
}

/** A describe: JSON with --format=json, YAML otherwise (gcloud's default for describe). */
export function printResource(value: unknown, flags: FormatFlags): void {
  if (formatOf(flags) === 'json') printJson(value);
  else process.stdout.write(stringify(value));
}
