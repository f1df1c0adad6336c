// A mixed-language team: a Python worker (official clients + redis-py, test/interop/python/worker.py)
// and two TypeScript `devkit worker` processes share one subscription, one Redis claim namespace
// and one output bucket. Every unit is processed exactly once, whoever claims it.
import { afterEach, expect, it } from 'vitest';
import { eventually } from '../helpers/processes.ts';
import { uploadWork, versions, type WorkflowFixture, workflowFixture } from '../workflow/helpers.ts';
import { describeWith } from './prerequisites.ts';
import { missingVenv } from './pytest-run.ts';
import { type PythonWorker, startPythonWorker } from './python-worker-process.ts';

describeWith('Python and TypeScript workers on one pipeline', missingVenv(), () => {
  let fx: WorkflowFixture | undefined;
  let python: PythonWorker | undefined;
  afterEach(async () => {
    if (python && python.child.exitCode === null && python.child.signalCode === null) {
      python.child.kill('SIGKILL');
      await python.exited;
    }
    await fx?.close();
    fx = undefined;
    python = undefined;
  });

  it('share the work: each unit processed exactly once, duplicates answered from Redis', async () => {
    fx = await workflowFixture();
    const complete = await fx.collect(fx.names.complete);
    const common = ['--lease-ms', '3000', '--concurrency', '2', '--delay-ms', '150', '--replace', 'done'];
    python = await startPythonWorker(fx.env, fx.names, fx.keys.prefix, [...common, '--worker-id', 'py-1']);
    const ts = await Promise.all(['ts-1', 'ts-2'].map((id) => fx!.worker([...common, '--worker-id', id])));

    const units = await uploadWork(fx.storage, fx.names.workBucket, 30);
    // Duplicate notifications for a third of the units: whichever language gets the copy must see
    // the other's claim or done marker and not process the unit again.
    const available = fx.pubsub.topic(fx.names.available);
    await Promise.all(
      units.slice(0, 10).map((key) => {
        const [, bucketId, objectId, objectGeneration] = /^([^/]+)\/(.+)#(\d+)$/.exec(key)!;
        return available.publishMessage({
          data: Buffer.from('{}'),
          attributes: {
            bucketId: bucketId!,
            objectId: objectId!,
            objectGeneration: objectGeneration!,
            eventType: 'OBJECT_FINALIZE',
            payloadFormat: 'JSON_API_V1',
          },
        });
      }),
    );

    expect(await eventually(() => new Set(complete.units()).size === 30, 60_000)).toBe(true);
    // Let late duplicates drain, then check nothing was completed twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(complete.units().sort()).toEqual([...units].sort());

    const outputs = await versions(fx.storage, fx.names.processedBucket);
    expect(outputs.size).toBe(30);
    expect([...outputs.values()].every((generations) => generations.length === 1)).toBe(true);
    const writers = new Map<string, number>();
    for (const name of outputs.keys()) {
      const [metadata] = await fx.storage.bucket(fx.names.processedBucket).file(name).getMetadata();
      const writer = String(metadata.metadata?.workerId);
      writers.set(writer, (writers.get(writer) ?? 0) + 1);
      const [content] = await fx.storage.bucket(fx.names.processedBucket).file(name).download();
      expect(content.toString()).toMatch(/^file \d+ rev done end$/);
    }
    expect(writers.get('py-1'), `outputs by worker: ${JSON.stringify([...writers])}`).toBeGreaterThan(0);
    expect((writers.get('ts-1') ?? 0) + (writers.get('ts-2') ?? 0)).toBeGreaterThan(0);
    expect(new Set(complete.messages.map((m) => m.attributes.workerId))).toEqual(new Set(writers.keys()));

    expect(await fx.redis.keys(fx.keys.claimPattern())).toEqual([]);
    const doneKeys = await fx.redis.keys(`${fx.keys.prefix}:done:*`);
    expect(doneKeys.sort()).toEqual(units.map((u) => `${fx!.keys.prefix}:done:${u}`).sort());

    python.child.kill('SIGTERM');
    expect(await python.exited, python.output()).toEqual({ code: 0, signal: null });
    const stats = python.stats();
    expect(stats.completed).toBe(writers.get('py-1'));
    expect(stats.failed).toBe(0);
    for (const w of ts) w.child.kill('SIGTERM');
    for (const w of ts) expect(await w.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});
