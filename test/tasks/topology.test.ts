// `queues:` in devkit.yaml: plan and apply create queues with their settings, a changed setting is
// a masked update of just that field, re-applying is a no-op, and --prune deletes what the list
// no longer names (only when the file has a `queues:` list).
import { expect, test } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { startStack } from '../../src/stack/index.ts';
import {
  applyChanges,
  kindsFor,
  openTopologyClients,
  parseTopology,
  planTopology,
} from '../../src/topology/index.ts';

test('queues are planned, applied, updated in place and pruned', async () => {
  // --prune reads every kind, so the whole stack runs (Redis and functions aside).
  await using stack = await startStack({
    ports: { pubsub: 0, storage: 0, scheduler: 0, tasks: 0 },
    redis: false,
    functions: false,
  });
  const config = resolveConfig({ env: stack.env, services: ['pubsub', 'storage', 'scheduler', 'tasks'] });
  const run = async (yaml: string, prune = false) => {
    const file = parseTopology(yaml);
    const clients = openTopologyClients(config, kindsFor(file, prune));
    try {
      const changes = await planTopology(file, clients, { prune });
      await applyChanges(clients, changes);
      return changes.map(
        (c) => `${c.action} ${c.kind} ${c.name}${c.fields.length ? ` ${c.fields.join(',')}` : ''}`,
      );
    } finally {
      await clients.close();
    }
  };
  const v1 = `
queues:
  - name: emails
    rateLimits: { maxDispatchesPerSecond: 10, maxConcurrentDispatches: 2 }
    retryConfig: { maxAttempts: 5, minBackoff: 1s, maxBackoff: 30s, maxDoublings: 3 }
  - name: reports
`;
  expect(await run(v1)).toEqual(['create queue emails', 'create queue reports']);
  expect(await run(v1)).toEqual(['unchanged queue emails', 'unchanged queue reports']);
  const client = openTopologyClients(config, ['queue']).tasks!;
  const parent = `projects/${config.project}/locations/${config.schedulerLocation}`;
  const [emails] = await client.getQueue({ name: `${parent}/queues/emails` });
  expect(emails.rateLimits).toMatchObject({
    maxDispatchesPerSecond: 10,
    maxConcurrentDispatches: 2,
    maxBurstSize: 2,
  });
  expect(emails.retryConfig).toMatchObject({ maxAttempts: 5, maxDoublings: 3 });
  expect(Number(emails.retryConfig?.maxBackoff?.seconds)).toBe(30);
  const v2 = v1.replace('maxAttempts: 5', 'maxAttempts: 8');
  expect(await run(v2)).toEqual(['update queue emails maxAttempts', 'unchanged queue reports']);
  const [updated] = await client.getQueue({ name: `${parent}/queues/emails` });
  expect(updated.retryConfig?.maxAttempts).toBe(8);
  expect(updated.rateLimits?.maxConcurrentDispatches).toBe(2);
  const v3 = v2.replace(/ {2}- name: reports\n/, '');
  expect(await run(v3, true)).toEqual(['unchanged queue emails', 'delete queue reports']);
  expect((await client.listQueues({ parent }))[0].map((q) => String(q.name).split('/').pop())).toEqual([
    'emails',
  ]);
  expect(() => parseTopology('queues:\n  - name: bad_name\n')).toThrow(/letters, digits or hyphens/);
  await client.close();
});
