// Dispatch over the wire: HTTP targets get the method, headers, body and Google's X-CloudTasks-*
// headers on every attempt, OIDC/OAuth tokens from the kit's issuer, App Engine targets go to the
// configured local base URL per service/version with X-AppEngine-* headers; 2xx deletes, other
// statuses and deadlines retry.
import { describe, expect, test } from 'vitest';
import { createGoogleTokenVerifier } from '../../src/testing/verify-google-token.ts';
import { PARENT, queueName, recordingTarget, startFixture, statusOf, waitFor } from './helpers.ts';

const quickRetry = { minBackoff: { seconds: 1 }, maxBackoff: { seconds: 1 }, maxAttempts: 5 };

describe('HTTP targets', () => {
  test('method, headers, body and the X-CloudTasks-* headers on each attempt; 2xx deletes the task', async () => {
    await using f = await startFixture();
    const codes = [503, 404, 200];
    await using target = await recordingTarget(
      (n) => codes[n] ?? 200,
      () => f.clock.now(),
    );
    const queue = queueName('hdr');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue, retryConfig: quickRetry } });
    const name = `${queue}/tasks/unit-42`;
    const eta = f.clock.now();
    await f.client.createTask({
      parent: queue,
      task: {
        name,
        httpRequest: {
          url: `${target.url}/work?x=1`,
          httpMethod: 'PUT',
          headers: {
            'Content-Type': 'application/json',
            'X-Custom': 'v',
            Host: 'evil',
            'User-Agent': 'mine',
          },
          body: Buffer.from('{"a":1}'),
        },
      },
    });
    await f.emulator.advance(10_000);
    expect(target.requests).toHaveLength(3);
    const [first, second, third] = target.requests;
    expect(first).toMatchObject({ method: 'PUT', url: '/work?x=1', body: '{"a":1}' });
    expect(first?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-custom': 'v',
      'user-agent': 'Google-Cloud-Tasks',
      'x-cloudtasks-queuename': queue.split('/').pop(),
      'x-cloudtasks-taskname': 'unit-42',
      'x-cloudtasks-taskretrycount': '0',
      'x-cloudtasks-taskexecutioncount': '0',
      'x-cloudtasks-tasketa': (eta / 1000).toFixed(6),
    });
    expect(first?.headers.host).not.toBe('evil');
    expect(first?.headers['x-cloudtasks-taskpreviousresponse']).toBeUndefined();
    expect(second?.headers).toMatchObject({
      'x-cloudtasks-taskretrycount': '1',
      'x-cloudtasks-taskexecutioncount': '0', // a 5xx response is not counted
      'x-cloudtasks-taskpreviousresponse': '503',
      'x-cloudtasks-taskretryreason': 'HTTP 503',
    });
    expect(third?.headers).toMatchObject({
      'x-cloudtasks-taskretrycount': '2',
      'x-cloudtasks-taskexecutioncount': '1',
      'x-cloudtasks-taskpreviousresponse': '404',
    });
    expect(await statusOf(f.client.getTask({ name }))).toBe('NOT_FOUND');
  });

  test('oidcToken and oauthToken become Authorization headers the issuer verifies', async () => {
    await using f = await startFixture();
    await using target = await recordingTarget();
    const queue = queueName('auth');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue } });
    const email = 'tasks-invoker@tasks-test.iam.gserviceaccount.com';
    await f.client.createTask({
      parent: queue,
      task: {
        httpRequest: {
          url: `${target.url}/oidc`,
          oidcToken: { serviceAccountEmail: email, audience: 'https://worker.example' },
        },
      },
    });
    await f.client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${target.url}/oidc-default`, oidcToken: { serviceAccountEmail: email } } },
    });
    await f.client.createTask({
      parent: queue,
      task: { httpRequest: { url: `${target.url}/oauth`, oauthToken: { serviceAccountEmail: email } } },
    });
    await waitFor(() => target.requests.length === 3, 'three dispatches');
    const base = `http://${f.emulator.address}`;
    const verifier = createGoogleTokenVerifier({
      certsUrl: `${base}/oauth2/v1/certs`,
      tokeninfoUrl: `${base}/oauth2/v3/tokeninfo`,
    });
    const auth = (path: string) =>
      target.requests.find((r) => r.url === path)?.headers.authorization as string;
    const id = await verifier.verifyIdToken(auth('/oidc'), { audience: 'https://worker.example', email });
    expect(id.iss).toBe('https://accounts.google.com');
    // Without an audience the target URL is the audience, as documented.
    await verifier.verifyIdToken(auth('/oidc-default'), { audience: `${target.url}/oidc-default`, email });
    const info = await verifier.verifyAccessToken(auth('/oauth'), {
      email,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
    expect(info.email).toBe(email);
  });

  test('a worker slower than the dispatch deadline fails the attempt with DEADLINE_EXCEEDED and it retries', async () => {
    await using f = await startFixture();
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
      60_000,
    );
    const queue = queueName('deadline');
    await f.client.createQueue({
      parent: PARENT,
      queue: { name: queue, retryConfig: { minBackoff: { seconds: 5 } } },
    });
    const [t] = await f.client.createTask({
      parent: queue,
      task: { dispatchDeadline: { seconds: 15 }, httpRequest: { url: `${target.url}/slow` } },
    });
    await waitFor(() => target.requests.length === 1, 'first dispatch');
    const start = f.clock.now();
    await f.emulator.advanceTo(start + 15_000);
    const [after] = await f.client.getTask({ name: t.name as string });
    expect(after.lastAttempt?.responseStatus?.code).toBe(4);
    expect(after.responseCount).toBe(0);
    expect(Number(after.scheduleTime?.seconds) * 1000).toBe(start + 20_000);
    await f.emulator.advanceTo(start + 20_000);
    await waitFor(() => target.requests.length === 2, 'the retry');
    expect(target.requests[1]?.at).toBe(start + 20_000);
  });

  test('a refused connection is retried; attempts give up at maxAttempts and the task goes', async () => {
    await using f = await startFixture();
    const queue = queueName('refused');
    await f.client.createQueue({
      parent: PARENT,
      queue: { name: queue, retryConfig: { ...quickRetry, maxAttempts: 3 } },
    });
    const [t] = await f.client.createTask({
      parent: queue,
      task: { httpRequest: { url: 'http://127.0.0.1:9/none' } },
    });
    const outcomes: string[] = [];
    f.emulator.onTaskDone((e) => outcomes.push(`${e.outcome}:${e.task.dispatchCount}`));
    await f.emulator.advance(10_000);
    expect(outcomes).toEqual(['failed:3']);
    expect(await statusOf(f.client.getTask({ name: t.name as string }))).toBe('NOT_FOUND');
  });
});

describe('App Engine targets', () => {
  test('routed per service/version to local base URLs with X-AppEngine-* headers', async () => {
    await using byDefault = await recordingTarget();
    await using worker = await recordingTarget();
    await using v2 = await recordingTarget();
    await using f = await startFixture({
      appEngine: { baseUrl: byDefault.url, services: { worker: worker.url, 'v2.worker': v2.url } },
    });
    const queue = queueName('gae');
    await f.client.createQueue({ parent: PARENT, queue: { name: queue } });
    const task = (relativeUri: string, routing?: { service?: string; version?: string }) =>
      f.client.createTask({
        parent: queue,
        task: {
          name: `${queue}/tasks/${relativeUri.slice(1)}`,
          appEngineHttpRequest: { relativeUri, appEngineRouting: routing, body: Buffer.from('b') },
        },
      });
    await task('/plain');
    await task('/svc', { service: 'worker' });
    await task('/ver', { service: 'worker', version: 'v2' });
    await waitFor(
      () => byDefault.requests.length + worker.requests.length + v2.requests.length === 3,
      'three',
    );
    expect(byDefault.requests.map((r) => r.url)).toEqual(['/plain']);
    expect(worker.requests.map((r) => r.url)).toEqual(['/svc']);
    expect(v2.requests.map((r) => r.url)).toEqual(['/ver']);
    expect(v2.requests[0]?.headers).toMatchObject({
      'x-appengine-queuename': queue.split('/').pop(),
      'x-appengine-taskname': 'ver',
      'x-appengine-taskretrycount': '0',
      'x-appengine-taskexecutioncount': '0',
      'content-type': 'application/octet-stream',
      'user-agent': 'AppEngine-Google; (+http://code.google.com/appengine)',
    });
    expect(v2.requests[0]?.method).toBe('POST');
    expect(v2.requests[0]?.headers['x-cloudtasks-queuename']).toBeUndefined();
  });

  test("the queue's appEngineRoutingOverride wins over the task's routing", async () => {
    await using other = await recordingTarget();
    await using worker = await recordingTarget();
    await using f = await startFixture({ appEngine: { services: { worker: worker.url, other: other.url } } });
    const queue = queueName('override');
    await f.client.createQueue({
      parent: PARENT,
      queue: { name: queue, appEngineRoutingOverride: { service: 'worker' } },
    });
    await f.client.createTask({
      parent: queue,
      task: { appEngineHttpRequest: { relativeUri: '/x', appEngineRouting: { service: 'other' } } },
    });
    await waitFor(() => worker.requests.length === 1, 'dispatch to worker');
    expect(other.requests).toHaveLength(0);
  });
});
