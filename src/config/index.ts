// Public surface of the config module: resolve once at the edge, pass the result inward.

export { EMULATOR_VARIABLES, type EmulatorVariable } from './env-schema.ts';
export { ConfigError } from './errors.ts';
export {
  DEFAULT_PROJECT,
  type DevkitConfig,
  type ResolveOptions,
  resolveConfig,
  type Service,
  type Target,
} from './resolve.ts';
