// `devkit pubsub topics|subscriptions|snapshots ...` in gcloud's shapes, plus the short
// `publish`/`pull` aliases, through the real command parsing (in-process) against a Pub/Sub emulator.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitIn, devkitInProcess } from './in-process.ts';

let stack: StartedStack;
beforeAll(async () => {
  stack = await startStack({ services: ['pubsub'], ports: { pubsub: 0 }, redis: false, functions: false });
});
afterAll(async () => {
  await stack?.stop();
});
const devkit = (...args: string[]) => devkitIn(args, stack.env);
const json = async (...args: string[]) => JSON.parse(await devkit(...args, '--format=json'));
const P = 'projects/devkit-local';

describe('devkit pubsub (gcloud shapes)', { timeout: 60_000 }, () => {
  it('topics create --labels, describe, list, update, delete', async () => {
    const id = randomUUID().slice(0, 8);
    const [a, b] = [`available-${id}`, `processing-${id}`];
    expect(await devkit('pubsub', 'topics', 'create', a, b, '--labels', 'source=tgsdemo')).toBe(
      `Created topic [${P}/topics/${a}].\nCreated topic [${P}/topics/${b}].\n`,
    );
    expect(await json('pubsub', 'topics', 'describe', a)).toMatchObject({
      name: `${P}/topics/${a}`,
      labels: { source: 'tgsdemo' },
    });
    expect(await devkit('pubsub', 'topics', 'describe', a)).toContain(`name: ${P}/topics/${a}`);
    const listed = await json('pubsub', 'topics', 'list');
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: `${P}/topics/${b}`, labels: { source: 'tgsdemo' } }),
      ]),
    );
    // --json stays an alias of --format=json.
    expect(JSON.parse(await devkit('pubsub', 'topics', 'list', '--json'))).toEqual(listed);
    await devkit(
      'pubsub',
      'topics',
      'update',
      a,
      '--update-labels=team=data',
      '--remove-labels=source',
      '--message-retention-duration=1h',
    );
    expect(await json('pubsub', 'topics', 'describe', a)).toMatchObject({
      name: `${P}/topics/${a}`,
      labels: { team: 'data' },
      messageRetentionDuration: '3600s',
    });
    expect(await devkit('pubsub', 'topics', 'delete', b)).toContain(`Deleted topic [${P}/topics/${b}]`);
    const gone = await devkitInProcess(['pubsub', 'topics', 'describe', b], stack.env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^ERROR: \(gcloud\.pubsub\.topics\.describe\) 5 NOT_FOUND/);
  });

  it('subscriptions create/update/describe/list/pull/ack/modify-ack-deadline/seek/delete', async () => {
    const id = randomUUID().slice(0, 8);
    const [topic, dead, sub] = [`t-${id}`, `dl-${id}`, `worker-${id}`];
    await devkit('pubsub', 'topics', 'create', topic, dead);
    expect(
      await devkit(
        'pubsub',
        'subscriptions',
        'create',
        sub,
        `--topic=${topic}`,
        '--ack-deadline=25',
        '--filter=attributes.kind = "x"',
        `--dead-letter-topic=${dead}`,
        '--max-delivery-attempts=7',
        '--min-retry-delay=2s',
        '--max-retry-delay=30s',
        '--enable-message-ordering',
        '--enable-exactly-once-delivery',
        '--retain-acked-messages',
        '--message-retention-duration=2h',
        '--expiration-period=never',
        '--labels=team=a',
      ),
    ).toBe(`Created subscription [${P}/subscriptions/${sub}].\n`);
    const described = await json('pubsub', 'subscriptions', 'describe', sub);
    expect(described).toMatchObject({
      name: `${P}/subscriptions/${sub}`,
      topic: `${P}/topics/${topic}`,
      ackDeadlineSeconds: 25,
      filter: 'attributes.kind = "x"',
      deadLetterPolicy: { deadLetterTopic: `${P}/topics/${dead}`, maxDeliveryAttempts: 7 },
      retryPolicy: { minimumBackoff: '2s', maximumBackoff: '30s' },
      enableMessageOrdering: true,
      enableExactlyOnceDelivery: true,
      retainAckedMessages: true,
      messageRetentionDuration: '7200s',
      labels: { team: 'a' },
    });
    await devkit(
      'pubsub',
      'subscriptions',
      'update',
      sub,
      '--ack-deadline=40',
      '--no-enable-exactly-once-delivery',
      '--update-labels=env=dev',
    );
    const updated = await json('pubsub', 'subscriptions', 'describe', sub);
    expect(updated).toMatchObject({ ackDeadlineSeconds: 40, labels: { team: 'a', env: 'dev' } });
    expect(updated.enableExactlyOnceDelivery).toBeUndefined();
    expect((await json('pubsub', 'subscriptions', 'list')).map((s: { name: string }) => s.name)).toContain(
      `${P}/subscriptions/${sub}`,
    );

    // Attributes and no data: gcloud allows it, and the message keeps its attributes.
    await devkit('pubsub', 'topics', 'publish', topic, '--attribute=kind=x,action=download');
    expect(
      JSON.parse(
        await devkit(
          'pubsub',
          'topics',
          'publish',
          topic,
          '--message=second',
          '--attribute=kind=x',
          '--format=json',
        ),
      ).messageIds,
    ).toHaveLength(1);
    const empty = await devkitInProcess(['pubsub', 'topics', 'publish', topic], stack.env);
    expect(empty.stderr).toContain('You cannot send an empty message');
    const [first] = await json('pubsub', 'subscriptions', 'pull', sub, '--wait');
    expect(first).toMatchObject({ data: '', attributes: { kind: 'x', action: 'download' } });
    await devkit(
      'pubsub',
      'subscriptions',
      'modify-ack-deadline',
      sub,
      `--ack-ids=${first.ackId}`,
      '--ack-deadline=0',
    );
    const again = await json('pubsub', 'subscriptions', 'pull', sub, '--wait', '--limit=5');
    expect(again.length).toBeGreaterThanOrEqual(1);
    await devkit(
      'pubsub',
      'subscriptions',
      'ack',
      sub,
      `--ack-ids=${again.map((m: { ackId: string }) => m.ackId).join(',')}`,
    );
    // snapshots: create, list, describe, seek back to it, delete
    await devkit('pubsub', 'snapshots', 'create', `snap-${id}`, `--subscription=${sub}`);
    expect((await json('pubsub', 'snapshots', 'list')).map((s: { name: string }) => s.name)).toContain(
      `${P}/snapshots/snap-${id}`,
    );
    expect(await json('pubsub', 'snapshots', 'describe', `snap-${id}`)).toMatchObject({
      topic: `${P}/topics/${topic}`,
    });
    await devkit('pubsub', 'subscriptions', 'seek', sub, `--snapshot=snap-${id}`);
    await devkit('pubsub', 'subscriptions', 'seek', sub, '--time=2020-01-01T00:00:00Z');
    await devkit('pubsub', 'snapshots', 'delete', `snap-${id}`);
    expect(await devkit('pubsub', 'subscriptions', 'delete', sub)).toContain(
      `Deleted subscription [${P}/subscriptions/${sub}]`,
    );
  });

  it('short aliases: publish and pull --ack', async () => {
    const id = randomUUID().slice(0, 8);
    await devkit('pubsub', 'topics', 'create', `al-${id}`);
    await devkit('pubsub', 'subscriptions', 'create', `al-sub-${id}`, '--topic', `al-${id}`);
    await devkit('pubsub', 'publish', `al-${id}`, '-m', 'hello', '-a', 'k=v');
    await devkit('pubsub', 'topics', 'publish', `al-${id}`, '--message=keyed', '--ordering-key=o1');
    const pulled = JSON.parse(await devkit('pubsub', 'pull', `al-sub-${id}`, '--ack', '--wait', '--json'));
    expect(pulled[0]).toMatchObject({ data: 'hello', attributes: { k: 'v' } });
    const [keyed] = JSON.parse(
      await devkit(
        'pubsub',
        'subscriptions',
        'pull',
        `al-sub-${id}`,
        '--auto-ack',
        '--wait',
        '--format=json',
      ),
    );
    expect(keyed).toMatchObject({ data: 'keyed', orderingKey: 'o1' });
    expect(await devkit('pubsub', 'topics', 'list', '--format=yaml')).toContain(
      `- name: projects/devkit-local/topics/al-${id}`,
    );
  });

  it("gcloud's global --project and --quiet", async () => {
    const id = randomUUID().slice(0, 8);
    expect(await devkit('pubsub', 'topics', 'create', `p-${id}`, '--project=other-proj', '--quiet')).toBe(
      `Created topic [projects/other-proj/topics/p-${id}].\n`,
    );
    expect(
      (await json('pubsub', 'topics', 'list', '--project', 'other-proj')).map(
        (t: { name: string }) => t.name,
      ),
    ).toEqual([`projects/other-proj/topics/p-${id}`]);
  });

  it('unknown flags and missing arguments fail as gcloud does', async () => {
    const bad = await devkitInProcess(['pubsub', 'topics', 'create', 'x', '--nope'], stack.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ERROR: (gcloud.pubsub.topics.create) unrecognized arguments: --nope');
    const missing = await devkitInProcess(['pubsub', 'subscriptions', 'create', 'x'], stack.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'ERROR: (gcloud.pubsub.subscriptions.create) argument --topic: Must be specified.',
    );
    const choice = await devkitInProcess(['pubsub', 'topics', 'frobnicate'], stack.env);
    expect(choice.stderr).toContain("ERROR: (gcloud.pubsub.topics) Invalid choice: 'frobnicate'.");
  });
});
