// The Cloud Storage client for the configured target: the emulator's URL locally, Google otherwise.
import { Storage, type StorageOptions } from '@google-cloud/storage';
import type { DevkitConfig } from '../config/index.ts';

export function createStorage(config: DevkitConfig, extra: StorageOptions = {}): Storage {
  if (config.target === 'local') {
    // A custom endpoint without auth: the emulator accepts anonymous requests.
    const storage = new Storage({
      ...extra,
      projectId: config.project,
      apiEndpoint: config.storageEmulatorHost,
    });
    // With STORAGE_EMULATOR_HOST in the environment, @google-cloud/storage takes it verbatim as the
    // JSON API base (no /storage/v1), which only servers answering at the root accept. GCS, the
    // Python and Go clients and fake-gcs-server all use <endpoint>/storage/v1: so do we.
    storage.baseUrl = `${config.storageEmulatorHost}/storage/v1`;
    return storage;
  }
  return new Storage({ ...extra, projectId: config.project });
}
