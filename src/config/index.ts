// Public surface of the config module: resolve once at the edge, pass the result inward.

export {
  EMULATOR_VARIABLES,
  type EmulatorVariable,
  STORAGE_BACKENDS,
  type StorageBackend,
} from './env-schema.ts';
export { ConfigError } from './errors.ts';
export {
  DEFAULT_PROJECT,
  type DevkitConfig,
  declaredStorageBackend,
  type ResolveOptions,
  resolveConfig,
  type Service,
  type Target,
} from './resolve.ts';
