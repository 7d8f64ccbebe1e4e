// jest's Node environment, plus one duty at the end of each test file: the local runtime's parked
// threads (src/local/runtime/pool.ts) belong to this file's modules and no later file can reuse
// them, so they end with the file rather than at the worker's exit, where ending them took longer
// than jest's 500 ms and jest force-exited the worker ("failed to exit gracefully").
const { TestEnvironment } = require('jest-environment-node');

module.exports = class RuntimeEnvironment extends TestEnvironment {
  async teardown() {
    await this.global.ccmEndSpares?.();
    await super.teardown();
  }
};
