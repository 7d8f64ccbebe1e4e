// Integration and runtime tests run the BUILT bundles (build/), the files clasp would push, so every
// jest run builds first (esbuild makes this take about a second) — unless `npm test` has just built
// them (src/local/tools/test.mjs sets CCM_BUILT=1), so a full run builds once.
module.exports = async () => {
  if (process.env.CCM_BUILT === '1') return;
  const { build } = await import('../src/local/tools/build.mjs');
  await build({ quiet: true });
};
