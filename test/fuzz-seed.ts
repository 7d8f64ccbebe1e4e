// The seed every fast-check property runs from (applied by test/fast-check-setup.ts).
export const DEFAULT_FUZZ_SEED = 20_261_205;

/** FUZZ_SEED when set (to explore other cases), else the default. */
export function fuzzSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_FUZZ_SEED;
  const seed = Number(fromEnv);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not "${fromEnv}"`);
  return seed;
}
