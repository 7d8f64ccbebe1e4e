// `npm test` runs the fast trees first (unit, build, runtime), then the slow ones (integration,
// e2e), so a broken rule fails in seconds. Inside a tree jest's own order stands: last run's
// failures first, then the longest files first, which keeps both workers busy to the end.
const Sequencer = require('@jest/test-sequencer').default;

const TREES = ['unit', 'build', 'runtime', 'integration', 'e2e'];
const rank = (path) => {
  const tree = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(path)?.[1];
  const i = TREES.indexOf(tree);
  return i < 0 ? TREES.length : i;
};

class TreeSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path)); // stable: jest's order within a tree
  }
}

module.exports = TreeSequencer;
