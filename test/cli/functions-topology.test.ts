// devkit.yaml `functions:`: `devkit apply` (what `devkit start` runs on devkit.yaml) deploys them to
// the stack's Functions host after creating the topics their triggers need; bad entries are refused.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { parseTopology } from '../../src/topology/index.ts';
import { devkitIn } from './in-process.ts';

const NODE = fileURLToPath(new URL('../functions/fixtures/node-echo', import.meta.url));
let stack: StartedStack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 }, redis: false });
  dir = await mkdtemp(join(tmpdir(), 'devkit-fn-topology-'));
}, 30_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('devkit.yaml functions', { timeout: 90_000 }, () => {
  it('apply deploys the declared functions with their triggers', async () => {
    const id = randomUUID().slice(0, 8);
    const file = join(dir, 'devkit.yaml');
    await writeFile(
      file,
      `topics: [{ name: jobs-${id} }]
functions:
  - name: web-${id}
    runtime: nodejs20
    entryPoint: onHttp
    source: ${relative(dir, NODE)}
    httpsTrigger: {}
    environmentVariables: { GREETING: yaml }
  - name: worker-${id}
    runtime: nodejs22
    entryPoint: onEvent
    source: ${relative(dir, NODE)}
    eventTrigger: { eventType: google.pubsub.topic.publish, resource: jobs-${id}, retry: true }
    timeout: 30s
`,
    );
    const dry = await devkitIn(['apply', '--file', file, '--dry-run'], stack.env);
    expect(dry).toContain(`~ function web-${id} (deployed on apply)`);
    const out = await devkitIn(['apply', '--file', file], stack.env);
    expect(out).toContain(`Deployed function web-${id}.`);
    expect(out).toContain(`Deployed function worker-${id}.`);
    const worker = JSON.parse(
      await devkitIn(['functions', 'describe', `worker-${id}`, '--format=json'], stack.env),
    );
    expect(worker).toMatchObject({
      timeout: '30s',
      eventTrigger: { resource: `projects/devkit-local/topics/jobs-${id}`, failurePolicy: { retry: {} } },
    });
    const called = await devkitIn(['functions', 'call', `web-${id}`, '--data={"name":"y"}'], stack.env);
    expect(called).toContain('result: {"hello":"y","env":"yaml"}');
  });

  it('an entry needs exactly one trigger and a known runtime', () => {
    expect(() => parseTopology('functions: [{ name: f, runtime: nodejs20 }]')).toThrow(/exactly one trigger/);
    expect(() => parseTopology('functions: [{ name: f, runtime: go121, httpsTrigger: {} }]')).toThrow(
      /nodejs20/,
    );
  });
});
