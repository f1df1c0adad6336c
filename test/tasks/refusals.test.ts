// What Google refuses, refused here too, over gRPC and the REST fallback: methods the emulator does
// not serve answer UNIMPLEMENTED (never a 404 or a silent success), and target.proto's limits on
// URLs, relative URIs and header size, and a token without its service account, are
// INVALID_ARGUMENT at CreateTask.
import { describe, expect, test } from 'vitest';
import { statusOf as code, PARENT, queueName, startFixture, type Transport } from './helpers.ts';

describe.each<Transport>(['grpc', 'rest'])('refusals over %s', (transport) => {
  test('IAM methods and Locations answer UNIMPLEMENTED', async () => {
    await using f = await startFixture({ transport });
    const name = queueName('iam');
    await f.client.createQueue({ parent: PARENT, queue: { name } });
    expect(await code(f.client.getIamPolicy({ resource: name }))).toBe('UNIMPLEMENTED');
    expect(await code(f.client.setIamPolicy({ resource: name, policy: { bindings: [] } }))).toBe(
      'UNIMPLEMENTED',
    );
    expect(
      await code(f.client.testIamPermissions({ resource: name, permissions: ['cloudtasks.tasks.create'] })),
    ).toBe('UNIMPLEMENTED');
    expect(await code(f.client.getLocation({ name: PARENT }))).toBe('UNIMPLEMENTED');
    // The queue is untouched by the refused calls.
    const [got] = await f.client.getQueue({ name });
    expect(got.state).toBe('RUNNING');
  });

  test('URLs and relative URIs over 2083 characters, spaces and 80 KB of headers are INVALID_ARGUMENT', async () => {
    await using f = await startFixture({ transport });
    const parent = queueName('limits');
    await f.client.createQueue({ parent: PARENT, queue: { name: parent } });
    const create = (task: Record<string, unknown>) => code(f.client.createTask({ parent, task }));
    const base = 'http://127.0.0.1:1/';
    expect(await create({ httpRequest: { url: base + 'a'.repeat(2083 - base.length) } })).toBe('OK');
    expect(await create({ httpRequest: { url: base + 'a'.repeat(2084 - base.length) } })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await create({ appEngineHttpRequest: { relativeUri: `/${'a'.repeat(2082)}` } })).toBe('OK');
    expect(await create({ appEngineHttpRequest: { relativeUri: `/${'a'.repeat(2083)}` } })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await create({ appEngineHttpRequest: { relativeUri: '/a b' } })).toBe('INVALID_ARGUMENT');
    const big = { 'X-Big': 'x'.repeat(80 * 1024) };
    expect(await create({ httpRequest: { url: base, headers: big } })).toBe('INVALID_ARGUMENT');
    expect(await create({ appEngineHttpRequest: { relativeUri: '/', headers: big } })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await create({ httpRequest: { url: base, oidcToken: { audience: 'x' } } })).toBe(
      'INVALID_ARGUMENT',
    );
    expect(await create({ httpRequest: { url: base, oauthToken: {} } })).toBe('INVALID_ARGUMENT');
    const [page] = await f.client.listTasks({ parent });
    expect(page).toHaveLength(2);
  });
});
