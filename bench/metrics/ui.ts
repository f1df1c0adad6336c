// `ui.peek.page_ms`: the dashboard's peek of a subscription holding 100,000 messages (10,000 in
// --quick), through the dashboard's own API (page → Pub/Sub inspection route → back): the slowest
// of a first, a middle and a last page, each of 50 messages. Peeking leases nothing.
import { PubSub } from '@google-cloud/pubsub';
import { createLogger } from '../../emulators/common/index.ts';
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';
import { startUi } from '../../ui/server/index.ts';
import { type BenchGroup, rounds } from '../bench.ts';

const PEEK = { name: 'ui.peek.page_ms', unit: 'ms', target: { op: '<', value: 200 } } as const;
const PROJECT = 'bench-ui';

export const uiPeek: BenchGroup = {
  title: 'dashboard peek on a large backlog',
  metrics: [PEEK],
  async run(ctx) {
    const count = ctx.quick ? 10_000 : 100_000;
    await using emu = await startPubSubEmulator({ project: PROJECT, logger: createLogger('silent') });
    const client = new PubSub({ projectId: PROJECT, apiEndpoint: emu.address, emulatorMode: true });
    const [topic] = await client.createTopic('peek');
    const [sub] = await topic.createSubscription('peek-sub');
    const publisher = topic.publisher;
    ctx.progress.detail(`publishing ${count.toLocaleString('en-US')} messages`);
    for (let sent = 0; sent < count; sent += 1000) {
      await Promise.all(
        Array.from({ length: Math.min(1000, count - sent) }, (_, i) =>
          publisher.publishMessage({
            data: Buffer.from(`{"n":${sent + i}}`),
            attributes: { n: String(sent + i) },
          }),
        ),
      );
    }
    await using ui = await startUi({
      env: { PUBSUB_EMULATOR_HOST: emu.address, GOOGLE_CLOUD_PROJECT: PROJECT },
      port: 0,
      logger: createLogger('silent'),
    });
    const page = async (token: string) => {
      const q = new URLSearchParams({ subscription: sub.name, pageSize: '50', pageToken: token });
      const started = performance.now();
      const res = await fetch(`${ui.url}/api/pubsub/peek?${q}`);
      const body = (await res.json()) as { messages: unknown[]; nextPageToken?: string };
      if (!res.ok || body.messages.length === 0) throw new Error(`peek answered ${res.status}`);
      return { ms: performance.now() - started, next: body.nextPageToken };
    };
    // Page tokens are publish sequence numbers: from the first page's token, the middle and the end.
    const second = Number((await page('')).next);
    const values = await rounds(ctx, PEEK.name, ctx.rounds, async () => {
      const times = [
        await page(''),
        await page(String(second + count / 2)),
        await page(String(second + count - 100)),
      ];
      return Math.max(...times.map((t) => t.ms));
    });
    await client.close();
    return [
      {
        ...PEEK,
        rounds: values,
        note: `${count.toLocaleString('en-US')} messages, 50 per page, slowest of first/middle/last page via the dashboard API`,
      },
    ];
  },
};
