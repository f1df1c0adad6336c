// Acceptance 1: the hourly-download tutorial, its command list word for word with `gcloud`
// replaced by this kit's CLI (real processes against a real `devkit start`): a Python background
// function download(event, context), fed by a topic, receives the published message (attributes,
// no data), the `functions call` data, and the hourly Scheduler job's message when it is run.
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runOk } from './shell.ts';
import { startStackProcess } from './stack-process.ts';

const FUNCTION_DIR = fileURLToPath(new URL('./fixtures/hourly-download', import.meta.url));

const TUTORIAL = [
  'gcloud pubsub topics create download-trigger',
  'gcloud functions deploy download --runtime python311 --trigger-resource download-trigger --trigger-event google.pubsub.topic.publish --entry-point download',
  'gcloud pubsub topics publish download-trigger --attribute action=download',
  `gcloud functions call download --data '{"data":"${Buffer.from('called').toString('base64')}","attributes":{"action":"download"}}'`,
  "gcloud scheduler jobs create pubsub download-hourly --schedule '0 * * * *' --topic download-trigger --message-body 'hourly' --attributes action=download",
  'gcloud scheduler jobs run download-hourly',
];

interface Received {
  data: string;
  attributes: Record<string, string>;
  eventType: string;
  requests: boolean;
}

describe('tutorial: hourly download (Scheduler → Pub/Sub → Python function)', () => {
  test('the tutorial commands run as written and the function gets every message', {
    timeout: 300_000,
  }, async () => {
    await using stack = await startStackProcess();
    const options = { env: stack.env, cwd: FUNCTION_DIR, timeoutMs: 240_000 };
    const outputs: string[] = [];
    for (const line of TUTORIAL) outputs.push(await runOk(line, options));
    expect(outputs[0]).toContain('Created topic [projects/devkit-local/topics/download-trigger].');
    expect(outputs[1]).toContain('runtime: python311');
    expect(outputs[2]).toMatch(/^messageIds:\n- '\S+'\n$/);
    expect(outputs[3]).toMatch(/^executionId: \S+\nresult: /);
    expect(outputs[4]).toContain('schedule: 0 * * * *');

    let received: Received[] = [];
    const giveUp = Date.now() + 60_000;
    while (received.length < 3 && Date.now() < giveUp) {
      const logs = JSON.parse(
        await runOk('gcloud functions logs read download --limit 100 --format=json', options),
      );
      received = logs
        .map((e: { log: string }) => e.log)
        .filter((l: string) => l.startsWith('{"received"'))
        .map((l: string) => JSON.parse(l));
      if (received.length < 3) await new Promise((r) => setTimeout(r, 500));
    }
    const byData = Object.fromEntries(received.map((r) => [r.data, r]));
    expect(Object.keys(byData).sort()).toEqual(['', 'called', 'hourly']);
    for (const r of received) {
      expect(r.attributes).toEqual({ action: 'download' });
      expect(r.eventType).toBe('google.pubsub.topic.publish');
      expect(r.requests).toBe(true);
    }
  });
});
