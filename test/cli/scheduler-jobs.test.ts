// `devkit scheduler jobs list|run|pause|resume` as real processes against the Scheduler stand-in.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import {
  applyChanges,
  kindsFor,
  openTopologyClients,
  parseTopology,
  planTopology,
  type TopologyClients,
} from '../../src/topology/index.ts';
import { devkitOk, runDevkit } from '../helpers/run-devkit.ts';

let stack: StartedStack;
let clients: TopologyClients;
beforeAll(async () => {
  stack = await startStack({
    services: ['pubsub', 'scheduler'],
    ports: { pubsub: 0, scheduler: 0 },
    redis: false,
  });
  clients = openTopologyClients(resolveConfig({ env: stack.env, services: ['pubsub', 'scheduler'] }), [
    'topic',
    'subscription',
    'job',
  ]);
});
afterAll(async () => {
  await clients?.close();
  await stack?.stop();
});
const devkit = (...args: string[]) => devkitOk(args, stack.env);

async function declare(yaml: string): Promise<void> {
  const file = parseTopology(yaml);
  expect(kindsFor(file, false)).toContain('job');
  await applyChanges(clients, await planTopology(file, clients));
}

// Every step is a process start (~1-3 s on a busy two-core machine): generous per-test time.
describe('devkit scheduler jobs', { timeout: 120_000 }, () => {
  it('list (table and --json), pause, resume, and run publishes to the target topic', async () => {
    const id = randomUUID().slice(0, 8);
    await declare(`
topics: [{ name: tick-${id} }]
subscriptions: [{ name: tick-sub-${id}, topic: tick-${id} }]
jobs:
  - { name: job-${id}, schedule: "0 3 * * *", timeZone: UTC,
      pubsubTarget: { topic: tick-${id}, data: ran, attributes: { from: cli } } }
`);
    const rows = JSON.parse(await devkit('scheduler', 'jobs', 'list', '--json'));
    const row = rows.find((r: { name: string }) => r.name === `job-${id}`);
    expect(row).toMatchObject({
      schedule: '0 3 * * *',
      timeZone: 'UTC',
      state: 'ENABLED',
      target: `pubsub:tick-${id}`,
    });
    expect(new Date(row.nextRun).getUTCHours()).toBe(3);

    expect(await devkit('scheduler', 'jobs', 'pause', `job-${id}`)).toContain('(state PAUSED)');
    const table = await devkit('scheduler', 'jobs', 'list');
    expect(table.split('\n')[0]).toMatch(
      /^ID\s+SCHEDULE\s+TIME ZONE\s+STATE\s+TARGET\s+NEXT RUN\s+LAST ATTEMPT$/,
    );
    expect(table).toMatch(new RegExp(`job-${id}\\s+0 3 \\* \\* \\*\\s+UTC\\s+PAUSED`));
    expect(await devkit('scheduler', 'jobs', 'resume', `job-${id}`)).toContain('(state ENABLED)');

    await devkit('scheduler', 'jobs', 'run', `job-${id}`);
    const pulled = JSON.parse(await devkit('pubsub', 'pull', `tick-sub-${id}`, '--ack', '--wait', '--json'));
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ data: 'ran', attributes: { from: 'cli' } });
    const after = JSON.parse(await devkit('scheduler', 'jobs', 'list', '--json'));
    expect(after.find((r: { name: string }) => r.name === `job-${id}`).lastAttempt).not.toBe('');
  });

  it('an unknown job is a one-line NOT_FOUND', async () => {
    const result = await runDevkit(
      ['scheduler', 'jobs', 'run', `nope-${randomUUID().slice(0, 8)}`],
      stack.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^devkit: 5 NOT_FOUND: /);
  });
});
