// Preloaded, with --expose-gc, into a process a test needs a full collection from at a
// moment of its choosing: SIGUSR2 asks for one.
process.on('SIGUSR2', () => globalThis.gc());
