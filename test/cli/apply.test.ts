// `devkit apply` and `devkit start --file` as real processes against the embedded emulators.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { cleanEnv, DEVKIT_BIN, parseExports, startDevkit } from '../helpers/devkit-process.ts';
import { devkitOk, runDevkit } from '../helpers/run-devkit.ts';

let stack: StartedStack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({ ports: { pubsub: 0, storage: 0, scheduler: 0 }, redis: false });
  dir = await mkdtemp(join(tmpdir(), 'devkit-apply-'));
});
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function topologyFile(yaml: string): Promise<string> {
  const path = join(dir, `${randomUUID()}.yaml`);
  await writeFile(path, yaml);
  return path;
}

async function topicNames(env: Record<string, string>): Promise<string[]> {
  const pubsub = new PubSub({
    projectId: env.GOOGLE_CLOUD_PROJECT,
    apiEndpoint: env.PUBSUB_EMULATOR_HOST,
    emulatorMode: true,
    universeDomain: 'googleapis.com', // no GCE metadata lookup (and its warning) in tests
  });
  const [topics] = await pubsub.getTopics();
  await pubsub.close();
  return topics.map((t) => t.name.split('/').pop()!);
}

// Every step is a process start (~1-3 s on a busy two-core machine): generous per-test time.
describe('devkit apply', { timeout: 120_000 }, () => {
  it('--dry-run prints the plan and changes nothing; apply creates; a second apply changes nothing', async () => {
    const id = randomUUID().slice(0, 8);
    const file = await topologyFile(
      `topics: [{ name: in-${id} }]\nsubscriptions: [{ name: sub-${id}, topic: in-${id}, ackDeadlineSeconds: 20 }]\n`,
    );
    const dry = await devkitOk(['apply', '--file', file, '--dry-run'], stack.env);
    expect(dry).toContain(`+   topic in-${id}`);
    expect(dry).toContain(`+   subscription sub-${id}`);
    expect(dry).toContain('Dry run: nothing was changed.');
    expect(await topicNames(stack.env)).not.toContain(`in-${id}`);

    const applied = await devkitOk(['apply', '--file', file], stack.env);
    expect(applied).toContain('Plan: 2 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged.');
    expect(applied).toContain('Applied 2 changes.');
    expect(await topicNames(stack.env)).toContain(`in-${id}`);

    const again = JSON.parse(await devkitOk(['apply', '--file', file, '--json'], stack.env));
    expect(again.summary).toEqual({ create: 0, update: 0, replace: 0, unchanged: 2, delete: 0 });
    expect(again.applied).toBe(0);
  });

  it('a changed field is one update in the plan and in the result', async () => {
    const id = randomUUID().slice(0, 8);
    const yaml = (ack: number, extraTopic = '') =>
      `topics: [{ name: in-${id} }${extraTopic}]\n` +
      `subscriptions: [{ name: sub-${id}, topic: in-${id}, ackDeadlineSeconds: ${ack} }]\n`;
    // The first file also names a topic the second drops: it stays, reported as a --prune candidate.
    await devkitOk(['apply', '--file', await topologyFile(yaml(20, `, { name: gone-${id} }`))], stack.env);
    const out = await devkitOk(['apply', '--file', await topologyFile(yaml(60))], stack.env);
    expect(out).toContain(`~   subscription sub-${id}  (ackDeadlineSeconds: 20 → 60)`);
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 to delete, 1 unchanged.');
    expect(out).toMatch(
      /\n\d+ existing resources? (is|are) not named in the file \(--prune deletes them\)\.\n/,
    );
  });

  it('a bad file is refused with the line and the field, exit code 2, and nothing applied', async () => {
    const id = randomUUID().slice(0, 8);
    const file = await topologyFile(
      `topics:\n  - name: in-${id}\nsubscriptions:\n  - name: sub-${id}\n    topic: in-${id}\n    ackDeadlineSeconds: soon\n`,
    );
    const result = await runDevkit(['apply', '--file', file], stack.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}:6:5: subscriptions[0].ackDeadlineSeconds:`);
    expect(await topicNames(stack.env)).not.toContain(`in-${id}`);
    const missing = await runDevkit(['apply', '--file', join(dir, 'nope.yaml')], stack.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no topology file at');
  });

  it('refuses to run without the emulator variables the file needs', async () => {
    const file = await topologyFile(
      'jobs: [{ name: j1, schedule: "* * * * *", pubsubTarget: { topic: t1x, data: x } }]\n',
    );
    const { CLOUD_SCHEDULER_EMULATOR_HOST: _, ...env } = stack.env;
    const result = await runDevkit(['apply', '--file', file], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CLOUD_SCHEDULER_EMULATOR_HOST');
  });
});

describe('devkit start with a topology', { timeout: 60_000 }, () => {
  it('applies --file before printing devkit ready', async () => {
    const id = randomUUID().slice(0, 8);
    const file = await topologyFile(`project: other-project\ntopics: [{ name: boot-${id} }]\n`);
    const ports = ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0', '--redis-port', '0'];
    const devkit = await startDevkit(['start', ...ports, '--file', file]);
    try {
      expect(devkit.stderr()).toContain(`+   topic boot-${id}`);
      // The stack's project wins locally, and the difference is said out loud.
      expect(devkit.stderr()).toContain("applying to the local stack's project devkit-local");
      expect(await topicNames(devkit.env)).toEqual([`boot-${id}`]);
    } finally {
      devkit.child.kill('SIGTERM');
      expect((await devkit.exited).code).toBe(0);
    }
  });

  it('applies ./devkit.yaml from the working directory, and refuses a bad one before devkit ready', async () => {
    const id = randomUUID().slice(0, 8);
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    await writeFile(join(cwd, 'devkit.yaml'), `topics: [{ name: found-${id} }]\n`);
    const good = await startIn(cwd);
    try {
      expect(good.stdout).toContain('devkit ready');
      expect(await topicNames(parseExports(good.stdout))).toEqual([`found-${id}`]);
    } finally {
      good.child.kill('SIGTERM');
      expect((await good.exited).code).toBe(0);
    }
    await writeFile(join(cwd, 'devkit.yaml'), 'topics:\n  - name: ok-topic\n    colour: blue\n');
    const bad = await startIn(cwd);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stdout).not.toContain('devkit ready');
    expect(bad.stderr()).toContain('devkit.yaml:3:5: topics[0].colour: unknown field "colour"');
  });
});

/** `devkit start` with every port 0 in `cwd`; resolves once it is ready or has exited. */
async function startIn(cwd: string) {
  const ports = ['--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0', '--redis-port', '0'];
  const child = spawn(process.execPath, [DEVKIT_BIN, 'start', ...ports], { cwd, env: cleanEnv() });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<{ code: number | null }>((resolve) =>
    child.once('exit', (code) => resolve({ code })),
  );
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/DEVKIT_TARGET=local\n/.test(stdout)) resolve();
    });
    void exited.then(() => resolve());
  });
  return { child, exited, stdout, stderr: () => stderr };
}
