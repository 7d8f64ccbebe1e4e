// 2048-bit RSA key generation costs 0.1-1 s of CPU per key, and every world of the local runtime makes
// one (its "Google" identity-token signing key): about a third of the integration suite's CPU. Tests
// take random keys that jest's global setup made once for this run (test/global-setup.cjs) from a
// pool instead; without the pool file they generate as before. Each test file starts at the first key and never gets one twice (past the pool, real
// generation), so keys that must differ within a file (a stranger's key vs. a world's) still differ.
const nodeCrypto = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { KEY_POOL_FILE } = require('./rsa-key-pool-file.cjs');

const pool = existsSync(KEY_POOL_FILE) ? JSON.parse(readFileSync(KEY_POOL_FILE, 'utf8')) : [];

const real = nodeCrypto.generateKeyPairSync.real ?? nodeCrypto.generateKeyPairSync;
let next = 0; // this file's registry: reset for every test file

function generateKeyPairSync(type, options, ...rest) {
  const plain = type === 'rsa' && options?.modulusLength === 2048 && !options.publicKeyEncoding && !rest.length;
  if (!plain || next >= pool.length) return real(type, options, ...rest);
  const key = pool[next++];
  return {
    privateKey: nodeCrypto.createPrivateKey(key.privateKey),
    publicKey: nodeCrypto.createPublicKey(key.publicKey),
  };
}
generateKeyPairSync.real = real;
nodeCrypto.generateKeyPairSync = generateKeyPairSync;
require('node:module').syncBuiltinESMExports(); // ES modules' `import { generateKeyPairSync }` too

// The CLIs, workbench and benchmark the tests start as child processes make worlds too: same pool.
const preload = `--require ${JSON.stringify(__filename)}`;
if (!(process.env.NODE_OPTIONS ?? '').includes(preload)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();
}
