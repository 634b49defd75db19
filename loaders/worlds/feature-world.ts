import {Rng, deriveSeed} from "../random.ts";

/** Knobs of the synthetic world (Gao et al.'s protocol in miniature; research.md section 8). */
export interface WorldOptions {
  /** preset the knobs came from (informational) */
  readonly name: string;
  /** number of prompts P */
  readonly prompts: number;
  /** candidate responses per prompt drawn from pi_0 (K) */
  readonly pool_size: number;
  /** quality feature dimensions; gold weights them equally with unit total variance */
  readonly quality_dims: number;
  /** nuisance feature dimensions (no effect on gold) */
  readonly nuisance_dims: number;
  /** Student-t degrees of freedom of the nuisance features; null for Gaussian (light tails) */
  readonly nuisance_df: number | null;
  /** sigma of the log-normal "length" feature */
  readonly length_sigma: number;
  /** gold weight on min(length, l0) */
  readonly length_weight: number;
  /** quantile of length under pi_0 where the extremal penalty starts (l0) */
  readonly length_quantile: number;
  /** gold penalty slope c on max(0, length - l0): 0 turns the extremal effect off */
  readonly length_penalty: number;
}

/** A set of responses: features row-major [n, D] and their gold rewards [n]. */
export interface Responses {
  readonly n: number;
  readonly features: Float32Array; // [n, D]
  readonly gold: Float64Array; // [n], recentred and scaled (see World)
}

export interface World extends Responses {
  readonly options: WorldOptions;
  readonly prompts: number; // P
  readonly poolSize: number; // K
  readonly dims: number; // D
  readonly featureNames: readonly string[];
  /** the length threshold l0 in feature units */
  readonly lengthThreshold: number;
  /** raw gold is mapped to (raw - goldOffset) / goldScale so that pi_0 scores mean 0, variance 1 on the pool */
  readonly goldOffset: number;
  readonly goldScale: number;
  /** fresh draws from pi_0 (not in the pool), e.g. for preference pairs */
  sample(n: number, seed: number): Responses;
}

export function featureNames({quality_dims, nuisance_dims}: WorldOptions): string[] {
  const names: string[] = [];
  for (let i = 0; i < quality_dims; ++i) names.push(`quality_${i}`);
  names.push("length");
  for (let i = 0; i < nuisance_dims; ++i) names.push(`nuisance_${i}`);
  return names;
}

/**
 * Generates the world for one seed: P prompts with K responses each from pi_0, features
 * [quality q ~ N(0, I), length l ~ LogNormal(0, sigma), nuisance psi ~ t_df], and gold
 *   raw(y) = w . q + a * min(l, l0) - c * max(0, l - l0),  w = 1 / sqrt(quality_dims),
 * recentred and scaled on the pool so pi_0 (uniform over the pool) scores 0 with unit variance.
 * l0 is the empirical `length_quantile` of l over the pool.
 */
export function generateWorld(options: WorldOptions, seed: number): World {
  const {prompts: P, pool_size: K, length_quantile} = options;
  const names = featureNames(options);
  const D = names.length;
  const n = P * K;
  const features = drawFeatures(options, n, new Rng(deriveSeed(seed, "world", "pool")));

  const lengths = Float64Array.from({length: n}, (_, i) => features[i * D + options.quality_dims]);
  const sorted = Float64Array.from(lengths).sort();
  const l0 = sorted[Math.min(n - 1, Math.floor(length_quantile * n))];

  const raw = rawGold(features, n, options, l0);
  let mean = 0;
  for (let i = 0; i < n; ++i) mean += raw[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; ++i) variance += (raw[i] - mean) ** 2;
  const scale = Math.sqrt(variance / n) || 1;
  const gold = raw.map((r) => (r - mean) / scale);

  return {
    options,
    n,
    prompts: P,
    poolSize: K,
    dims: D,
    featureNames: names,
    features,
    gold,
    lengthThreshold: l0,
    goldOffset: mean,
    goldScale: scale,
    sample(count: number, sampleSeed: number): Responses {
      const f = drawFeatures(options, count, new Rng(sampleSeed));
      const g = rawGold(f, count, options, l0).map((r) => (r - mean) / scale);
      return {n: count, features: f, gold: g};
    }
  };
}

function drawFeatures(options: WorldOptions, n: number, rng: Rng): Float32Array {
  const {quality_dims, nuisance_dims, nuisance_df, length_sigma} = options;
  const D = quality_dims + 1 + nuisance_dims;
  const features = new Float32Array(n * D);
  for (let i = 0; i < n; ++i) {
    const row = i * D;
    for (let j = 0; j < quality_dims; ++j) features[row + j] = rng.normal();
    features[row + quality_dims] = rng.logNormal(0, length_sigma);
    for (let j = 0; j < nuisance_dims; ++j) {
      features[row + quality_dims + 1 + j] = nuisance_df === null ? rng.normal() : rng.studentT(nuisance_df);
    }
  }
  return features;
}

function rawGold(features: Float32Array, n: number, options: WorldOptions, l0: number): Float64Array {
  const {quality_dims, nuisance_dims, length_weight, length_penalty} = options;
  const D = quality_dims + 1 + nuisance_dims;
  const w = 1 / Math.sqrt(quality_dims);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; ++i) {
    const row = i * D;
    let q = 0;
    for (let j = 0; j < quality_dims; ++j) q += features[row + j];
    const l = features[row + quality_dims];
    raw[i] = w * q + length_weight * Math.min(l, l0) - length_penalty * Math.max(0, l - l0);
  }
  return raw;
}

/** The quality part of gold, w . q, for response i of a feature matrix (used in samples tables). */
export function qualityScore(features: Float32Array, i: number, options: WorldOptions): number {
  const D = options.quality_dims + 1 + options.nuisance_dims;
  let q = 0;
  for (let j = 0; j < options.quality_dims; ++j) q += features[i * D + j];
  return q / Math.sqrt(options.quality_dims);
}
