// Nothing a client sends may crash the emulator: garbage on the shared port, a broken HTTP/2
// preface, malformed REST bodies and odd gRPC field values all leave it serving.
import net from 'node:net';
import { expect, test } from 'vitest';
import { jobName, PARENT, startFixture } from './helpers.ts';

async function sendRaw(host: string, port: number, bytes: Buffer | string): Promise<void> {
  await new Promise<void>((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.end(bytes);
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.setTimeout(2_000, () => socket.destroy());
    socket.resume();
  });
}

test('garbage on the port and malformed requests leave the emulator serving', async () => {
  await using f = await startFixture();
  const { host, port, address } = f.emulator;
  await sendRaw(host, port, Buffer.from([0, 1, 2, 3, 255, 254]));
  await sendRaw(host, port, 'PR');
  await sendRaw(host, port, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000garbage');
  await sendRaw(host, port, 'GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n');
  for (const body of [
    'null',
    '[]',
    '"x"',
    '{"schedule": 5, "httpTarget": "no"}',
    '{"retryConfig": {"retryCount": "lots"}}',
  ]) {
    const res = await fetch(`http://${address}/v1/${PARENT}/jobs`, { method: 'POST', body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  }
  const odd = jobName('odd');
  await expect(
    f.client.createJob({
      parent: PARENT,
      job: {
        name: odd,
        schedule: '* * * * *',
        httpTarget: { uri: 'http://x', httpMethod: 99 as never },
      },
    }),
  ).resolves.toBeTruthy();
  const patch = await fetch(`http://${address}/v1/${PARENT}/jobs/${odd.split('/').pop()}?updateMask=state`, {
    method: 'PATCH',
    body: '{}',
  });
  expect(patch.status).toBe(400);
  await expect(f.client.createJob({ parent: PARENT, job: null as never })).rejects.toMatchObject({ code: 3 });
  await expect(
    f.client.listJobs({ parent: PARENT, pageSize: -1 }, { autoPaginate: false }),
  ).rejects.toMatchObject({ code: 3 });
  const [jobs] = await f.client.listJobs({ parent: PARENT });
  expect(jobs).toHaveLength(1);
});
