/** Unit tests (src/core), runtime fidelity tests, integration tests (built bundles in the local runtime). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.node.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.cjs',
  // One fast-check seed for every property (test/fast-check-setup.ts): runs repeat exactly.
  setupFilesAfterEnv: ['<rootDir>/test/fast-check-setup.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
