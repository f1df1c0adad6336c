// The naive recipe found in tutorials, kept as a foil for the claim flow (never use it): ack the
// message first, dedupe by message id with `SET NX` forever, then work and write the output
// without a precondition. Run as a process by scenarios; logs the same JSON lines as `devkit worker`.
import { createPubSub, createRedis, createStorage } from '../../src/clients/index.ts';
import { resolveConfig } from '../../src/config/index.ts';
import { announcementAttributes, outputName, unitFromMessage } from '../../src/workflow/index.ts';

const [subscription, processedBucket, completeTopic, keyPrefix, find, replace, delayMs] =
  process.argv.slice(2);
const workerId = process.env.DEVKIT_WORKER_ID ?? `naive-${process.pid}`;
const config = resolveConfig({ services: ['pubsub', 'storage'] });
const pubsub = createPubSub(config);
const storage = createStorage(config);
const redis = createRedis(config);
const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ level: 'info', msg, workerId, ...fields })}\n`);

const sub = pubsub.subscription(subscription!, { flowControl: { maxMessages: 4 } });
sub.on('message', async (message) => {
  message.ack(); // the flaw: the message is gone before the work is done
  const unit = unitFromMessage(message);
  const first = await redis.set(`${keyPrefix}:naive:${message.id}`, '1', 'NX');
  if (first !== 'OK') return log('duplicate message id, skipped', { unit: unit.key });
  log('claimed', { unit: unit.key });
  await new Promise((r) => setTimeout(r, Number(delayMs)));
  const [content] = await storage.bucket(unit.bucket).file(unit.object).download();
  await storage
    .bucket(processedBucket!)
    .file(outputName(unit.object))
    .save(content.toString().replaceAll(find!, replace!), { resumable: false });
  await pubsub
    .topic(completeTopic!)
    .publishMessage({ data: Buffer.from(unit.key), attributes: announcementAttributes(unit, workerId) });
  log('completed', { unit: unit.key });
});
sub.on('error', (err) => log('subscription error', { error: err.message }));
process.once('SIGTERM', async () => {
  await sub.close();
  redis.disconnect();
  process.exit(0);
});
