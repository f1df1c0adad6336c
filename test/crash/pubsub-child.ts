// The Pub/Sub emulator alone in a process, for crash tests: `node --import tsx pubsub-child.ts DIR`
// prints `ready host:port` once it serves, then runs until it is killed.
import { startPubSubEmulator } from '../../emulators/pubsub/index.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pubsub-child.ts DATA_DIR');
const emu = await startPubSubEmulator({ port: 0, dataDir, project: 'crash-test' });
process.stdout.write(`ready ${emu.address}\n`);
