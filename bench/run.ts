// `npm run bench`: placeholder until the benchmark suite lands; exits non-zero so no one mistakes
// it for a measurement.
process.stderr.write('npm run bench: not yet implemented (see the benchmarks issue)\n');
process.exit(2);
