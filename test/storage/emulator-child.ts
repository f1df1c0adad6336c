// A Storage emulator as its own process, for tests that kill it: `node --import tsx
// emulator-child.ts [--data-dir D] [--wait]` prints `ready <url>` once listening (with --wait, only
// after a line on stdin, so a test can load it ahead of time); it stops when its stdin closes (the
// test process went away) or on SIGTERM.
import { createLogger } from '../../emulators/common/index.ts';
import { type StartedStorageEmulator, startStorageEmulator } from '../../emulators/storage/index.ts';

const at = process.argv.indexOf('--data-dir');
const dataDir = at > 0 ? process.argv[at + 1] : undefined;
let emu: Promise<StartedStorageEmulator> | undefined;

const start = () => {
  emu = startStorageEmulator({ port: 0, dataDir, logger: createLogger('warn') });
  emu.then(
    (e) => process.stdout.write(`ready ${e.url}\n`),
    (err) => {
      process.stderr.write(`${err}\n`);
      process.exit(1);
    },
  );
};
const stop = () => {
  if (!emu) process.exit(0);
  void emu.then((e) => e.stop()).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
if (process.argv.includes('--wait')) process.stdin.once('data', start);
else start();
process.stdin.resume();
