// `devkit pubsub topics|subscriptions create|list|delete`, `publish` and `pull` as real processes.
import { randomUUID } from 'node:crypto';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitOk, runDevkit } from '../helpers/run-devkit.ts';

let stack: StartedStack;
beforeAll(async () => {
  stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 }, redis: false });
});
afterAll(async () => {
  await stack?.stop();
});
const devkit = (...args: string[]) => devkitOk(args, stack.env);
const json = async (...args: string[]) => JSON.parse(await devkit(...args, '--json'));

// Every step is a process start (~1-3 s on a busy two-core machine): generous per-test time.
describe('devkit pubsub', { timeout: 120_000 }, () => {
  it('topics and subscriptions: create, list (table and --json), delete', async () => {
    const id = randomUUID().slice(0, 8);
    expect(await devkit('pubsub', 'topics', 'create', `a-${id}`, `dl-${id}`)).toContain(
      `Created topic [projects/devkit-local/topics/a-${id}]`,
    );
    await devkit(
      'pubsub',
      'subscriptions',
      'create',
      `s-${id}`,
      '--topic',
      `a-${id}`,
      '--ack-deadline',
      '25',
      '--filter',
      'attributes.kind = "x"',
      '--dead-letter-topic',
      `dl-${id}`,
      '--max-delivery-attempts',
      '7',
    );
    const topics = await json('pubsub', 'topics', 'list');
    expect(topics).toEqual(
      expect.arrayContaining([{ name: `a-${id}`, fullName: `projects/devkit-local/topics/a-${id}` }]),
    );
    const table = await devkit('pubsub', 'subscriptions', 'list');
    expect(table.split('\n')[0]).toMatch(/^NAME\s+TOPIC\s+ACK DEADLINE\s+TYPE\s+DEAD LETTER\s+FILTER$/);
    expect(table).toMatch(
      new RegExp(`s-${id}\\s+a-${id}\\s+25\\s+pull\\s+dl-${id}\\s+attributes.kind = "x"`),
    );
    expect(table).not.toContain('\u001b['); // not a terminal: no colours

    await devkit('pubsub', 'subscriptions', 'delete', `s-${id}`);
    await devkit('pubsub', 'topics', 'delete', `a-${id}`, `dl-${id}`);
    const pubsub = new PubSub({
      projectId: 'devkit-local',
      apiEndpoint: stack.env.PUBSUB_EMULATOR_HOST,
      emulatorMode: true,
      universeDomain: 'googleapis.com',
    });
    const [[topicGone], [subGone]] = await Promise.all([
      pubsub.topic(`a-${id}`).exists(),
      pubsub.subscription(`s-${id}`).exists(),
    ]);
    await pubsub.close();
    expect([topicGone, subGone]).toEqual([false, false]);
  });

  it('publish with attributes; pull leaves messages unacked unless --ack', async () => {
    const id = randomUUID().slice(0, 8);
    await devkit('pubsub', 'topics', 'create', `m-${id}`);
    await devkit(
      'pubsub',
      'subscriptions',
      'create',
      `ms-${id}`,
      '--topic',
      `m-${id}`,
      '--ack-deadline',
      '600',
    );
    const published = await json(
      'pubsub',
      'publish',
      `m-${id}`,
      '--message',
      'first',
      '--attribute',
      'k=v',
      '-a',
      'n=1',
    );
    expect(published.messageIds).toHaveLength(1);
    await devkit('pubsub', 'publish', `m-${id}`, '--message', 'second');

    const [first] = await json('pubsub', 'pull', `ms-${id}`);
    expect(first).toMatchObject({
      data: 'first',
      attributes: { k: 'v', n: '1' },
      messageId: published.messageIds[0],
    });
    expect(first.ackId).toBeTruthy();
    // `first` is leased (600 s deadline), not acked: the next pull gets only `second`, and acks it.
    const acked = await json('pubsub', 'pull', `ms-${id}`, '--ack', '--limit', '5');
    expect(acked.map((m: { data: string }) => m.data)).toEqual(['second']);
    const status = await json('status');
    expect(status.subscriptions.find((s: { name: string }) => s.name === `ms-${id}`).backlog).toBe(1);
  });

  it('errors are one line with the API status and a non-zero exit', async () => {
    const result = await runDevkit(['pubsub', 'pull', `missing-${randomUUID().slice(0, 8)}`], stack.env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^devkit: 5 NOT_FOUND: .*/);
    const bad = await runDevkit(
      ['pubsub', 'publish', 'whatever', '--message', 'x', '--attribute', 'novalue'],
      stack.env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected key=value');
  });
});
