import {simulateAr1} from "../analysis/ar1-noise.ts";
import {Rng, deriveSeed} from "../random.ts";

/** Gold's shape: three that never fall (the test's nulls) and a Gao et al. RL curve with an interior peak. */
export type SyntheticGold = "flat" | "rising" | "saturating" | "peak";
export const syntheticGolds: readonly SyntheticGold[] = ["flat", "rising", "saturating", "peak"];
/** Noise on gold and proxy: independent, or AR(1) with lag-1 autocorrelation 0.5. */
export type SyntheticNoise = "white" | "ar1";

export interface SyntheticLogOptions {
  /** gold's shape; default "flat" */
  gold?: SyntheticGold;
  /** logged steps, >= 3; default 60 */
  steps?: number;
  /** default "white" */
  noise?: SyntheticNoise;
  /** "peak" only: gold at the peak minus gold at the last step, in noise sds, > 0; default 3 */
  fall?: number;
  /** marginal noise sd of gold and proxy; default 0.1 */
  sd?: number;
  /** default 1 */
  seed?: number;
}

export interface SyntheticPoint {
  step: number;
  kl: number;
  proxy: number;
  gold: number;
  /** gold without noise */
  true_gold: number;
}

export interface SyntheticLog {
  points: SyntheticPoint[];
  /** index of the noise-free gold maximum (the first when flat) */
  peak_index: number;
  /** noise-free gold at the maximum minus at the last step */
  fall: number;
}

/** Lag-1 autocorrelation of the "ar1" noise. */
export const syntheticPhi = 0.5;
/** KL at the last step, in nats; KL rises linearly with the step from klMax / steps. */
export const syntheticKlMax = 10;

/**
 * A seeded synthetic RLHF step log (steps 10, 20, ...; KL rising linearly in the step, so a log that
 * starts after KL 0). With u = i / steps for the i-th step (1-based) and sd the noise sd:
 * - proxy = 3 sd sqrt(u) (rising with d = sqrt(KL)) + noise;
 * - gold, before noise: flat 0; rising 3 sd u; saturating 3 sd (1 - e^(-5u)) / (1 - e^(-5));
 *   peak: Gao et al.'s RL form in d with its maximum at d* = sqrt(u* klMax), u* uniform in
 *   [0.3, 0.6] per log, R(d) = A d (1 + log d* - log d), A set so R(d*) - R(d_last) = fall sd.
 */
export function syntheticLog(options: SyntheticLogOptions = {}): SyntheticLog {
  const {gold = "flat", steps = 60, noise = "white", fall = 3, sd = 0.1, seed = 1} = options;
  if (!syntheticGolds.includes(gold)) throw new Error(`invalid gold: ${String(gold)} (expected ${syntheticGolds.join(", ")})`);
  if (!(Number.isInteger(steps) && steps >= 3)) throw new Error(`invalid steps: ${steps} (expected an integer >= 3)`);
  if (noise !== "white" && noise !== "ar1") throw new Error(`invalid noise: ${String(noise)} (expected "white" or "ar1")`);
  if (!(fall > 0)) throw new Error(`invalid fall: ${fall} (expected noise sds > 0)`);
  if (!(sd > 0)) throw new Error(`invalid sd: ${sd} (expected > 0)`);
  const rng = new Rng(deriveSeed(seed, "synthetic-log", gold, noise, steps, fall));
  const phi = noise === "ar1" ? syntheticPhi : 0;
  const goldNoise = simulateAr1(rng, {sd, phi}, new Float64Array(steps));
  const proxyNoise = simulateAr1(rng, {sd, phi}, new Float64Array(steps));
  const peakU = 0.3 + 0.3 * rng.uniform();
  const dStar = Math.sqrt(peakU * syntheticKlMax), dEnd = Math.sqrt(syntheticKlMax);
  const shape = (d: number) => d * (1 + Math.log(dStar) - Math.log(d));
  const scale = (fall * sd) / (shape(dStar) - shape(dEnd));
  const mean = (u: number): number => {
    switch (gold) {
      case "flat": return 0;
      case "rising": return 3 * sd * u;
      case "saturating": return (3 * sd * (1 - Math.exp(-5 * u))) / (1 - Math.exp(-5));
      case "peak": return scale * shape(Math.sqrt(u * syntheticKlMax));
    }
  };
  const points = Array.from({length: steps}, (_, k) => {
    const u = (k + 1) / steps, kl = u * syntheticKlMax, true_gold = mean(u);
    return {step: 10 * (k + 1), kl, proxy: 3 * sd * Math.sqrt(u) + proxyNoise[k], gold: true_gold + goldNoise[k], true_gold};
  });
  let peak = 0;
  points.forEach((p, i) => p.true_gold > points[peak].true_gold && (peak = i));
  return {points, peak_index: peak, fall: points[peak].true_gold - points[steps - 1].true_gold};
}
