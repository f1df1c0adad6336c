// The engine check that gates the docker suite and the Redis fallback (testcontainers' runtime
// discovery, bounded): an address where nothing answers is a no, with the reason.
import { afterEach, describe, expect, it } from 'vitest';
import { checkDockerEngine } from '../../src/stack/index.ts';

const saved = process.env.DOCKER_HOST;
afterEach(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

describe('checkDockerEngine', () => {
  it('says no, naming where it looked, when nothing answers at DOCKER_HOST', async () => {
    process.env.DOCKER_HOST = 'tcp://127.0.0.1:1';
    const check = await checkDockerEngine();
    expect(check.ok).toBe(false);
    expect(check.reason).toContain('no Docker engine answers at DOCKER_HOST=tcp://127.0.0.1:1');
  });
});
