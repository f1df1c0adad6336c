// `devkit functions deploy|delete|list|describe|call|logs read`: gcloud's Cloud Functions commands
// against the Functions host of the running stack ($DEVKIT_FUNCTIONS_URL).
import type { Command } from 'commander';
import type { FunctionResource } from '../../../emulators/functions/index.ts';
import { functionsApi } from '../gcloud/functions-client.ts';
import { addDeployFlags, type DeployFlags, deployment } from '../gcloud/functions-deploy.ts';
import {
  type FormatFlags,
  formatOf,
  gcloudGroup,
  printResource,
  withFormat,
} from '../gcloud/gcloud-command.ts';
import { run } from '../gcloud/run.ts';
import { cell, printListing } from '../output.ts';

interface LogEntry {
  time: string;
  level: string;
  name: string;
  executionId: string;
  log: string;
}

const region = (c: Command) => c.option('--region <region>', 'accepted for gcloud compatibility');

export function register(program: Command): void {
  const functions = gcloudGroup(program, 'functions', 'deploy and run Cloud Functions in the local stack');
  addDeployFlags(
    functions.command('deploy <name>').description('deploy (or redeploy) a function into the running stack'),
  ).action(
    run(async (name: string, f: DeployFlags) => {
      process.stderr.write(
        `Deploying function ${name} (may take a while the first time: a Python venv is built once per requirements.txt)...\n`,
      );
      const fn = await functionsApi().request<FunctionResource>('POST', '', deployment(name, f));
      printResource(fn, {});
      if (fn.httpsTrigger) process.stdout.write(`url: ${fn.httpsTrigger.url}\n`);
    }),
  );
  region(
    functions.command('delete <name>').description('delete a function (and its trigger subscription)'),
  ).action(
    run(async (name: string) => {
      await functionsApi().request('DELETE', `/${encodeURIComponent(name)}`);
      process.stdout.write(`Deleted function [${name}].\n`);
    }),
  );
  withFormat(region(functions.command('list').description('list deployed functions'))).action(
    run(async (f: FormatFlags) => {
      const { functions: list } = await functionsApi().request<{ functions: FunctionResource[] }>('GET', '');
      if (formatOf(f)) return printResource(list, f);
      printListing(list, {
        headers: ['NAME', 'STATE', 'TRIGGER', 'REGION', 'RUNTIME'],
        row: (fn) => [
          fn.name.split('/').pop()!,
          fn.status,
          fn.httpsTrigger ? 'HTTP Trigger' : `Event Trigger (${fn.eventTrigger?.eventType ?? ''})`,
          fn.name.split('/')[3] ?? '',
          fn.runtime,
        ],
        empty: 'Listed 0 items.',
      });
    }),
  );
  withFormat(region(functions.command('describe <name>').description('show one function'))).action(
    run(async (name: string, f: FormatFlags) => {
      printResource(await functionsApi().request('GET', `/${encodeURIComponent(name)}`), f);
    }),
  );
  withFormat(
    region(
      functions
        .command('call <name>')
        .description('invoke a function once')
        .option('--data <json>', 'JSON data for the function'),
    ),
  ).action(
    run(async (name: string, f: FormatFlags & { data?: string }) => {
      let data: unknown = {};
      if (f.data !== undefined) {
        try {
          data = JSON.parse(f.data);
        } catch {
          throw new Error(`argument --data: Invalid value '${f.data}': not valid JSON.`);
        }
      }
      const result = await functionsApi().request<{ executionId: string; result?: string; error?: string }>(
        'POST',
        `/${encodeURIComponent(name)}:call`,
        { data },
      );
      if (formatOf(f)) printResource(result, f);
      else
        process.stdout.write(
          `executionId: ${result.executionId}\n${result.error ? `error: ${result.error}` : `result: ${result.result ?? ''}`}\n`,
        );
    }),
  );
  const logs = gcloudGroup(functions, 'logs', 'read what functions printed');
  withFormat(
    region(
      logs
        .command('read [name]')
        .description("print a function's recent output (stdout I, stderr E)")
        .option('--limit <n>', 'most entries (default 20)', (v) => Number(v), 20),
    ),
  ).action(
    run(async (name: string | undefined, f: FormatFlags & { limit: number }) => {
      const api = functionsApi();
      const names = name
        ? [name]
        : (await api.request<{ functions: FunctionResource[] }>('GET', '')).functions.map(
            (fn) => fn.name.split('/').pop()!,
          );
      const entries: LogEntry[] = [];
      for (const one of names)
        entries.push(
          ...(
            await api.request<{ entries: LogEntry[] }>(
              'GET',
              `/${encodeURIComponent(one)}/logs?limit=${f.limit}`,
            )
          ).entries,
        );
      entries.sort((a, b) => a.time.localeCompare(b.time));
      const last = entries.slice(-f.limit);
      if (formatOf(f)) return printResource(last, f);
      printListing(last, {
        headers: ['LEVEL', 'NAME', 'EXECUTION_ID', 'TIME_UTC', 'LOG'],
        row: (e) => [
          e.level,
          e.name,
          e.executionId,
          e.time.replace('T', ' ').replace('Z', ''),
          cell(e.log, 200),
        ],
        empty: 'Listed 0 items.',
      });
    }),
  );
}
