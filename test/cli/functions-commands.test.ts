// `devkit functions deploy|describe|list|call|logs read|delete` against the Functions host of a
// stack: HTTP, topic (--retry) and bucket triggers, env vars from flags and a file, --format=json.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedStack, startStack } from '../../src/stack/index.ts';
import { devkitIn, devkitInProcess } from './in-process.ts';

const NODE = fileURLToPath(new URL('../functions/fixtures/node-echo', import.meta.url));
let stack: StartedStack;
let dir: string;
beforeAll(async () => {
  stack = await startStack({
    services: ['pubsub', 'storage', 'scheduler'],
    ports: { pubsub: 0, storage: 0, scheduler: 0 },
    redis: false,
  });
  dir = await mkdtemp(join(tmpdir(), 'devkit-functions-'));
}, 30_000);
afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});
const devkit = (...args: string[]) => devkitIn(args, stack.env);

/** Event lines a function printed, via `functions logs read --format=json`, once `want` arrived. */
// biome-ignore lint/suspicious/noExplicitAny: JSON lines the fixture printed, checked by the assertions.
async function events(name: string, want: number): Promise<any[]> {
  const giveUp = Date.now() + 30_000;
  for (;;) {
    const entries = JSON.parse(
      await devkit('functions', 'logs', 'read', name, '--limit=100', '--format=json'),
    );
    const found = entries
      .map((e: { log: string }) => e.log)
      .filter((l: string) => l.startsWith('{"kind"'))
      .map((l: string) => JSON.parse(l));
    if (found.length >= want) return found;
    if (Date.now() > giveUp) throw new Error(`${name}: ${JSON.stringify(entries)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('devkit functions', { timeout: 90_000 }, () => {
  it('the stack exports DEVKIT_FUNCTIONS_URL; without it the command says what to do', async () => {
    expect(stack.env.DEVKIT_FUNCTIONS_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const env = { ...stack.env, DEVKIT_FUNCTIONS_URL: '' };
    const result = await devkitInProcess(['functions', 'list'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DEVKIT_FUNCTIONS_URL is not set');
  });

  it('HTTP trigger: deploy prints the URL, env vars from flags and file, call, describe, list, delete', async () => {
    const name = `hello-${randomUUID().slice(0, 8)}`;
    const envFile = join(dir, 'env.yaml');
    await writeFile(envFile, 'GREETING: from-file\nOTHER: 1\n');
    const out = await devkit(
      'functions',
      'deploy',
      name,
      '--runtime=nodejs20',
      '--entry-point=onHttp',
      `--source=${NODE}`,
      '--trigger-http',
      `--env-vars-file=${envFile}`,
      '--set-env-vars=GREETING=from-flag',
      '--timeout=30s',
      '--allow-unauthenticated',
    );
    const url = /^url: (\S+)$/m.exec(out)?.[1];
    expect(url).toMatch(new RegExp(`/devkit-local/us-central1/${name}$`));
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"ann"}',
    });
    expect(await response.json()).toEqual({ hello: 'ann', env: 'from-flag' });
    expect(await devkit('functions', 'call', name, '--data={"name":"bo"}')).toMatch(
      /^executionId: \S+\nresult: \{"hello":"bo","env":"from-flag"\}\n$/,
    );
    const described = JSON.parse(await devkit('functions', 'describe', name, '--format=json'));
    expect(described).toMatchObject({
      name: `projects/devkit-local/locations/us-central1/functions/${name}`,
      entryPoint: 'onHttp',
      runtime: 'nodejs20',
      timeout: '30s',
      environmentVariables: { GREETING: 'from-flag', OTHER: '1' },
      httpsTrigger: { url },
    });
    expect(
      JSON.parse(await devkit('functions', 'list', '--json')).map((f: { name: string }) => f.name),
    ).toContain(described.name);
    expect(await devkit('functions', 'list')).toMatch(
      new RegExp(`${name}\\s+ACTIVE\\s+HTTP Trigger\\s+us-central1\\s+nodejs20`),
    );
    await devkit('functions', 'delete', name, '--quiet');
    const gone = await devkitInProcess(['functions', 'describe', name], stack.env);
    expect(gone.stderr).toContain(`NOT_FOUND: Function ${name}`);
  });

  it('--trigger-topic with --retry redelivers a failure; --trigger-bucket gets GCS events; logs read', async () => {
    const id = randomUUID().slice(0, 8);
    await devkit('pubsub', 'topics', 'create', `jobs-${id}`);
    await devkit(
      'functions',
      'deploy',
      `retry-${id}`,
      '--runtime=nodejs22',
      '--entry-point=onEvent',
      `--source=${NODE}`,
      `--trigger-topic=jobs-${id}`,
      '--retry',
    );
    await devkit('pubsub', 'topics', 'publish', `jobs-${id}`, '--message=fail');
    expect(
      (await events(`retry-${id}`, 2)).every((e) => e.context.eventType === 'google.pubsub.topic.publish'),
    ).toBe(true);
    const table = await devkit('functions', 'logs', 'read', `retry-${id}`);
    expect(table.split('\n')[0]).toMatch(/^LEVEL\s+NAME\s+EXECUTION_ID\s+TIME_UTC\s+LOG$/);
    expect(table).toContain('asked to fail');

    await devkit('gsutil', 'mb', `gs://in-${id}`);
    await devkit(
      'functions',
      'deploy',
      `bucket-${id}`,
      '--runtime=nodejs20',
      '--entry-point=onEvent',
      `--source=${NODE}`,
      `--trigger-bucket=in-${id}`,
    );
    await writeFile(join(dir, `f-${id}.txt`), 'x');
    await devkit('storage', 'cp', join(dir, `f-${id}.txt`), `gs://in-${id}/`);
    const [event] = await events(`bucket-${id}`, 1);
    expect(event.context).toMatchObject({
      eventType: 'google.storage.object.finalize',
      resource: { name: `projects/_/buckets/in-${id}/objects/f-${id}.txt` },
    });
    expect(event.data).toMatchObject({ bucket: `in-${id}`, name: `f-${id}.txt` });
    await devkit('functions', 'delete', `retry-${id}`);
    await devkit('functions', 'delete', `bucket-${id}`);
  });

  it('a Scheduler HTTP job calls an HTTP function at the printed URL', async () => {
    const name = `tick-${randomUUID().slice(0, 8)}`;
    const out = await devkit(
      'functions',
      'deploy',
      name,
      '--runtime=nodejs20',
      '--entry-point=onHttp',
      `--source=${NODE}`,
      '--trigger-http',
    );
    const url = /^url: (\S+)$/m.exec(out)![1]!;
    await devkit(
      'scheduler',
      'jobs',
      'create',
      'http',
      `job-${name}`,
      '--schedule=0 * * * *',
      `--uri=${url}`,
      '--message-body={"name":"cron"}',
      '--headers=Content-Type=application/json',
    );
    await devkit('scheduler', 'jobs', 'run', `job-${name}`);
    const [request] = await events(name, 1);
    expect(request).toMatchObject({ kind: 'http', body: { name: 'cron' } });
    await devkit('functions', 'delete', name);
  });

  it('deploy flags are checked as gcloud checks them', async () => {
    const none = await devkitInProcess(
      ['functions', 'deploy', 'x', '--runtime=nodejs20', `--source=${NODE}`],
      stack.env,
    );
    expect(none.stderr).toContain(
      'Exactly one of (--trigger-bucket | --trigger-event | --trigger-http | --trigger-topic) must be specified.',
    );
    const runtime = await devkitInProcess(
      ['functions', 'deploy', 'x', '--runtime=go122', `--source=${NODE}`, '--trigger-http'],
      stack.env,
    );
    expect(runtime.stderr).toContain('runtime "go122" is not supported here');
    const unknown = await devkitInProcess(
      ['functions', 'deploy', 'x', '--runtime=nodejs20', '--trigger-http', '--wat'],
      stack.env,
    );
    expect(unknown.stderr).toContain('ERROR: (gcloud.functions.deploy) unrecognized arguments: --wat');
  });
});
