// Scheduler-triggered hourly download, with the clock advanced: job → topic → function → bucket,
// three hours in seconds. A second job's HTTP target fails twice and is retried per its
// RetryConfig (5 s, then 10 s), after which the job's status reports success.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFunctionHost } from '../emulators/scheduler/index.ts';
import { createSchedulerClient, schedulerParent } from '../src/clients/index.ts';
import { defineScenario, type ScenarioContext } from '../src/scenario/index.ts';

// .ts in a checkout, .js compiled in the installed package.
const SOURCE = fileURLToPath(
  new URL(`./functions/download-covid-bed-status${extname(import.meta.url)}`, import.meta.url),
);
const TOPIC = 'download-covid-bed-status';
const BUCKET = 'covid-bed-status';
const JOB_DATA = 'This is a job that runs every hour.';
const HOURS = 3;

interface Attempt {
  clock: number;
  scheduleTime?: string;
}

/** Moves the Scheduler stand-in's clock through its admin endpoint; returns its new time. */
async function clock(ctx: ScenarioContext, body?: object): Promise<number> {
  const base = `http://${ctx.stack.emulators.scheduler!.address}/admin/clock`;
  const response = body
    ? await fetch(`${base}:advance`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      })
    : await fetch(base);
  if (!response.ok) throw new Error(`clock admin: ${response.status} ${await response.text()}`);
  return Date.parse(((await response.json()) as { now: string }).now);
}

export default defineScenario({
  name: 'scheduler-hourly',
  description:
    'hourly job with the clock advanced: job → topic → function → bucket; a failing target retried',
  defaults: { files: HOURS, workers: 1 },
  timeoutMs: 120_000,
  async run(ctx) {
    const client = createSchedulerClient(ctx.config);
    const parent = schedulerParent(ctx.config);
    const project = ctx.config.project;
    await ctx.pubsub.createTopic(TOPIC);
    await ctx.storage.createBucket(BUCKET);
    await using fn = await startFunctionHost({
      source: SOURCE,
      target: 'download',
      topic: TOPIC,
      project,
      pubsubHost: ctx.env.PUBSUB_EMULATOR_HOST!,
      env: { STORAGE_EMULATOR_HOST: ctx.env.STORAGE_EMULATOR_HOST!, BUCKET, GOOGLE_CLOUD_PROJECT: project },
    });
    ctx.note(`function host on push subscription ${fn.subscription}`);

    // The flaky HTTP target: fails the first two attempts, then succeeds.
    const attempts: Attempt[] = [];
    ctx.state.attempts = attempts;
    const server = createServer((req, res) => {
      void clock(ctx).then((now) => {
        attempts.push({ clock: now, scheduleTime: req.headers['x-cloudscheduler-scheduletime'] as string });
        ctx.timeline.record('http-target', attempts.length <= 2 ? 'fault' : 'complete', {
          detail: `attempt ${attempts.length}`,
        });
        res.statusCode = attempts.length <= 2 ? 503 : 200;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    ctx.state.server = server;
    const port = (server.address() as AddressInfo).port;

    await client.createJob({
      parent,
      job: {
        name: `${parent}/jobs/download-covid-bed-status`,
        schedule: '0 * * * *',
        timeZone: 'UTC',
        pubsubTarget: {
          topicName: `projects/${project}/topics/${TOPIC}`,
          data: Buffer.from(JOB_DATA),
          attributes: { action: 'download' },
        },
        retryConfig: { retryCount: 3, minBackoffDuration: { seconds: 5 } },
      },
    });
    const flakyJob = `${parent}/jobs/flaky-http`;
    ctx.state.flakyJob = flakyJob;
    await client.createJob({
      parent,
      job: {
        name: flakyJob,
        schedule: '30 * * * *',
        httpTarget: { uri: `http://127.0.0.1:${port}/refresh`, httpMethod: 'POST', body: Buffer.from('{}') },
        retryConfig: {
          retryCount: 3,
          minBackoffDuration: { seconds: 5 },
          maxBackoffDuration: { seconds: 60 },
          maxDoublings: 5,
        },
      },
    });

    // Three hours pass in three jumps; each top of the hour fires the download job once.
    const start = await clock(ctx);
    for (let hour = 1; hour <= HOURS; hour++) {
      const top = Math.ceil(start / 3_600_000) * 3_600_000 + (hour - 1) * 3_600_000;
      await clock(ctx, { time: new Date(top + 1000).toISOString() });
      ctx.timeline.record('scheduler', 'note', { detail: `clock at ${new Date(top).toISOString()}` });
      await ctx.waitFor(
        `download ${hour}`,
        async () => (await ctx.storage.bucket(BUCKET).getFiles())[0].length >= hour,
        20_000,
      );
      ctx.timeline.record('function', 'complete', { detail: `download ${hour}` });
      if (hour === 1) {
        // Half past: the flaky job's first attempt, then the clock walks through its backoff.
        await clock(ctx, { time: new Date(top + 30 * 60_000 + 100).toISOString() });
        await ctx.waitFor('first attempt', () => attempts.length >= 1, 10_000);
        await clock(ctx, { duration: '5s' });
        await ctx.waitFor('second attempt', () => attempts.length >= 2, 10_000);
        await clock(ctx, { duration: '10s' });
        await ctx.waitFor('third attempt', () => attempts.length >= 3, 10_000);
        await ctx.sleep(300);
        ctx.state.firstFiring = attempts.slice(0, 3);
        const [job] = await client.getJob({ name: flakyJob });
        ctx.state.flakyStatus = job.status?.code ?? 0;
        ctx.state.flakyLastAttempt = job.lastAttemptTime;
      }
    }
    ctx.metrics.downloads = (await ctx.storage.bucket(BUCKET).getFiles())[0].length;
    ctx.metrics.httpAttempts = attempts.length;
    server.close();
    await client.close();
  },
  invariants: [
    {
      name: 'one download per scheduled hour, with the exact payload',
      async check(ctx) {
        const [files] = await ctx.storage.bucket(BUCKET).getFiles();
        const bodies = await Promise.all(
          files.map(async (f) => JSON.parse((await f.download())[0].toString())),
        );
        const exact = bodies.every((b) => b.job === JOB_DATA && b.attributes?.action === 'download');
        return {
          passed: files.length === HOURS && exact,
          detail: `${files.length} downloads for ${HOURS} hours${exact ? '' : ', payload differs'}`,
        };
      },
    },
    {
      name: 'failing target retried with 5 s then 10 s backoff',
      check(ctx) {
        const attempts = (ctx.state.firstFiring as Attempt[] | undefined) ?? [];
        const gaps = attempts.slice(1).map((a, i) => (a.clock - attempts[i]!.clock) / 1000);
        const ok = gaps.length === 2 && Math.abs(gaps[0]! - 5) < 1.5 && Math.abs(gaps[1]! - 10) < 1.5;
        return {
          passed: ok,
          detail: `${attempts.length} attempts, gaps ${gaps.map((g) => `${g.toFixed(1)}s`).join(', ')}`,
        };
      },
    },
    {
      name: 'job status reports the last attempt’s success',
      check(ctx) {
        const code = ctx.state.flakyStatus as number | undefined;
        return { passed: code === 0 && Boolean(ctx.state.flakyLastAttempt), detail: `status code ${code}` };
      },
    },
  ],
});
