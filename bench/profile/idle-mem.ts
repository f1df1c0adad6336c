// Idle memory of the Pub/Sub emulator started in process (no CLI): `npx tsx --expose-gc bench/profile/idle-mem.ts`.
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const show = (label: string) => {
  const m = process.memoryUsage();
  console.log(
    `${label}: rss ${mb(m.rss)}, heapUsed ${mb(m.heapUsed)}, heapTotal ${mb(m.heapTotal)}, external ${mb(m.external)}`,
  );
};
show('bare');
const server = await startPubSubEmulator({ port: 0 });
show('started');
(globalThis as { gc?: () => void }).gc?.();
show('after gc');
await server.stop();
