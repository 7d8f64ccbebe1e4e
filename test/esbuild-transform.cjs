// Jest transform for the TypeScript tests and the sources they import: esbuild strips the types file by
// file (tsconfig sets isolatedModules, so nothing needs the whole program), many times faster than
// ts-jest. Type-checking stays with tsc (`npm test` and test/build/typecheck.test.ts).
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');
const { version } = require('esbuild/package.json');

// tsc's own semantics for target ES2020 (tsconfig.json): class fields are assigned in the constructor.
const tsconfigRaw = { compilerOptions: { useDefineForClassFields: false } };

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: path,
      tsconfigRaw,
    });
    return { code, map };
  },
  getCacheKey(source, path) {
    return createHash('sha1').update(version).update('\0').update(path).update('\0').update(source).digest('hex');
  },
};
