// Public surface of the Cloud Storage emulator: start it, get a handle with `url` and `stop()`.
export type { StartedStorageEmulator, StorageEmulatorOptions } from './start.ts';
export { startStorageEmulator } from './start.ts';
