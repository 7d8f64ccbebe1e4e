// Where jest's global setup keeps the run's RSA test keys (made on this machine, never committed;
// test-output/ is git-ignored) and how many it makes.
const { join } = require('node:path');

module.exports = {
  KEY_POOL_FILE: join(__dirname, '..', 'test-output', 'rsa-2048-test-keys.json'),
  KEY_POOL_SIZE: 48,
};
