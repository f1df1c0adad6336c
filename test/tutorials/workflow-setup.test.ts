// Acceptance 2: the Pub/Sub + GCS + Redis workflow tutorial's setup, word for word with `gcloud`
// and `gsutil` replaced by this kit's CLI (real processes, a shell expanding `workfiles/*`), ends
// with one OBJECT_FINALIZE notification per work file — 99 — on the worker subscription.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runOk } from './shell.ts';
import { startStackProcess } from './stack-process.ts';

const SETUP = [
  'gcloud pubsub topics create available processing complete --labels source=tgsdemo',
  'gcloud pubsub subscriptions create worker --topic=available',
  'gsutil mb gs://tgsdemo-work',
  'gsutil notification create -t available -f json gs://tgsdemo-work',
  'gsutil -m cp workfiles/* gs://tgsdemo-work/',
];

interface Pulled {
  data: string;
  attributes: Record<string, string>;
}

describe('tutorial: workflow setup (topics, subscription, bucket, notification, upload)', () => {
  test('99 work files → 99 notifications delivered to the worker subscription', {
    timeout: 240_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devkit-tutorial-'));
    try {
      await mkdir(join(dir, 'workfiles'));
      for (let i = 1; i <= 99; i++)
        await writeFile(join(dir, 'workfiles', `unit-${String(i).padStart(2, '0')}.txt`), `work ${i}\n`);
      await using stack = await startStackProcess();
      const options = { env: stack.env, cwd: dir, timeoutMs: 120_000 };
      for (const line of SETUP) await runOk(line, options);

      const labels = JSON.parse(
        await runOk('gcloud pubsub topics describe processing --format=json', options),
      ).labels;
      expect(labels).toEqual({ source: 'tgsdemo' });
      const objects = new Set<string>();
      const giveUp = Date.now() + 90_000;
      while (objects.size < 99 && Date.now() < giveUp) {
        const pulled: Pulled[] = JSON.parse(
          await runOk(
            'gcloud pubsub subscriptions pull worker --auto-ack --limit=100 --format=json',
            options,
          ),
        );
        for (const m of pulled) {
          expect(m.attributes).toMatchObject({
            eventType: 'OBJECT_FINALIZE',
            bucketId: 'tgsdemo-work',
            payloadFormat: 'JSON_API_V1',
          });
          expect(JSON.parse(m.data)).toMatchObject({ bucket: 'tgsdemo-work', name: m.attributes.objectId });
          objects.add(m.attributes.objectId!);
        }
      }
      expect(objects.size).toBe(99);
      expect([...objects].sort()[98]).toBe('unit-99.txt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
