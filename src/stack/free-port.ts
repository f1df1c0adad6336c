// The stack's free-port helper is the emulators' own (one implementation for the whole kit).
export { freePort } from '../../emulators/common/index.ts';
