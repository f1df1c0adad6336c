// Shared building blocks of the emulators: the domain error, the clock, handles and logging.
export * from './clock.ts';
export * from './error.ts';
export * from './free-port.ts';
export * from './handle.ts';
export * from './logger.ts';
export * from './pubsub-client.ts';
