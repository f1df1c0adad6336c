// The engine check that gates the docker suite: a fake engine answering /_ping, a silent port, no socket.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDockerEngine } from './docker-engine.ts';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe('checkDockerEngine', () => {
  it('says yes when GET /_ping answers OK', async () => {
    const server = createServer((req, res) => res.end(req.url === '/_ping' ? 'OK' : 'no'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      process.env.DOCKER_HOST = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await checkDockerEngine()).toMatchObject({ ok: true });
    } finally {
      server.close();
    }
  });

  it('says no, with the reason, when nothing answers or the socket is missing', async () => {
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    const closed = await checkDockerEngine();
    expect(closed.ok).toBe(false);
    expect(closed.reason).toContain('no Docker engine answers at tcp://127.0.0.1:1');
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
    expect(await checkDockerEngine()).toEqual({
      ok: false,
      reason: 'no Docker socket at /nonexistent/docker.sock (DOCKER_HOST=unix:///nonexistent/docker.sock)',
    });
  });
});
