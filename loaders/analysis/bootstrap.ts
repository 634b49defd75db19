import {Rng, deriveSeed} from "../random.ts";
import {quantile} from "./quantile.ts";

export interface BootstrapOptions {
  /** central coverage of the percentile interval, in (0, 1); default 0.9 */
  level?: number;
  /** number of bootstrap resamples, an integer >= 1; default 1000 */
  resamples?: number;
  /** seed the resampling stream is derived from (same seed, same interval); default 1 */
  runSeed?: number;
}

export interface Interval {
  /** the statistic on the data as given */
  estimate: number;
  /** (1 - level) / 2 percentile of the bootstrap replicates */
  lower: number;
  /** (1 + level) / 2 percentile of the bootstrap replicates */
  upper: number;
  /** replicates that gave a finite statistic (the interval is taken over these) */
  resamples: number;
}

/** Resolves and validates bootstrap options (shared by every bootstrap in this folder). */
export function bootstrapOptions(options: BootstrapOptions): Required<BootstrapOptions> {
  const {level = 0.9, resamples = 1000, runSeed = 1} = options;
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level} (expected a coverage in (0, 1), e.g. 0.9)`);
  if (!(Number.isInteger(resamples) && resamples >= 1)) {
    throw new Error(`invalid resamples: ${resamples} (expected an integer >= 1, e.g. 1000)`);
  }
  if (!Number.isFinite(runSeed)) throw new Error(`invalid runSeed: ${runSeed} (expected a finite number)`);
  return {level, resamples, runSeed};
}

/** Percentile interval of finite replicates (sorted in place); NaN bounds when none is finite. */
export function percentileInterval(estimate: number, replicates: Float64Array, level: number): Interval {
  let m = 0;
  for (let b = 0; b < replicates.length; ++b) if (Number.isFinite(replicates[b])) replicates[m++] = replicates[b];
  const finite = replicates.subarray(0, m).sort();
  return {estimate, lower: quantile(finite, (1 - level) / 2), upper: quantile(finite, (1 + level) / 2), resamples: m};
}

/**
 * Percentile bootstrap of any statistic: resample the items with replacement `resamples` times.
 * Replicates where the statistic is not finite (e.g. a rank correlation of a constant resample)
 * are left out.
 */
export function bootstrap<T>(data: readonly T[], statistic: (sample: T[]) => number, options: BootstrapOptions = {}): Interval {
  const {level, resamples, runSeed} = bootstrapOptions(options);
  const n = data.length;
  if (n === 0) throw new Error("invalid data: empty (expected at least one item to bootstrap)");
  const rng = new Rng(deriveSeed(runSeed, "analysis", "bootstrap"));
  const replicates = new Float64Array(resamples);
  const sample: T[] = new Array(n);
  for (let b = 0; b < resamples; ++b) {
    for (let i = 0; i < n; ++i) sample[i] = data[rng.int(n)];
    replicates[b] = statistic(sample);
  }
  return percentileInterval(statistic(data.slice()), replicates, level);
}

/** Percentile bootstrap of the mean (allocation-free fast path of `bootstrap`). */
export function bootstrapMean(values: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  const {level, resamples, runSeed} = bootstrapOptions(options);
  const n = values.length;
  if (n === 0) throw new Error("invalid values: empty (expected at least one value to bootstrap)");
  let sum = 0;
  for (let i = 0; i < n; ++i) sum += values[i];
  const mean = sum / n;
  if (n === 1) return {estimate: mean, lower: mean, upper: mean, resamples};
  const rng = new Rng(deriveSeed(runSeed, "analysis", "bootstrap"));
  const replicates = new Float64Array(resamples);
  for (let b = 0; b < resamples; ++b) {
    let s = 0;
    for (let i = 0; i < n; ++i) s += values[rng.int(n)];
    replicates[b] = s / n;
  }
  return percentileInterval(mean, replicates, level);
}
