// Output shared by the gcloud-like commands: aligned tables, --json, colours only on a terminal,
// and API errors printed as one clear line (`devkit: 5 NOT_FOUND: ...`) instead of a stack trace.
import { ConfigError, type DevkitConfig, resolveConfig, type Service } from '../config/index.ts';
import { TopologyFileError } from '../topology/index.ts';

/** Colours only when stdout is a terminal and NO_COLOR is unset (https://no-color.org). */
export function colourEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function bold(text: string): string {
  return colourEnabled() ? `\u001b[1m${text}\u001b[0m` : text;
}

/** Left-aligned columns separated by two spaces; numbers right-aligned. */
export function renderTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[], raw?: Array<string | number>) =>
    row
      .map((cell, i) => (typeof raw?.[i] === 'number' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[bold(line(headers)), ...cells.map((row, i) => line(row, rows[i]))].join('\n')}\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A listing: a JSON array with --json, otherwise a table (or `empty` when there is nothing). */
export function printListing<T>(
  items: T[],
  options: { json?: boolean; headers: string[]; row: (item: T) => Array<string | number>; empty: string },
): void {
  if (options.json) printJson(items);
  else if (items.length === 0) process.stderr.write(`${options.empty}\n`);
  else process.stdout.write(renderTable(options.headers, items.map(options.row)));
}

/** The config for the services a command uses (ConfigError names the missing variable). */
export function configFor(services: readonly Service[], project?: string): DevkitConfig {
  return resolveConfig({ services, overrides: project ? { project } : undefined });
}

/**
 * Wraps a command action: any error (a gRPC status, a GCS error, a ConfigError) becomes one line
 * `devkit: <message>` on stderr and exit code 1 (2 for config), never a stack trace. The process
 * exits when the action is done, so an idle client channel cannot keep it alive.
 */
export function handled<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      const message = readableMessage(err.message);
      // gcloud-shaped commands already say `ERROR: (gcloud.x.y) ...`.
      process.stderr.write(message.startsWith('ERROR: ') ? `${message}\n` : `devkit: ${message}\n`);
      process.exitCode = err instanceof ConfigError || err instanceof TopologyFileError ? 2 : 1;
    }
    process.exit(process.exitCode ?? 0);
  };
}

/** Finds or creates a parent command (`pubsub`, `scheduler`) that several files add to. */
export function parentCommand(
  program: import('commander').Command,
  name: string,
  description: string,
): import('commander').Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** A GCS error whose message is its raw JSON body becomes that body's own message. */
export function readableMessage(message: string): string {
  try {
    const body = JSON.parse(message) as { error?: { code?: number; message?: string } };
    if (body.error?.message) return `${body.error.code ?? ''} ${body.error.message}`.trim();
  } catch {
    // Not JSON: already readable.
  }
  return message;
}

/** One table cell: whitespace squashed and long values cut, so a row stays one line (--json has all). */
export function cell(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
