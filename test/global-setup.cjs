// Integration and runtime tests run the BUILT bundles (build/), the files clasp would push, so every
// jest run builds first (esbuild makes this take about a second) — unless `npm test` has just built
// them (src/local/tools/test.mjs sets CCM_BUILT=1), so a full run builds once.
// It also makes the run's pool of RSA test keys once (test/rsa-key-pool.cjs): generating a 2048-bit
// key per test world was about a third of the integration suite's CPU.
const { generateKeyPairSync } = require('node:crypto');
const { existsSync, mkdirSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const { KEY_POOL_FILE, KEY_POOL_SIZE } = require('./rsa-key-pool-file.cjs');

function makeKeyPool() {
  if (existsSync(KEY_POOL_FILE)) return;
  const keys = [];
  for (let i = 0; i < KEY_POOL_SIZE; i++) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    keys.push({ privateKey, publicKey });
  }
  mkdirSync(join(KEY_POOL_FILE, '..'), { recursive: true });
  const tmp = `${KEY_POOL_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(keys));
  renameSync(tmp, KEY_POOL_FILE);
}

module.exports = async () => {
  makeKeyPool();
  if (process.env.CCM_BUILT === '1') return;
  const { build } = await import('../src/local/tools/build.mjs');
  await build({ quiet: true });
};
