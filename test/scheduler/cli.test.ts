// The two CLI commands in-process: `devkit scheduler advance` moves a running emulator's clock
// over its admin endpoint; `devkit function` hosts a handler behind a push subscription.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { startStorageEmulator } from '../../emulators/storage/index.ts';
import { register as registerFunction } from '../../src/cli/commands/function.ts';
import { advanceBody, register as registerAdvance } from '../../src/cli/commands/scheduler-advance.ts';
import { jobName, PARENT, PROJECT, recordingTarget, startFixture } from './helpers.ts';

function program(errors: string[]): Command {
  const p = new Command('devkit').exitOverride().configureOutput({
    writeErr: (s) => errors.push(s),
    writeOut: () => {},
  });
  registerAdvance(p);
  registerFunction(p);
  return p;
}

function captureStdout(): string[] {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('devkit scheduler advance', () => {
  test('tells durations from times', () => {
    expect(advanceBody('1h30m')).toEqual({ duration: '1h30m' });
    expect(advanceBody('2026-03-08T07:00:00Z')).toEqual({ time: '2026-03-08T07:00:00Z' });
  });

  test('moves the emulator clock so an hourly job fires; bad input exits with the API error', async () => {
    await using f = await startFixture({ start: '2026-01-01T00:00:00Z' });
    await using target = await recordingTarget(
      () => 200,
      () => f.clock.now(),
    );
    await f.client.createJob({
      parent: PARENT,
      job: { name: jobName('cli'), schedule: '0 * * * *', httpTarget: { uri: target.url } },
    });
    const errors: string[] = [];
    const out = captureStdout();
    await program(errors).parseAsync(['scheduler', 'advance', '2h', '--host', f.emulator.address], {
      from: 'user',
    });
    await program(errors).parseAsync(
      ['scheduler', 'advance', '2026-01-01T03:00:00Z', '--host', f.emulator.address, '--json'],
      {
        from: 'user',
      },
    );
    expect(out).toEqual([
      'scheduler clock now 2026-01-01T02:00:00.000Z\n',
      '{"now":"2026-01-01T03:00:00.000Z"}\n',
    ]);
    expect(target.requests.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-01-01T01:00:00.000Z',
      '2026-01-01T02:00:00.000Z',
      '2026-01-01T03:00:00.000Z',
    ]);
    await expect(
      program(errors).parseAsync(['scheduler', 'advance', 'soon', '--host', f.emulator.address], {
        from: 'user',
      }),
    ).rejects.toMatchObject({ exitCode: 1 });
    expect(errors.join('')).toMatch(/INVALID_ARGUMENT: invalid duration "soon"/);
  });
});

describe('devkit function', () => {
  test('serves the handler behind a push subscription until a signal, then cleans up', {
    timeout: 60_000,
  }, async () => {
    await using ps = await startPubSubEmulator({ port: 0 });
    await using gcs = await startStorageEmulator({ port: 0 });
    const topicId = `cli-fn-${randomUUID().slice(0, 8)}`;
    const bucket = `cli-${randomUUID().slice(0, 8)}`;
    const pubsub = new PubSub({ projectId: PROJECT, apiEndpoint: ps.address });
    const [topic] = await pubsub.createTopic(topicId);
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: PROJECT });
    await storage.createBucket(bucket);
    vi.stubEnv('STORAGE_EMULATOR_HOST', gcs.url);
    vi.stubEnv('BUCKET', bucket);
    vi.stubEnv('GOOGLE_CLOUD_PROJECT', PROJECT);
    const out = captureStdout();
    const source = fileURLToPath(new URL('./fixtures/download-function.ts', import.meta.url));
    const args = ['function', '--target', 'download', '--source', source, '--topic', topicId];
    const running = program([]).parseAsync(
      [...args, '--pubsub-host', ps.address, '--subscription', `${topicId}-fn`],
      {
        from: 'user',
      },
    );
    const giveUp = Date.now() + 30_000;
    while (!out.join('').includes('devkit ready') && Date.now() < giveUp)
      await new Promise((r) => setTimeout(r, 100));
    expect(out.join('')).toContain(
      `push subscription ${topicId}-fn on projects/${PROJECT}/topics/${topicId}`,
    );
    await topic.publishMessage({ data: Buffer.from('from the cli'), attributes: { scheduleSlot: 'cli' } });
    let files: unknown[] = [];
    while (files.length === 0 && Date.now() < giveUp) {
      [files] = await storage.bucket(bucket).getFiles();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(files).toHaveLength(1);
    process.emit('SIGHUP');
    await running;
    const [exists] = await pubsub.subscription(`${topicId}-fn`).exists();
    expect(exists).toBe(false);
    vi.unstubAllEnvs();
    await pubsub.close();
  });
});
