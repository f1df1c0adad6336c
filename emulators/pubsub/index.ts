// Public surface of the Pub/Sub emulator: start it in-process and get a handle.
export {
  type PubSubEmulatorOptions,
  type StartedPubSubEmulator,
  startPubSubEmulator,
} from './start.ts';
