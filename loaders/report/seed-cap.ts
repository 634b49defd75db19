/**
 * A report built on fewer seeds: GOODHART_SEEDS=N makes every experiment loader (experimentZip) run
 * its spec on the spec's first N seeds, the same runs the full build computes for those seeds (they
 * share the run cache). `npm test` builds the report this way so that CI can afford the build; the
 * published report (`npm run build` with the variable unset) runs every seed.
 */
export const SEED_CAP_ENV = "GOODHART_SEEDS";

/** The smallest cap: a paired interval over seeds needs two of them. */
export const MIN_SEED_CAP = 2;

/** GOODHART_SEEDS as a count, or null when unset or empty (every seed); throws on anything else. */
export function seedCap(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[SEED_CAP_ENV]?.trim();
  if (raw === undefined || raw === "") return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < MIN_SEED_CAP) {
    throw new Error(`${SEED_CAP_ENV}=${JSON.stringify(env[SEED_CAP_ENV])}: expected a whole number of seeds, at least ${MIN_SEED_CAP} (each experiment then runs on its spec's first N seeds); unset it to run every seed`);
  }
  return n;
}

/** The spec's seeds, cut to the first `cap` (all of them when cap is null or not smaller). */
export function cappedSeeds(seeds: readonly number[], cap: number | null): readonly number[] {
  return cap === null || cap >= seeds.length ? seeds : seeds.slice(0, cap);
}
