import { largeRoundTrip, smallPairsRate } from './metrics/storage-driver.ts';
import { rssMb } from './processes.ts';

process.env.METADATA_SERVER_DETECTION = 'none';
const [mode, url, pid] = process.argv.slice(2);
if (mode === 'small')
  for (let i = 0; i < 2; i++) console.log(mode, Math.round(await smallPairsRate(url!, 16, 4000)));
else console.log(JSON.stringify(await largeRoundTrip(url!, 256, () => rssMb(Number(pid)))));
process.exit(0);
