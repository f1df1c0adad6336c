// The stack with STORAGE_BACKEND=fake-gcs-server: a fake-gcs-server child serves Storage, its one
// notification config is set by restarting it on the same port, and a missing binary is a clear
// error naming the `go install` that builds it.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPubSub, createStorage } from '../../../src/clients/index.ts';
import { ConfigError, resolveConfig } from '../../../src/config/index.ts';
import { type StartedStack, startStack } from '../../../src/stack/index.ts';
import { cleanEnv, DEVKIT_BIN, startDevkit } from '../../helpers/devkit-process.ts';
import { eventually } from '../../helpers/processes.ts';
import { describeWith } from '../prerequisites.ts';
import { findFakeGcsServer, INSTALL_HINT } from './server.ts';

const binary = findFakeGcsServer();

describe('a fake-gcs-server stack without the binary', () => {
  it('fails with a ConfigError naming go install and FAKE_GCS_SERVER_BIN', async () => {
    const saved = process.env.FAKE_GCS_SERVER_BIN;
    process.env.FAKE_GCS_SERVER_BIN = `/nonexistent/${randomUUID()}`;
    try {
      const err = await startStack({
        services: ['pubsub', 'storage'],
        ports: { pubsub: 0, storage: 0 },
        redis: false,
        storageBackend: 'fake-gcs-server',
      }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect(err?.message).toContain('go install github.com/fsouza/fake-gcs-server@v1.52.3');
      expect(err?.message).toContain('FAKE_GCS_SERVER_BIN');
    } finally {
      if (saved === undefined) delete process.env.FAKE_GCS_SERVER_BIN;
      else process.env.FAKE_GCS_SERVER_BIN = saved;
    }
  });
});

describeWith(
  'a stack with fake-gcs-server as Storage',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    let stack: StartedStack;
    beforeAll(async () => {
      stack = await startStack({
        services: ['pubsub', 'storage'],
        ports: { pubsub: 0, storage: 0 },
        redis: false,
        storageBackend: 'fake-gcs-server',
      });
    }, 60_000);
    afterAll(() => stack?.stop());

    it('serves STORAGE_EMULATOR_HOST and says so in its env', async () => {
      expect(stack.storageBackend).toBe('fake-gcs-server');
      expect(stack.emulators.storage).toBeUndefined();
      expect(stack.env.STORAGE_BACKEND).toBe('fake-gcs-server');
      const health = await fetch(`${stack.env.STORAGE_EMULATOR_HOST}/_internal/healthcheck`);
      expect(health.status).toBe(200);
    });

    it('setStorageNotification restarts it on the same port, publishing to our Pub/Sub', async () => {
      const config = resolveConfig({ env: stack.env, services: ['pubsub', 'storage'] });
      const storage = createStorage(config);
      const pubsub = createPubSub(config);
      try {
        const url = stack.env.STORAGE_EMULATOR_HOST;
        const topic = `t-${randomUUID().slice(0, 8)}`;
        const bucket = `b-${randomUUID().slice(0, 8)}`;
        await pubsub.createTopic(topic);
        const [subscription] = await pubsub.topic(topic).createSubscription(`s-${topic}`);
        const seen: string[] = [];
        subscription.on('message', (m) => {
          seen.push(`${m.attributes.bucketId}/${m.attributes.objectId}`);
          m.ack();
        });
        const notification = { topic: `projects/${config.project}/topics/${topic}`, bucket };
        await stack.setStorageNotification(notification);
        expect(stack.storageNotification).toEqual(notification);
        expect(stack.env.STORAGE_EMULATOR_HOST).toBe(url);
        await storage.createBucket(bucket);
        await storage.bucket(bucket).file('a.txt').save('a', { resumable: false });
        expect(await eventually(() => seen.length > 0, 30_000)).toBe(true);
        expect(seen).toEqual([`${bucket}/a.txt`]);
        await subscription.close();
      } finally {
        await pubsub.close();
      }
    }, 60_000);
  },
);

describeWith(
  'devkit start with STORAGE_BACKEND=fake-gcs-server',
  binary ? undefined : `no fake-gcs-server binary: ${INSTALL_HINT}`,
  () => {
    it('serves Storage with fake-gcs-server, exports the backend, leaves no child after SIGTERM', async () => {
      const devkit = await startDevkit(
        ['start', '--pubsub-port', '0', '--storage-port', '0', '--scheduler-port', '0'],
        { STORAGE_BACKEND: 'fake-gcs-server' },
        60_000,
      );
      const url = devkit.env.STORAGE_EMULATOR_HOST!;
      const port = new URL(url).port;
      expect(devkit.env.STORAGE_BACKEND).toBe('fake-gcs-server');
      expect((await fetch(`${url}/_internal/healthcheck`)).status).toBe(200);
      const fakeGcsOnPort = () =>
        spawnSync('pgrep', ['-f', `fake-gcs-server.* -port ${port} `], { encoding: 'utf8' }).stdout.trim();
      expect(fakeGcsOnPort()).not.toBe('');
      devkit.child.kill('SIGTERM');
      expect(await devkit.exited).toEqual({ code: 0, signal: null });
      expect(await eventually(() => fakeGcsOnPort() === '')).toBe(true);
    }, 90_000);

    it('refuses an unknown STORAGE_BACKEND with exit code 2, naming the variable', () => {
      const run = spawnSync(process.execPath, [DEVKIT_BIN, 'start', '--pubsub-port', '0'], {
        env: { ...cleanEnv(), STORAGE_BACKEND: 'minio' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('STORAGE_BACKEND');
    });
  },
);
