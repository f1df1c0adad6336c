// Publishes with the bench's driver to an emulator already running: `npx tsx bench/profile/publish-to.ts HOST:PORT [N] [ROUNDS]`.
import { publishRate } from '../metrics/pubsub-driver.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const [host, n = '40000', rounds = '3'] = process.argv.slice(2);
for (let i = 0; i < Number(rounds); i++) {
  console.log(`${Math.round(await publishRate(host!, Number(n), 120_000))} msg/s`);
}
process.exit(0);
