// The docker path: the same devkit commands against the official images docker-compose.yml's
// `official` profile runs (gcloud Pub/Sub emulator, fake-gcs-server). Needs a Docker engine; without
// one the suite is skipped and says why. Containers are started with testcontainers.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, Wait } from 'testcontainers';
import { describe, expect, it } from 'vitest';
import { checkDockerEngine, freePort } from '../../src/stack/index.ts';
import { devkitOk } from '../helpers/run-devkit.ts';
import { FAKE_GCS_IMAGE, GCLOUD_EMULATORS_IMAGE } from './images.ts';

const engine = await checkDockerEngine();
if (!engine.ok)
  console.warn(`test/docker skipped: ${engine.reason}. Start Docker (or set DOCKER_HOST) to run it.`);
const title = engine.ok
  ? `docker: devkit against the official images (${engine.reason})`
  : `docker: skipped, ${engine.reason}`;

describe.skipIf(!engine.ok)(title, { timeout: 300_000 }, () => {
  it('applies a topology to the gcloud Pub/Sub emulator, idempotently, and moves a message', async () => {
    await using container = await new GenericContainer(GCLOUD_EMULATORS_IMAGE)
      .withCommand([
        'gcloud',
        'beta',
        'emulators',
        'pubsub',
        'start',
        '--host-port=0.0.0.0:8085',
        '--project=devkit-local',
      ])
      .withExposedPorts(8085)
      .withWaitStrategy(Wait.forHttp('/v1/projects/devkit-local/topics', 8085))
      .withStartupTimeout(120_000)
      .start();
    const env = {
      DEVKIT_TARGET: 'local',
      GOOGLE_CLOUD_PROJECT: 'devkit-local',
      PUBSUB_EMULATOR_HOST: `${container.getHost()}:${container.getMappedPort(8085)}`,
    };
    const id = randomUUID().slice(0, 8);
    const dir = await mkdtemp(join(tmpdir(), 'devkit-docker-'));
    try {
      const file = join(dir, 'devkit.yaml');
      await writeFile(
        file,
        `topics: [{ name: in-${id} }]\nsubscriptions: [{ name: sub-${id}, topic: in-${id}, ackDeadlineSeconds: 20 }]\n`,
      );
      const first = JSON.parse(await devkitOk(['apply', '--file', file, '--json'], env));
      expect(first.summary).toMatchObject({ create: 2 });
      const second = JSON.parse(await devkitOk(['apply', '--file', file, '--json'], env));
      expect(second.summary).toMatchObject({ create: 0, update: 0, unchanged: 2 });
      await devkitOk(['pubsub', 'publish', `in-${id}`, '--message', 'hello', '--attribute', 'k=v'], env);
      const pulled = JSON.parse(
        await devkitOk(['pubsub', 'pull', `sub-${id}`, '--ack', '--wait', '--json'], env),
      );
      expect(pulled[0]).toMatchObject({ data: 'hello', attributes: { k: 'v' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('devkit storage cp, ls and cat against fake-gcs-server', async () => {
    // Media and upload links must name the port the host sees: publish on a port chosen first.
    const port = await freePort();
    await using container = await new GenericContainer(FAKE_GCS_IMAGE)
      .withCommand([
        '-scheme',
        'http',
        '-port',
        '4443',
        '-backend',
        'memory',
        '-external-url',
        `http://127.0.0.1:${port}`,
      ])
      .withExposedPorts({ container: 4443, host: port })
      .withWaitStrategy(Wait.forHttp('/storage/v1/b', 4443))
      .withStartupTimeout(120_000)
      .start();
    const env = {
      DEVKIT_TARGET: 'local',
      GOOGLE_CLOUD_PROJECT: 'devkit-local',
      STORAGE_EMULATOR_HOST: `http://127.0.0.1:${container.getMappedPort(4443)}`,
    };
    const id = randomUUID().slice(0, 8);
    const dir = await mkdtemp(join(tmpdir(), 'devkit-docker-'));
    try {
      const file = join(dir, 'devkit.yaml');
      await writeFile(file, `buckets: [{ name: work-${id} }]\n`);
      await devkitOk(['apply', '--file', file], env);
      await devkitOk(['storage', 'cp', '-', `gs://work-${id}/a.txt`], env, 'from docker');
      const listed = JSON.parse(await devkitOk(['storage', 'ls', `gs://work-${id}`, '--json'], env));
      expect(listed.map((o: { name: string }) => o.name)).toEqual(['a.txt']);
      expect(await devkitOk(['storage', 'cat', `gs://work-${id}/a.txt`], env)).toBe('from docker');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
