import {Rng} from "../random.ts";
import {ranked, readAndDispose, tf} from "../tf.ts";
import type {PreferencePairs} from "./preferences.ts";

export interface RewardModelOptions {
  /** "linear" (r = w . x) or "mlp" (one hidden ReLU layer) */
  readonly architecture: "linear" | "mlp";
  /** hidden units of the MLP (ignored for linear) */
  readonly hidden: number;
  /** full-batch Adam steps */
  readonly epochs: number;
  /** Adam learning rate */
  readonly learning_rate: number;
  /** L2 penalty on the weights, added to the mean Bradley-Terry loss */
  readonly weight_decay: number;
}

/** A trained proxy reward model; `score` maps raw features [n, D] to rewards [n]. */
export interface RewardModel {
  readonly architecture: "linear" | "mlp";
  /** final training loss (mean Bradley-Terry negative log-likelihood, without the L2 term) */
  readonly trainLoss: number;
  score(features: Float32Array, n: number): Promise<Float64Array>;
  dispose(): void;
}

/**
 * Fits a Bradley-Terry reward model, P(a > b) = sigmoid(r(a) - r(b)), by full-batch Adam:
 *   1. standardise inputs with the training set's mean and std (kept with the model);
 *   2. initialise weights from `seed` in JS (backend-independent), N(0, 1 / fan_in);
 *   3. minimise mean softplus(-(2y - 1)(r(a) - r(b))) + weight_decay * ||W||^2.
 */
export async function trainRewardModel(pairs: PreferencePairs, options: RewardModelOptions, seed: number): Promise<RewardModel> {
  const {architecture, hidden, epochs, learning_rate, weight_decay} = options;
  const {n, dims: D} = pairs;
  const {mean, std} = columnStats(pairs);
  const rng = new Rng(seed);
  const init = (rows: number, cols: number) =>
    tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from({length: rows * cols}, () => rng.normal() / Math.sqrt(rows)), [rows, cols])));
  const weights: tf.Variable[] =
    architecture === "linear" ? [init(D, 1)] : [init(D, hidden), tf.tidy(() => tf.variable(tf.zeros([hidden]))), init(hidden, 1)];
  const mu = tf.tensor1d(mean);
  const sd = tf.tensor1d(std);

  const standardize = (x: tf.Tensor2D): tf.Tensor2D => tf.div(tf.sub(x, mu), sd); // [n, D]
  const forward = (z: tf.Tensor2D): tf.Tensor1D => {
    if (weights.length === 1) return tf.reshape(tf.matMul(z, weights[0]), [-1]);
    const h = tf.relu(tf.add(tf.matMul(z, weights[0]), weights[1])); // [n, H]
    return tf.reshape(tf.matMul(h, weights[2]), [-1]);
  };

  const [a, b] = tf.tidy(() => [standardize(tf.tensor2d(pairs.a, [n, D])), standardize(tf.tensor2d(pairs.b, [n, D]))]);
  const sign = tf.tensor1d(pairs.label.map((y) => 2 * y - 1)); // +1 when a is preferred
  // A linear model is linear in its input: r(a) - r(b) = r(a - b), one matmul per step.
  const diff = weights.length === 1 ? tf.sub<tf.Tensor2D>(a, b) : null;
  const margin = () => (diff ? forward(diff) : tf.sub(forward(a), forward(b))); // [n]
  const nll = () => tf.mean(tf.softplus(tf.neg(tf.mul(sign, margin()))));
  const optimizer = tf.train.adam(learning_rate);
  const penalised = weights.filter((w) => w.shape.length === 2);
  for (let epoch = 0; epoch < epochs; ++epoch) {
    optimizer.minimize(() => ranked(tf.add(nll(), tf.mul(weight_decay, tf.addN(penalised.map((w) => tf.sum(tf.square(w)))))), 0), false, weights);
  }
  const trainLoss = (await readAndDispose(tf.tidy(nll)))[0];
  optimizer.dispose();
  tf.dispose([a, b, sign, ...(diff ? [diff] : [])]);

  return {
    architecture,
    trainLoss,
    async score(features: Float32Array, count: number): Promise<Float64Array> {
      return Float64Array.from(await readAndDispose(tf.tidy(() => forward(standardize(tf.tensor2d(features, [count, D]))))));
    },
    dispose() {
      tf.dispose([...weights, mu, sd]);
    }
  };
}

function columnStats(pairs: PreferencePairs): {mean: Float32Array; std: Float32Array} {
  const {n, dims: D} = pairs;
  const mean = new Float64Array(D);
  const sq = new Float64Array(D);
  for (const x of [pairs.a, pairs.b]) {
    for (let i = 0; i < n; ++i) {
      for (let j = 0; j < D; ++j) {
        const v = x[i * D + j];
        mean[j] += v;
        sq[j] += v * v;
      }
    }
  }
  const m = 2 * n;
  const std = new Float32Array(D);
  for (let j = 0; j < D; ++j) {
    mean[j] /= m;
    std[j] = Math.sqrt(Math.max(sq[j] / m - mean[j] * mean[j], 0)) || 1;
  }
  return {mean: Float32Array.from(mean), std};
}

/** Fraction of pairs where the model agrees with the label (ties count half). */
export async function pairAccuracy(model: RewardModel, pairs: PreferencePairs): Promise<number> {
  const ra = await model.score(pairs.a, pairs.n);
  const rb = await model.score(pairs.b, pairs.n);
  let correct = 0;
  for (let i = 0; i < pairs.n; ++i) {
    const d = ra[i] - rb[i];
    correct += d === 0 ? 0.5 : (d > 0) === (pairs.label[i] === 1) ? 1 : 0;
  }
  return correct / pairs.n;
}
