// The REST mapping on the scheduler port (what gcloud and plain HTTP clients use), sharing state
// with gRPC: a job created over REST is visible to the official client and vice versa.
import { describe, expect, test } from 'vitest';
import { jobName, PARENT, startFixture } from './helpers.ts';

async function call(address: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://${address}/v1/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('REST routes', () => {
  test('create, get, list, patch, pause, resume, run and delete in proto3 JSON', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    const name = jobName('rest');
    const created = await call(f.emulator.address, 'POST', `${PARENT}/jobs`, {
      name,
      schedule: '*/15 * * * *',
      pubsubTarget: {
        topicName: 'projects/sched-test/topics/rest-topic',
        data: Buffer.from('hi').toString('base64'),
      },
      retryConfig: { retryCount: 2, minBackoffDuration: '1.5s' },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      name,
      state: 'ENABLED',
      timeZone: 'Etc/UTC',
      scheduleTime: '2026-01-01T00:15:00.000Z',
      userUpdateTime: '2026-01-01T00:00:00.000Z',
      pubsubTarget: { data: 'aGk=' },
      retryConfig: {
        retryCount: 2,
        minBackoffDuration: '1.500s',
        maxBackoffDuration: '3600s',
        maxDoublings: 5,
      },
    });
    const [viaGrpc] = await f.client.getJob({ name });
    expect(viaGrpc.schedule).toBe('*/15 * * * *');

    const listed = await call(f.emulator.address, 'GET', `${PARENT}/jobs?pageSize=10`);
    expect(listed.json.jobs.map((j: { name: string }) => j.name)).toEqual([name]);
    const patched = await call(f.emulator.address, 'PATCH', `${name}?updateMask=schedule`, {
      schedule: '0 6 * * *',
    });
    expect(patched.json).toMatchObject({ schedule: '0 6 * * *', scheduleTime: '2026-01-01T06:00:00.000Z' });
    expect((await call(f.emulator.address, 'POST', `${name}:pause`, {})).json.state).toBe('PAUSED');
    const again = await call(f.emulator.address, 'POST', `${name}:pause`, {});
    expect(again).toMatchObject({ status: 400, json: { error: { status: 'FAILED_PRECONDITION' } } });
    expect((await call(f.emulator.address, 'POST', `${name}:resume`, {})).json.state).toBe('ENABLED');
    const ran = await call(f.emulator.address, 'POST', `${name}:run`, {});
    expect(ran.json.lastAttemptTime).toBe('2026-01-01T00:00:00.000Z');
    expect((await call(f.emulator.address, 'DELETE', name)).status).toBe(200);
    const gone = await call(f.emulator.address, 'GET', name);
    expect(gone).toMatchObject({ status: 404, json: { error: { code: 404, status: 'NOT_FOUND' } } });
  });

  test('bad JSON and bad fields are 400 INVALID_ARGUMENT; duplicates are 409', async () => {
    await using f = await startFixture();
    const res = await fetch(`http://${f.emulator.address}/v1/${PARENT}/jobs`, { method: 'POST', body: '{' });
    expect(res.status).toBe(400);
    const bad = await call(f.emulator.address, 'POST', `${PARENT}/jobs`, {
      schedule: '* * * * *',
      httpTarget: { uri: 'http://x' },
      attemptDeadline: 'soon',
    });
    expect(bad).toMatchObject({ status: 400, json: { error: { status: 'INVALID_ARGUMENT' } } });
    const job = { name: jobName('dup'), schedule: '* * * * *', httpTarget: { uri: 'http://x' } };
    expect((await call(f.emulator.address, 'POST', `${PARENT}/jobs`, job)).status).toBe(200);
    expect((await call(f.emulator.address, 'POST', `${PARENT}/jobs`, job)).status).toBe(409);
  });
});
