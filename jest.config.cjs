/** Unit tests (src/core), runtime fidelity tests, integration tests (built bundles in the local runtime). */
const os = require('node:os');

module.exports = {
  // Node's environment; it also ends the local runtime's parked threads with each file.
  testEnvironment: '<rootDir>/test/environment.cjs',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // tsconfig sets isolatedModules, so esbuild strips types file by file (cheaper than ts-jest; no
    // type-check here: `npm test` and test/build/typecheck.test.ts do that once).
    '^.+\\.ts$': '<rootDir>/test/esbuild-transform.cjs',
  },
  globalSetup: '<rootDir>/test/global-setup.cjs',
  testSequencer: '<rootDir>/test/sequencer.cjs',
  // One fast-check seed for every property (test/fast-check-setup.ts): runs repeat exactly.
  // RSA keys for the runtime's identity tokens from a pool of ready-made ones (test/rsa-key-pool.cjs).
  setupFilesAfterEnv: ['<rootDir>/test/fast-check-setup.ts', '<rootDir>/test/rsa-key-pool.cjs'],
  testTimeout: 60000,
  // One worker per core (the machine's, not a constant) and one more: the e2e file's worker mostly waits
  // for Chromium and the workbench (other processes), and a third worker fills those waits (on 2 cores:
  // jest 133-135 s with 2 workers, 113 s with 3).
  maxWorkers: Math.max(1, (os.availableParallelism?.() ?? os.cpus().length) || 1) + 1,
};
