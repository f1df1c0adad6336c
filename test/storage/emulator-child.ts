// A Storage emulator as its own process, for tests that kill it: `node --import tsx
// emulator-child.ts [--data-dir D]` prints `ready <url>`; it stops when its stdin closes (the
// test process went away) or on SIGTERM.
import { createLogger } from '../../emulators/common/index.ts';
import { startStorageEmulator } from '../../emulators/storage/index.ts';

const at = process.argv.indexOf('--data-dir');
const dataDir = at > 0 ? process.argv[at + 1] : undefined;
const emu = await startStorageEmulator({ port: 0, dataDir, logger: createLogger('warn') });
process.stdout.write(`ready ${emu.url}\n`);
const stop = () => {
  void emu.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
