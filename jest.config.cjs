/** Unit tests (src/core), runtime fidelity tests, integration tests (built bundles in the local runtime). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.node.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.cjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
