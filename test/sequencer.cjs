// `npm test` runs the fast trees first (unit, build, runtime), then the slow ones (integration and
// e2e together), so a broken rule fails in seconds. Inside each group jest's own order stands: last
// run's failures first, then the longest files first, which keeps both workers busy to the end (the
// e2e file, one of the longest, starts early instead of alone at the end).
const Sequencer = require('@jest/test-sequencer').default;

const TREES = { unit: 0, build: 1, runtime: 2, integration: 3, e2e: 3 };
const rank = (path) => {
  const tree = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(path)?.[1] ?? '';
  return Object.hasOwn(TREES, tree) ? TREES[tree] : 4;
};

class TreeSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path)); // stable: jest's order within a tree
  }
}

module.exports = TreeSequencer;
