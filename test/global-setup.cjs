// Integration and runtime tests run the BUILT bundles (build/), the files clasp would push, so every
// jest run builds first. esbuild makes this take well under a second.
module.exports = async () => {
  const { build } = await import('../src/local/tools/build.mjs');
  await build({ quiet: true });
};
