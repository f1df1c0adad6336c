// The Cloud Storage client for the configured target: the emulator's URL locally, Google otherwise.
import { Storage, type StorageOptions } from '@google-cloud/storage';
import type { DevkitConfig } from '../config/index.ts';

export function createStorage(config: DevkitConfig, extra: StorageOptions = {}): Storage {
  if (config.target === 'local') {
    // A custom endpoint without auth: the emulator accepts anonymous requests.
    return new Storage({ ...extra, projectId: config.project, apiEndpoint: config.storageEmulatorHost });
  }
  return new Storage({ ...extra, projectId: config.project });
}
