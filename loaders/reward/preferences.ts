import {Rng, deriveSeed} from "../random.ts";
import type {Responses, World} from "../worlds/feature-world.ts";

export interface PreferenceOptions {
  /** number of labelled training pairs */
  readonly pairs: number;
  /** "deterministic" (the higher gold wins) or "bradley_terry" (P(a > b) = sigmoid((g_a - g_b) / temperature)) */
  readonly label_mode: "deterministic" | "bradley_terry";
  /** Bradley-Terry temperature in gold units (ignored when deterministic) */
  readonly temperature: number;
  /** probability that a label is flipped after labelling */
  readonly label_noise: number;
  /** held-out pairs, labelled by gold without noise, for RM accuracy */
  readonly heldout_pairs: number;
}

/** Pairs of responses; label[i] = 1 when a is preferred to b. */
export interface PreferencePairs {
  readonly n: number;
  readonly dims: number;
  readonly a: Float32Array; // [n, D]
  readonly b: Float32Array; // [n, D]
  readonly label: Float32Array; // [n] in {0, 1}
  /** how many labels were flipped by label noise */
  readonly flipped: number;
}

/**
 * Fresh pi_0 responses, paired and labelled by gold: the training set (with the configured label
 * model and noise) and a clean held-out set (deterministic gold labels).
 */
export function makePreferences(world: World, options: PreferenceOptions, seed: number): {train: PreferencePairs; heldout: PreferencePairs} {
  const train = labelPairs(world.sample(2 * options.pairs, deriveSeed(seed, "pairs", "train")), world.dims, options, new Rng(deriveSeed(seed, "labels", "train")));
  const clean = {...options, label_mode: "deterministic" as const, label_noise: 0};
  const heldout = labelPairs(world.sample(2 * options.heldout_pairs, deriveSeed(seed, "pairs", "heldout")), world.dims, clean, new Rng(deriveSeed(seed, "labels", "heldout")));
  return {train, heldout};
}

/** Labels consecutive responses (2i, 2i+1) as pair i. */
export function labelPairs(responses: Responses, dims: number, options: PreferenceOptions, rng: Rng): PreferencePairs {
  const n = Math.floor(responses.n / 2);
  const a = new Float32Array(n * dims);
  const b = new Float32Array(n * dims);
  const label = new Float32Array(n);
  let flipped = 0;
  for (let i = 0; i < n; ++i) {
    a.set(responses.features.subarray(2 * i * dims, (2 * i + 1) * dims), i * dims);
    b.set(responses.features.subarray((2 * i + 1) * dims, (2 * i + 2) * dims), i * dims);
    const margin = responses.gold[2 * i] - responses.gold[2 * i + 1];
    let y = options.label_mode === "deterministic" ? (margin > 0 ? 1 : 0) : rng.uniform() < sigmoid(margin / options.temperature) ? 1 : 0;
    if (options.label_noise > 0 && rng.uniform() < options.label_noise) {
      y = 1 - y;
      ++flipped;
    }
    label[i] = y;
  }
  return {n, dims, a, b, label, flipped};
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Draws a bootstrap resample of the pairs (with replacement), same size. */
export function bootstrapPairs(pairs: PreferencePairs, rng: Rng): PreferencePairs {
  const {n, dims} = pairs;
  const a = new Float32Array(n * dims);
  const b = new Float32Array(n * dims);
  const label = new Float32Array(n);
  for (let i = 0; i < n; ++i) {
    const j = rng.int(n);
    a.set(pairs.a.subarray(j * dims, (j + 1) * dims), i * dims);
    b.set(pairs.b.subarray(j * dims, (j + 1) * dims), i * dims);
    label[i] = pairs.label[j];
  }
  return {n, dims, a, b, label, flipped: pairs.flipped};
}
