// Properties are seeded (test/fast-check-setup.ts, jest.config.cjs): the same run finds the same cases, and a failure
// names the seed that replays it.
import fc from 'fast-check';
import { fuzzSeed } from '../fuzz-seed';

const failing = () => fc.property(fc.string(), (s) => s.length < 3);

describe('fast-check runs from one seed', () => {
  test('every property in the suite uses the seed (the default unless FUZZ_SEED is set)', () => {
    const expected = fuzzSeed();
    expect(fc.readConfigureGlobal().seed).toBe(expected);
    expect(fc.check(failing()).seed).toBe(expected);
  });

  test('two runs find the same counterexample, and the failure report gives the seed to replay it', () => {
    const a = fc.check(failing());
    const b = fc.check(failing());
    expect(a.failed && b.failed).toBe(true);
    expect(b.counterexample).toEqual(a.counterexample);
    expect(() => fc.assert(failing())).toThrow(new RegExp(`seed: ${a.seed}, path: "${a.counterexamplePath}"`));
  });
});
