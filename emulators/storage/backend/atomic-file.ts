// Whole-file writes that a crash can never leave half done: a temp file beside the target, fsynced,
// then renamed over it. Readers see the old content or the new one, never an empty or torn file.
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/** Temp files of `writeFileAtomic` end with this; a directory sweep may delete them after a crash. */
export const ATOMIC_TEMP_SUFFIX = '.partial';

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${randomUUID()}${ATOMIC_TEMP_SUFFIX}`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
