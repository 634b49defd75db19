import {type TIntervalOptions, tInterval} from "./t-interval.ts";

export const verdicts = ["holds", "negligible", "not_separable", "reversed"] as const;
export type Verdict = (typeof verdicts)[number];

/**
 * Smallest effect sizes of interest (SESOI), declared before any result and fixed per unit of
 * effect: an effect whose size is below them is too small to matter, whatever its sign.
 *   gold: 0.1 standard deviation of gold under the initial policy (pi_0; pi_ref for language
 *     models). Kruschke (2018, "Rejecting or accepting parameter values in Bayesian estimation",
 *     AMPPS 1(2)) sets a region of practical equivalence of +-0.1 standardised units by default:
 *     half of Cohen's (1988) "small" d = 0.2. Every gold effect of the findings table is a
 *     difference of mean gold in these units, so the bound is the same for every world.
 *   rankCorrelation: 0.05, half of Cohen's "small" correlation r = 0.1 (the same convention for
 *     correlations, as in bayestestR's rope_range).
 */
export const smallestEffects = {gold: 0.1, rankCorrelation: 0.05} as const;

/**
 * The verdict of an effect from its interval (at a level L, each bound a one-sided (1 - L) / 2
 * test; the findings table uses the family's simultaneous level, findings.ts) and its smallest
 * effect of interest `sesoi` (Lakens 2017, "Equivalence tests", SPPS 8(4): a test
 * against 0 and two one-sided tests against +-sesoi, read together):
 *   negligible    the interval lies inside (-sesoi, sesoi): both one-sided tests reject an effect
 *                 as large as the SESOI, so the effect is too small to matter, even when the
 *                 interval excludes 0;
 *   holds         the interval is above 0 and the estimate is at least sesoi;
 *   reversed      the interval is below 0 and the estimate is at most -sesoi;
 *   not_separable anything else: the interval contains 0, or it excludes 0 but the estimate is
 *                 below the SESOI and the interval still reaches past it (the seeds do not say
 *                 whether the effect matters).
 * A verdict that holds and one that is reversed differ in their estimates by at least 2 sesoi, so
 * a tiny effect whose sign moves with the seeds reads negligible (or not_separable), never both.
 */
export function verdictOf({effect, lower, upper}: {effect: number; lower: number; upper: number}, sesoi: number): Verdict {
  if (!(sesoi >= 0)) throw new Error(`invalid sesoi: ${sesoi} (expected a number >= 0)`);
  if (lower > -sesoi && upper < sesoi) return "negligible";
  if (lower > 0 && effect >= sesoi) return "holds";
  if (upper < 0 && effect <= -sesoi) return "reversed";
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
  /** smallest effect of interest the verdict used, in the effect's unit */
  sesoi: number;
  verdict: Verdict;
}

export interface SeedEffectOptions extends TIntervalOptions {
  /** smallest effect of interest, in the values' unit (default smallestEffects.gold) */
  sesoi?: number;
}

/**
 * A claim's effect from one value per seed, signed so that > 0 supports the claim (a paired
 * difference, a fall, minus a final reward...): t-interval over seeds, the seeds that support it,
 * and the verdict (verdictOf). One seed never gives a verdict other than not_separable (no spread
 * to test).
 */
export function seedEffect(values: ArrayLike<number>, {sesoi = smallestEffects.gold, ...options}: SeedEffectOptions = {}): SeedEffect {
  const {n, estimate, lower, upper} = tInterval(values, options);
  let supporting = 0;
  for (let i = 0; i < n; ++i) if (values[i] > 0) ++supporting;
  return {effect: estimate, lower, upper, seeds_supporting: supporting, seeds_total: n, sesoi, verdict: n < 2 ? "not_separable" : verdictOf({effect: estimate, lower, upper}, sesoi)};
}

/** Per-seed differences a - b on the seeds both have (same seed: same world, pairs and members). */
export function pairedDifferences(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number[] {
  return [...a.keys()].filter((seed) => b.has(seed)).sort((x, y) => x - y).map((seed) => a.get(seed)! - b.get(seed)!);
}
