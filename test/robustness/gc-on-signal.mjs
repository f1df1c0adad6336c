// Preloaded into the emulator process under test (NODE_OPTIONS --import): SIGUSR2 runs a full GC,
// so the suite can read a settled RSS from /proc/PID/status.
process.on('SIGUSR2', () => globalThis.gc?.());
