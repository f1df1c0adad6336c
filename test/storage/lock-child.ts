// Races for data-dir locks from its own process: reads a JSON list of directories from argv, says
// `ready`, waits for a line on stdin, locks them all at once, prints `{"won":[indexes],"odd":[]}`,
// and holds its locks until stdin closes.
import { lockDataDir } from '../../emulators/storage/backend/dir-lock.ts';

const dirs = JSON.parse(process.argv[2]!) as string[];
process.stdin.once('data', async () => {
  const results = await Promise.allSettled(dirs.map((d) => lockDataDir(d)));
  const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
  const odd = results.flatMap((r) =>
    r.status === 'rejected' && !/in use by process/.test(String(r.reason)) ? [String(r.reason)] : [],
  );
  process.stdout.write(`${JSON.stringify({ won, odd })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write('ready\n');
