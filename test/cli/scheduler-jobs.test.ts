// `devkit scheduler jobs ...` in gcloud's shapes against the Scheduler stand-in: the Scheduler
// guide's job types created with `jobs create` read back exactly as the same jobs created with the
// official @google-cloud/scheduler client; update, describe, list, pause, resume, run, delete.
import { randomUUID } from 'node:crypto';
import { CloudSchedulerClient } from '@google-cloud/scheduler';
import { credentials } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitIn, devkitInProcess } from './in-process.ts';

let stack: StartedStack;
let client: CloudSchedulerClient;
let parent: string;
beforeAll(async () => {
  stack = await startStack({
    services: ['pubsub', 'scheduler'],
    ports: { pubsub: 0, scheduler: 0 },
    redis: false,
    functions: false,
  });
  const config = resolveConfig({ env: stack.env, services: ['scheduler'] });
  parent = `projects/${config.project}/locations/${config.schedulerLocation}`;
  const [host, port] = stack.env.CLOUD_SCHEDULER_EMULATOR_HOST!.split(':');
  client = new CloudSchedulerClient({
    apiEndpoint: host,
    port: Number(port),
    sslCreds: credentials.createInsecure(),
    universeDomain: 'googleapis.com',
  });
});
afterAll(async () => {
  await client?.close();
  await stack?.stop();
});
const devkit = (...args: string[]) => devkitIn(args, stack.env);
const P = 'projects/devkit-local';

/** A job as the API returns it, minus what differs between two creations (name, times, state). */
async function readBack(name: string): Promise<Record<string, unknown>> {
  const [job] = await client.getJob({ name });
  const {
    name: _n,
    userUpdateTime: _u,
    scheduleTime: _s,
    lastAttemptTime: _l,
    status: _st,
    ...rest
  } = job as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest));
}

const GUIDE_JOBS = (id: string) => [
  {
    kind: 'http',
    flags: [
      '--schedule=*/10 * * * *',
      '--uri=https://example.com/hook',
      '--http-method=PUT',
      '--headers=Content-Type=application/json,X-Job=nightly',
      '--message-body={"run":true}',
      '--time-zone=America/New_York',
      '--attempt-deadline=5m',
      '--max-retry-attempts=3',
      '--min-backoff=10s',
      '--max-backoff=5m',
      '--max-doublings=2',
      '--max-retry-duration=1h',
      '--oidc-service-account-email=runner@devkit-local.iam.gserviceaccount.com',
      '--oidc-token-audience=https://example.com',
      '--description=guide http job',
    ],
    job: {
      schedule: '*/10 * * * *',
      timeZone: 'America/New_York',
      description: 'guide http job',
      attemptDeadline: { seconds: 300 },
      retryConfig: {
        retryCount: 3,
        minBackoffDuration: { seconds: 10 },
        maxBackoffDuration: { seconds: 300 },
        maxDoublings: 2,
        maxRetryDuration: { seconds: 3600 },
      },
      httpTarget: {
        uri: 'https://example.com/hook',
        httpMethod: 'PUT' as const,
        headers: { 'Content-Type': 'application/json', 'X-Job': 'nightly' },
        body: Buffer.from('{"run":true}'),
        oidcToken: {
          serviceAccountEmail: 'runner@devkit-local.iam.gserviceaccount.com',
          audience: 'https://example.com',
        },
      },
    },
  },
  {
    kind: 'pubsub',
    flags: [
      '--schedule=0 * * * *',
      `--topic=tick-${id}`,
      '--message-body=hello',
      '--attributes=action=download,source=cron',
      '--time-zone=Europe/London',
    ],
    job: {
      schedule: '0 * * * *',
      timeZone: 'Europe/London',
      pubsubTarget: {
        topicName: `${P}/topics/tick-${id}`,
        data: Buffer.from('hello'),
        attributes: { action: 'download', source: 'cron' },
      },
    },
  },
  {
    kind: 'app-engine',
    flags: [
      '--schedule=30 2 * * 1-5',
      '--relative-url=/tasks/report?x=1',
      '--service=worker',
      '--version=v2',
      '--http-method=POST',
      '--headers=X-A=1',
      '--message-body=go',
      '--attempt-deadline=10m',
      '--max-retry-attempts=1',
      '--time-zone=Asia/Tokyo',
    ],
    job: {
      schedule: '30 2 * * 1-5',
      timeZone: 'Asia/Tokyo',
      attemptDeadline: { seconds: 600 },
      retryConfig: { retryCount: 1 },
      appEngineHttpTarget: {
        relativeUri: '/tasks/report?x=1',
        httpMethod: 'POST' as const,
        headers: { 'X-A': '1' },
        body: Buffer.from('go'),
        appEngineRouting: { service: 'worker', version: 'v2' },
      },
    },
  },
];

describe('devkit scheduler jobs (gcloud shapes)', { timeout: 60_000 }, () => {
  it("the guide's job types: jobs create reads back as the official client's createJob", async () => {
    const id = randomUUID().slice(0, 8);
    await devkit('pubsub', 'topics', 'create', `tick-${id}`);
    for (const { kind, flags, job } of GUIDE_JOBS(id)) {
      const [viaClient, viaCli] = [`${parent}/jobs/client-${kind}-${id}`, `${parent}/jobs/cli-${kind}-${id}`];
      await client.createJob({ parent, job: { ...job, name: viaClient } });
      const printed = await devkit('scheduler', 'jobs', 'create', kind, `cli-${kind}-${id}`, ...flags);
      expect(printed).toContain(`name: ${viaCli}`);
      const cli = await readBack(viaCli);
      expect(cli, kind).toMatchObject({ schedule: job.schedule, timeZone: job.timeZone });
      expect(cli, kind).toEqual(await readBack(viaClient));
    }
  });

  it('update, describe, list, pause, resume, run, delete', async () => {
    const id = randomUUID().slice(0, 8);
    await devkit('pubsub', 'topics', 'create', `t-${id}`);
    await devkit('pubsub', 'subscriptions', 'create', `s-${id}`, `--topic=t-${id}`);
    await devkit(
      'scheduler',
      'jobs',
      'create',
      'pubsub',
      `j-${id}`,
      '--schedule=0 3 * * *',
      `--topic=t-${id}`,
      '--attributes=from=cli',
    );
    await devkit(
      'scheduler',
      'jobs',
      'update',
      'pubsub',
      `j-${id}`,
      '--schedule=0 4 * * *',
      '--message-body=ran',
    );
    const described = JSON.parse(await devkit('scheduler', 'jobs', 'describe', `j-${id}`, '--format=json'));
    expect(described).toMatchObject({
      name: `${parent}/jobs/j-${id}`,
      schedule: '0 4 * * *',
      timeZone: 'Etc/UTC',
      state: 'ENABLED',
      pubsubTarget: {
        topicName: `${P}/topics/t-${id}`,
        data: Buffer.from('ran').toString('base64'),
        attributes: { from: 'cli' },
      },
    });
    expect(await devkit('scheduler', 'jobs', 'describe', `j-${id}`)).toContain('schedule: 0 4 * * *');
    const listed = JSON.parse(await devkit('scheduler', 'jobs', 'list', '--json'));
    expect(listed.map((j: { name: string }) => j.name)).toContain(`${parent}/jobs/j-${id}`);
    expect(await devkit('scheduler', 'jobs', 'list')).toMatch(
      new RegExp(`j-${id}\\s+0 4 \\* \\* \\*\\s+Etc/UTC\\s+ENABLED`),
    );
    expect(await devkit('scheduler', 'jobs', 'pause', `j-${id}`)).toContain('(state PAUSED)');
    expect(await devkit('scheduler', 'jobs', 'resume', `j-${id}`)).toContain('(state ENABLED)');
    await devkit('scheduler', 'jobs', 'run', `j-${id}`);
    const [pulled] = JSON.parse(
      await devkit('pubsub', 'subscriptions', 'pull', `s-${id}`, '--auto-ack', '--wait', '--format=json'),
    );
    expect(pulled).toMatchObject({ data: 'ran', attributes: { from: 'cli' } });
    await devkit('scheduler', 'jobs', 'delete', `j-${id}`, '--quiet');
    const gone = await devkitInProcess(['scheduler', 'jobs', 'describe', `j-${id}`], stack.env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^ERROR: \(gcloud\.scheduler\.jobs\.describe\) 5 NOT_FOUND/);
  });

  it('update http and app-engine jobs: only the given fields change', async () => {
    const id = randomUUID().slice(0, 8);
    await devkit(
      'scheduler',
      'jobs',
      'create',
      'http',
      `h-${id}`,
      '--schedule=0 1 * * *',
      '--uri=https://example.com/a',
      '--headers=X-A=1',
    );
    await devkit(
      'scheduler',
      'jobs',
      'update',
      'http',
      `h-${id}`,
      '--uri=https://example.com/b',
      '--http-method=GET',
      '--max-retry-attempts=2',
    );
    expect(
      JSON.parse(await devkit('scheduler', 'jobs', 'describe', `h-${id}`, '--format=json')),
    ).toMatchObject({
      schedule: '0 1 * * *',
      httpTarget: { uri: 'https://example.com/b', httpMethod: 'GET', headers: { 'X-A': '1' } },
      retryConfig: { retryCount: 2 },
    });
    await devkit(
      'scheduler',
      'jobs',
      'create',
      'app-engine',
      `a-${id}`,
      '--schedule=0 2 * * *',
      '--relative-url=/x',
      '--service=s1',
    );
    await devkit(
      'scheduler',
      'jobs',
      'update',
      'app-engine',
      `a-${id}`,
      '--relative-url=/y',
      '--attempt-deadline=20m',
      '--time-zone=Europe/Paris',
    );
    expect(JSON.parse(await devkit('scheduler', 'jobs', 'describe', `a-${id}`, '--json'))).toMatchObject({
      timeZone: 'Europe/Paris',
      attemptDeadline: '1200s',
      appEngineHttpTarget: { relativeUri: '/y', httpMethod: 'POST', appEngineRouting: { service: 's1' } },
    });
  });

  it('gcloud argument rules: a pubsub job needs a body or attributes; pubsub has no --attempt-deadline', async () => {
    const noBody = await devkitInProcess(
      ['scheduler', 'jobs', 'create', 'pubsub', 'x', '--schedule=* * * * *', '--topic=t'],
      stack.env,
    );
    expect(noBody.stderr).toContain(
      'Must specify at least one of --message-body, --message-body-from-file or --attributes.',
    );
    const bad = await devkitInProcess(
      [
        'scheduler',
        'jobs',
        'create',
        'pubsub',
        'x',
        '--schedule=* * * * *',
        '--topic=t',
        '--attempt-deadline=1m',
      ],
      stack.env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'ERROR: (gcloud.scheduler.jobs.create.pubsub) unrecognized arguments: --attempt-deadline',
    );
  });
});
