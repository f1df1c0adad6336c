// The dashboard in a real Chromium: what a person clicks and sees, checked against the stack
// through the official clients.
import { randomBytes } from 'node:crypto';
import { CloudSchedulerClient } from '@google-cloud/scheduler';
import { credentials } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTasksClient } from '../../src/clients/index.ts';
import { resolveConfig } from '../../src/config/index.ts';
import { describeWith } from '../interop/prerequisites.ts';
import { browserMissing, launchBrowser, screenshotPath } from './browser.ts';
import { startUiFixture, type UiFixture } from './fixture.ts';

const id = () => randomBytes(3).toString('hex');

describeWith('dashboard in Chromium', browserMissing, () => {
  let f: UiFixture;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;
  beforeAll(async () => {
    f = await startUiFixture();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 60_000);
  afterAll(async () => {
    await browser?.[Symbol.asyncDispose]();
    await f?.[Symbol.asyncDispose]();
  });

  const open = async (view: string) => {
    await page.goto(`${f.ui.url}/#${view}`);
    await page.getByTestId('live').filter({ hasText: 'live' }).waitFor();
  };

  it('publishes from the page; peek shows the message and consumes nothing', async () => {
    const [topic] = await f.pubsub.createTopic(`ui-t-${id()}`);
    const [sub] = await topic.createSubscription(`ui-s-${id()}`);
    await open('pubsub');
    await page.getByTestId('publish-topic').selectOption(topic.name);
    await page.getByTestId('publish-data').fill('{"hello":"dashboard"}');
    await page.getByTestId('publish-attributes').fill('action=download\nsource=ui');
    await page.getByTestId('publish-submit').click();
    await expect.poll(() => page.getByTestId('publish-status').textContent()).toMatch(/^published \d+/);
    await page.getByTestId('peek-subscription').selectOption(sub.name);
    await page.getByTestId('peek-mode').selectOption('json');
    await page.getByTestId('peek-button').click();
    const row = page.getByTestId('peek-row');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('action=download');
    expect(await page.getByTestId('peek-data').first().textContent()).toContain('"hello": "dashboard"');
    await page.screenshot({ path: screenshotPath('pubsub'), fullPage: true });
    // Peek again: still there, never delivered.
    await page.getByTestId('peek-button').click();
    await expect.poll(() => row.first().textContent()).toContain('ready');
    // A subscriber still receives it afterwards, as its first delivery.
    const received = await new Promise<{
      data: string;
      attempt: number | null;
      attrs: Record<string, string>;
    }>((resolve) => {
      sub.once('message', (m) => {
        m.ack();
        resolve({ data: m.data.toString(), attempt: m.deliveryAttempt, attrs: m.attributes });
      });
    });
    await sub.close();
    expect(received.data).toBe('{"hello":"dashboard"}');
    expect(received.attrs).toEqual({ action: 'download', source: 'ui' });
  });

  it('uploads a file; it appears in the browser and its notification in the subscription', async () => {
    const bucketName = `ui-b-${id()}`;
    const [bucket] = await f.storage.createBucket(bucketName);
    const [topic] = await f.pubsub.createTopic(`ui-n-${id()}`);
    const [sub] = await topic.createSubscription(`ui-ns-${id()}`);
    await bucket.createNotification(topic.name.split('/').pop()!, { payloadFormat: 'JSON_API_V1' });
    await open('storage');
    await page.getByTestId('bucket-row').filter({ hasText: bucketName }).waitFor();
    await page.getByTestId('bucket-select').selectOption(bucketName);
    await page.getByTestId('upload-file').setInputFiles({
      name: 'hello.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello from the browser'),
    });
    await page.getByTestId('upload-name').fill('in/hello.txt');
    await page.getByTestId('upload-submit').click();
    await expect
      .poll(() => page.getByTestId('storage-status').textContent())
      .toMatch(/in\/hello.txt|objects/);
    await page.getByTestId('object-prefix').fill('in/');
    await page.getByTestId('browse-button').click();
    await page.getByTestId('object-row').filter({ hasText: 'in/hello.txt' }).waitFor();
    await page.getByTestId('notifications-table').filter({ hasText: 'JSON_API_V1' }).waitFor();
    await page.screenshot({ path: screenshotPath('storage'), fullPage: true });
    const [contents] = await bucket.file('in/hello.txt').download();
    expect(contents.toString()).toBe('hello from the browser');
    // The notification is in the subscription: the Pub/Sub view shows its backlog.
    await open('pubsub');
    const subRow = page.locator(`[data-testid=subscription-row][data-name="${sub.name}"]`);
    await expect.poll(() => subRow.getByTestId('backlog').textContent(), { timeout: 10_000 }).toBe('1');
    await page.getByTestId('peek-subscription').selectOption(sub.name);
    await page.getByTestId('peek-button').click();
    await expect
      .poll(() => page.getByTestId('peek-row').first().textContent())
      .toContain('eventType=OBJECT_FINALIZE');
  });

  it('runs a Scheduler job from the page; its message appears', async () => {
    const [topic] = await f.pubsub.createTopic(`ui-j-${id()}`);
    const [sub] = await topic.createSubscription(`ui-js-${id()}`);
    const scheduler = new CloudSchedulerClient({
      servicePath: f.stack.env.CLOUD_SCHEDULER_EMULATOR_HOST!.split(':')[0],
      port: Number(f.stack.env.CLOUD_SCHEDULER_EMULATOR_HOST!.split(':')[1]),
      sslCreds: credentials.createInsecure(),
    });
    const parent = `projects/${f.stack.env.GOOGLE_CLOUD_PROJECT}/locations/us-central1`;
    const [job] = await scheduler.createJob({
      parent,
      job: {
        name: `${parent}/jobs/ui-job-${id()}`,
        schedule: '0 * * * *',
        timeZone: 'Europe/Berlin',
        pubsubTarget: { topicName: topic.name, data: Buffer.from('tick'), attributes: { from: 'job' } },
      },
    });
    await scheduler.close();
    await open('scheduler');
    const row = page.locator(`[data-testid=job-row][data-name="${job.name}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Europe/Berlin');
    await row.getByTestId('job-run').click();
    await page.screenshot({ path: screenshotPath('scheduler'), fullPage: true });
    await open('pubsub');
    await page.getByTestId('peek-subscription').selectOption(sub.name);
    await expect
      .poll(
        async () => {
          await page.getByTestId('peek-button').click();
          return (await page.getByTestId('peek-results').textContent()) ?? '';
        },
        { timeout: 10_000 },
      )
      .toContain('from=job');
  });

  it('advances the stack clock from the page, within the documented bound', async () => {
    await open('scheduler');
    await page
      .getByTestId('clock')
      .filter({ hasText: /^\d{4}-/ })
      .waitFor();
    const before = Date.parse((await page.getByTestId('clock').textContent()) ?? '');
    await page.getByTestId('advance-duration').fill('2h');
    await page.getByTestId('advance-button').click();
    await expect.poll(() => page.getByTestId('scheduler-status').textContent()).toMatch(/^now /);
    const after = Date.parse(((await page.getByTestId('scheduler-status').textContent()) ?? '').slice(4));
    expect(after - before).toBeGreaterThanOrEqual(2 * 3_600_000);
    // Beyond the emulator's maximum (366 days a call) the page shows the emulator's refusal.
    await page.getByTestId('advance-duration').fill('100000h');
    await page.getByTestId('advance-button').click();
    await expect.poll(() => page.getByTestId('scheduler-status').textContent()).toMatch(/maximum/);
  });

  it('shows who holds which claim in Redis, with its lease, and done units', async () => {
    const redis = new Redis(f.stack.env.REDIS_URL!);
    const prefix = `ui-${id()}`;
    await redis.set(`${prefix}:claim:work/a.txt#1`, 'w7:token-1', 'PX', 60_000);
    await redis.set(`${prefix}:done:work/b.txt#1`, 'w7', 'PX', 60_000);
    // As the auditor lists a stalled unit (its test checks the auditor writes it).
    const report = {
      report: 'stalled',
      unitKey: 'work/c.txt#1',
      workers: ['w9'],
      starts: 1,
      at: new Date().toISOString(),
    };
    await redis.set(`${prefix}:audit:stalled:work/c.txt#1`, JSON.stringify(report), 'EX', 60);
    await redis.quit();
    await open('workflow');
    const row = page.getByTestId('claim-row').filter({ hasText: prefix });
    await row.waitFor();
    expect(await row.textContent()).toContain('work/a.txt#1');
    expect(await row.textContent()).toContain('w7');
    expect(await row.textContent()).toMatch(/\d+(\.\d)? s/);
    await page.getByTestId('done-table').filter({ hasText: prefix }).waitFor();
    const stalled = page.getByTestId('audit-row').filter({ hasText: prefix });
    await stalled.waitFor();
    expect(await stalled.textContent()).toMatch(/stalled.*work\/c\.txt#1.*w9/);
    await page.screenshot({ path: screenshotPath('workflow'), fullPage: true });
  });

  it('shows Cloud Tasks queues with their rate limits and tasks', async () => {
    const tasks = createTasksClient(resolveConfig({ env: { ...f.stack.env } }));
    const parent = `projects/${f.stack.env.GOOGLE_CLOUD_PROJECT}/locations/us-central1`;
    const [queue] = await tasks.createQueue({
      parent,
      queue: {
        name: `${parent}/queues/ui-q-${id()}`,
        rateLimits: { maxDispatchesPerSecond: 5, maxConcurrentDispatches: 2 },
      },
    });
    const [task] = await tasks.createTask({
      parent: queue.name!,
      task: {
        scheduleTime: { seconds: Math.floor(Date.now() / 1000) + 3600 },
        httpRequest: { url: 'http://127.0.0.1:9/never', httpMethod: 'POST' },
      },
    });
    await tasks.close();
    await open('tasks');
    const panel = page.getByTestId('queue').filter({ hasText: queue.name!.split('/').pop()! });
    await panel.waitFor();
    expect(await panel.textContent()).toMatch(/rate 5\/s.*concurrent 2/);
    // The queue may show in an overview taken before its task was created: the next live update has it.
    await expect
      .poll(() => panel.getByTestId('tasks-table').textContent())
      .toContain(task.name!.split('/').pop());
    await page.screenshot({ path: screenshotPath('tasks'), fullPage: true });
  });

  it('pulls, nacks, acks and seeks a subscription from the page', async () => {
    const [topic] = await f.pubsub.createTopic(`ui-a-${id()}`);
    const [sub] = await topic.createSubscription(`ui-as-${id()}`, { retainAckedMessages: true });
    for (const n of [1, 2, 3]) await topic.publishMessage({ data: Buffer.from(`m${n}`) });
    await open('pubsub');
    const backlog = page
      .locator(`[data-testid=subscription-row][data-name="${sub.name}"]`)
      .getByTestId('backlog');
    await expect.poll(() => backlog.textContent()).toBe('3');
    await page.getByTestId('peek-subscription').selectOption(sub.name);
    await page.getByTestId('pull-button').click();
    await expect.poll(() => page.getByTestId('pull-status').textContent()).toBe('leased 3');
    // Nack: redelivered at once, so a second pull leases them again (a second delivery attempt).
    await page.getByTestId('nack-all').click();
    await expect.poll(() => page.getByTestId('pull-status').textContent()).toBe('nack 3');
    await page.getByTestId('pull-button').click();
    await expect.poll(() => page.getByTestId('pull-status').textContent()).toBe('leased 3');
    await page.getByTestId('ack-all').click();
    await expect.poll(() => page.getByTestId('pull-status').textContent()).toBe('ack 3');
    await expect.poll(() => backlog.textContent()).toBe('0');
    // Seek back before the publishes: the acked (retained) messages are unacked again.
    const past = new Date(Date.now() - 60_000);
    const local = new Date(past.getTime() - past.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
    await page.getByTestId('seek-time').fill(local);
    await page.getByTestId('seek-button').click();
    await expect.poll(() => page.getByTestId('pull-status').textContent()).toBe('seeked');
    await expect.poll(() => backlog.textContent()).toBe('3');
  });
});
