import { endToEndRate, publishRate } from './metrics/pubsub-driver.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const [mode, host] = process.argv.slice(2);
const fn = mode === 'e2e' ? endToEndRate : publishRate;
for (let i = 0; i < 2; i++) console.log(mode, Math.round(await fn(host!, 60_000, 8_000)));
process.exit(0);
