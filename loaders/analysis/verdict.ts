import {minSeedsForLevel, signTest} from "./sign-test.ts";

export const verdicts = ["holds", "negligible", "not_separable", "reversed", "not_tested"] as const;
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
 * test; the findings table uses each primary's Holm step and 90% for exploratory rows, findings.ts) and its smallest
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
  /** median over seeds of the per-seed effect (> 0 in the claim's direction) */
  effect: number;
  /** the sign test's interval of that median at `level` (sign-test.ts); null when not tested */
  lower: number | null;
  upper: number | null;
  /** two-sided sign-test p of a median of 0; null when not tested */
  p_value: number | null;
  /** seeds whose own effect is > 0 */
  seeds_supporting: number;
  seeds_total: number;
  /** smallest effect of interest the verdict used, in the effect's unit */
  sesoi: number;
  verdict: Verdict;
  /** why the verdict is not_tested (null otherwise) */
  reason: string | null;
}

export interface SeedEffectOptions {
  /** nominal coverage of the interval, in (0, 1) (default 0.9) */
  level?: number;
  /** smallest effect of interest, in the values' unit (default smallestEffects.gold) */
  sesoi?: number;
  /** a reason the measurement did not happen (the claim is not_tested whatever the values) */
  notTested?: string | null;
}

/**
 * A claim's effect from one value per seed, signed so that > 0 supports the claim (a paired
 * difference, a fall, minus a final reward...): the median over seeds with the sign test's interval
 * (exact for any distribution of the per-seed values, sign-test.ts), the seeds that support it,
 * and the verdict (verdictOf). A measurement that did not happen is `not_tested`, with its reason:
 * the caller's (a fall with no interior peak...), no seeds, too few seeds for the level, or no
 * spread (every seed the same value, or an interval of width 0: it would pass any equivalence test).
 */
export function seedEffect(values: ArrayLike<number>, {sesoi = smallestEffects.gold, level = 0.9, notTested = null}: SeedEffectOptions = {}): SeedEffect {
  const n = values.length;
  let supporting = 0;
  for (let i = 0; i < n; ++i) if (values[i] > 0) ++supporting;
  const untested = (effect: number, reason: string): SeedEffect => ({effect, lower: null, upper: null, p_value: null, seeds_supporting: supporting, seeds_total: n, sesoi, verdict: "not_tested", reason});
  if (n === 0) return untested(NaN, notTested ?? "no seed measured it");
  const r = signTest(values, {level});
  if (notTested) return untested(r.estimate, notTested);
  if (Number.isNaN(r.lower)) return untested(r.estimate, `${n} seeds cannot reach a ${level} sign-test interval (needs at least ${minSeedsForLevel(level)})`);
  if (Array.prototype.every.call(values, (v: number) => v === values[0])) return untested(r.estimate, `every seed measured the same value (${values[0]}): no spread to test`);
  if (r.lower === r.upper) return untested(r.estimate, `the interval has width 0 (most seeds measured exactly ${r.lower}): no spread to test`);
  return {effect: r.estimate, lower: r.lower, upper: r.upper, p_value: r.p_value, seeds_supporting: supporting, seeds_total: n, sesoi, verdict: verdictOf({effect: r.estimate, lower: r.lower, upper: r.upper}, sesoi), reason: null};
}

/** Per-seed differences a - b on the seeds both have (same seed: same world, pairs and members). */
export function pairedDifferences(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number[] {
  return [...a.keys()].filter((seed) => b.has(seed)).sort((x, y) => x - y).map((seed) => a.get(seed)! - b.get(seed)!);
}
