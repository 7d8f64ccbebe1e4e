// `npm test` runs the fast trees first (unit, build, runtime), then the slow ones, so a broken rule
// fails in seconds. Inside each tree jest's own order stands: last run's failures first, then the
// longest files first (from jest's cache; on a fresh clone, the largest files first). The e2e file is
// one of the longest but a small file (it imports its walks), so it goes first of the slow ones: one
// worker takes it while the other starts on the integration files, instead of it running alone at the end.
const Sequencer = require('@jest/test-sequencer').default;

const TREES = { unit: 0, build: 1, runtime: 2, e2e: 3, integration: 4 };
const rank = (path) => {
  const tree = /[\\/]test[\\/]([^\\/]+)[\\/]/.exec(path)?.[1] ?? '';
  return Object.hasOwn(TREES, tree) ? TREES[tree] : 5;
};

class TreeSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a.path) - rank(b.path)); // stable: jest's order within a tree
  }
}

module.exports = TreeSequencer;
