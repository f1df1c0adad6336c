// Acceptance 6: the same worker code starts against DEVKIT_TARGET=gcp — clients built for Google's
// endpoints, no emulator variable used — up to the point where credentials are needed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../emulators/common/index.ts';
import { ConfigError, resolveConfig } from '../../src/config/index.ts';
import { type StartedRedis, startRedisServer } from '../../src/stack/index.ts';
import {
  createWorker,
  createWorkflowRuntime,
  replaceTokens,
  workflowKeys,
} from '../../src/workflow/index.ts';
import { startChild } from './helpers.ts';

let redis: StartedRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis.stop());

const gcpEnv = () => ({
  DEVKIT_TARGET: 'gcp',
  GOOGLE_CLOUD_PROJECT: 'acme-prod-1',
  REDIS_URL: redis.url,
  // This test's Redis is a local redis-server; a real GCP run points REDIS_URL at Memorystore.
  DEVKIT_ALLOW_LOCAL_REDIS: '1',
  // Where credentials would come from; absent, so the first call that needs them fails.
  GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/devkit-test-key.json',
  DEVKIT_LOG_LEVEL: 'info',
});

it('builds the runtime and a worker for Google endpoints from a gcp config', async () => {
  const config = resolveConfig({ env: gcpEnv(), services: ['pubsub', 'storage'] });
  expect(config).toMatchObject({ target: 'gcp', project: 'acme-prod-1' });
  expect(config.pubsubEmulatorHost).toBeUndefined();
  expect(config.storageEmulatorHost).toBeUndefined();
  const runtime = createWorkflowRuntime(config, { keyPrefix: 'gcp-test' });
  try {
    expect(runtime.pubsub.isEmulator).toBe(false);
    expect(runtime.pubsub.options.servicePath ?? runtime.pubsub.options.apiEndpoint).toBeUndefined(); // Google's default
    expect(runtime.pubsub.projectId).toBe('acme-prod-1');
    expect(runtime.storage.apiEndpoint).toBe('https://storage.googleapis.com');
    expect(runtime.storage.customEndpoint).toBe(false);
    expect(await runtime.redis.ping()).toBe('PONG');
    const worker = createWorker({
      ...runtime,
      keys: workflowKeys('gcp-test'),
      logger: silentLogger,
      subscription: 'worker',
      handler: replaceTokens({ processedBucket: 'processed' }),
      topics: { processing: 'processing', complete: 'complete' },
    });
    expect(worker.workerId).toMatch(/-\d+$/);
  } finally {
    await runtime.close();
  }
});

it('`devkit worker` with DEVKIT_TARGET=gcp starts, then stops exactly where credentials are needed', async () => {
  const child = await startChild(['worker', '--key-prefix', 'gcp-test'], gcpEnv());
  const { code } = await child.exited;
  expect(code).toBe(1);
  const ready = child.logs().find((l) => l.msg === 'worker ready');
  expect(ready).toMatchObject({ target: 'gcp', project: 'acme-prod-1' });
  const failure = child.logs().find((l) => l.msg === 'subscription failed');
  expect(String(failure?.error)).toContain('/nonexistent/devkit-test-key.json');
  expect(JSON.stringify(child.logs())).not.toMatch(/127\.0\.0\.1|localhost|emulator/i);
});

it('refuses DEVKIT_TARGET=gcp while an emulator variable is set', async () => {
  expect(() =>
    resolveConfig({
      env: { ...gcpEnv(), PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' },
      services: ['pubsub', 'storage'],
    }),
  ).toThrow(ConfigError);
  const err = await startChild(['worker'], { ...gcpEnv(), PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }).catch(
    (e: Error) => e,
  );
  expect((err as Error).message).toMatch(/exited early \(code 2/);
  expect((err as Error).message).toContain('must not talk to an emulator');
});
