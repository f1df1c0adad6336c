// Shared building blocks of the emulators: the domain error, the clock, handles and logging, and
// the network hardening every port uses (browser guard, HTTP/2 guard, sniff and header timeouts).
export * from './body-limit.ts';
export * from './browser-guard.ts';
export * from './clock.ts';
export * from './connection-timeouts.ts';
export * from './direct-unary.ts';
export * from './error.ts';
export * from './free-port.ts';
export * from './handle.ts';
export * from './http2-guard.ts';
export * from './logger.ts';
export * from './port-mux.ts';
export * from './protocol-sniff.ts';
export * from './pubsub-client.ts';
export * from './rest-input.ts';
export * from './settle.ts';
export * from './target-limits.ts';
