// With a data dir, the signing keys outlive a restart: the public halves of service-account keys
// and the HMAC keys (secrets included, as GCS keeps them) in one JSON file, rewritten atomically.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { invalidArgument, type Logger } from '../../common/index.ts';
import type { PublicKeyEntry, ServiceAccountKeys } from '../../identity/index.ts';
import { writeFileAtomic } from '../backend/atomic-file.ts';
import type { HmacKey, HmacKeys } from './hmac-keys.ts';

interface KeysFile {
  serviceAccountKeys: PublicKeyEntry[];
  hmacKeys: HmacKey[];
}

export interface KeysFileHandle {
  /** Resolves once every change made so far is on disk. */
  flush(): Promise<void>;
}

/** Loads `file` into the two key sets (when it exists) and saves them after every change. */
export async function keepKeysIn(
  file: string,
  keys: ServiceAccountKeys,
  hmac: HmacKeys,
  logger: Logger,
): Promise<KeysFileHandle> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (text !== undefined) {
    let saved: Partial<KeysFile>;
    try {
      saved = JSON.parse(text) as Partial<KeysFile>;
    } catch (err) {
      throw invalidArgument(
        `${file} is not a devkit signing keys file (${(err as Error).message}); delete it`,
      );
    }
    keys.restore(saved.serviceAccountKeys ?? []);
    hmac.restore(saved.hmacKeys ?? []);
  }
  await mkdir(dirname(file), { recursive: true });
  // Writes are chained so they land in order; each writes the state as of when it runs.
  let chain = Promise.resolve();
  const save = () => {
    chain = chain
      .then(() =>
        writeFileAtomic(file, JSON.stringify({ serviceAccountKeys: keys.entries(), hmacKeys: hmac.all() })),
      )
      .catch((err) => logger.error('saving signing keys failed', { file, err: `${err}` }));
  };
  keys.onChange = save;
  hmac.onChange = save;
  return { flush: () => chain };
}
