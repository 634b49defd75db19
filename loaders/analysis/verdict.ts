import {type TIntervalOptions, tInterval} from "./t-interval.ts";

export const verdicts = ["holds", "not_separable", "reversed"] as const;
export type Verdict = (typeof verdicts)[number];

/** holds when the whole interval is above 0, reversed when it is below 0, not_separable otherwise. */
export function verdictOf({lower, upper}: {lower: number; upper: number}): Verdict {
  if (lower > 0) return "holds";
  if (upper < 0) return "reversed";
  return "not_separable";
}

export interface SeedEffect {
  /** mean over seeds of the per-seed effect (> 0 in the claim's direction) */
  effect: number;
  lower: number;
  upper: number;
  /** seeds whose own effect is > 0 */
  seeds_supporting: number;
  seeds_total: number;
  verdict: Verdict;
}

/**
 * A claim's effect from one value per seed, signed so that > 0 supports the claim (a paired
 * difference, a fall, minus a final reward...): t-interval over seeds, the seeds that support it,
 * and the verdict. One seed never gives a verdict other than not_separable (no spread to test).
 */
export function seedEffect(values: ArrayLike<number>, options: TIntervalOptions = {}): SeedEffect {
  const {n, estimate, lower, upper} = tInterval(values, options);
  let supporting = 0;
  for (let i = 0; i < n; ++i) if (values[i] > 0) ++supporting;
  return {effect: estimate, lower, upper, seeds_supporting: supporting, seeds_total: n, verdict: n < 2 ? "not_separable" : verdictOf({lower, upper})};
}

/** Per-seed differences a - b on the seeds both have (same seed: same world, pairs and members). */
export function pairedDifferences(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number[] {
  return [...a.keys()].filter((seed) => b.has(seed)).sort((x, y) => x - y).map((seed) => a.get(seed)! - b.get(seed)!);
}
