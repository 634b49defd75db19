/**
 * BRME, the Bayesian Reward Model Ensemble of Yan et al. 2024 ("Reward-Robust RLHF in LLMs",
 * arXiv 2409.15360): a shared trunk with k heads, head i giving a Gaussian reward N(mu_i, sigma_i^2).
 * The paper publishes no code and states no target for its second stage (research.md section 2);
 * our choices are marked "choice" below.
 *   1. Standardise inputs with the training pairs' mean and std (as bradley-terry.ts).
 *   2. Stage 1, Bradley-Terry: trunk h(x) = relu(x W + b) [H units] and head 0's mean
 *      mu_0 = h . a_0 are fitted together by full-batch Adam on mean softplus(-s (mu_0(a) - mu_0(b)))
 *      + weight_decay (||W||^2 + ||a_0||^2), as an ordinary BT reward model.
 *   3. Stage 2 freezes the trunk. Targets (choice): J = k * G bootstrap refits of the whole BT model
 *      (same architecture, own initialisation, own resample of the pairs), trained together as one
 *      batch of J networks, give targets t_j(x) at every training response. Their spread at x is how
 *      much the reward there depends on which pairs were labelled: epistemic uncertainty, largest
 *      where the model extrapolates (heavy-tailed features), which is what a robust objective must
 *      see. (Refitting only a readout on the frozen trunk was tried first: its refits agreed to ~5%,
 *      because the trunk already encodes the stage-1 fit, and the heads barely differed.)
 *      Centring (choice): a BT model is defined only up to an additive constant, so each refit's
 *      t_j carries an arbitrary offset, which would count as spread between refits. Each refit's
 *      targets are centred to mean 0 over the 2n training responses, t_j(x) - mean_x' t_j(x'), and
 *      so is head 0's stage-1 mean (mu_0 - its mean there), which its sigma is measured against; the
 *      free heads start from that centred mean. Offsets are invisible downstream anyway (pairs
 *      compare differences; step 5 standardises every head), so only sigma changes.
 *   4. Heads: mu_i = h . u_i + c_i and sigma_i = softplus(h . v_i + d_i) + 1e-3. Head i minimises
 *      the Gaussian NLL of its own G targets {t_j : j in [iG, (i + 1)G)},
 *        mean_x,j [ log sigma_i(x) + (t_j(x) - mu_i(x))^2 / (2 sigma_i(x)^2) ],
 *      so mu_i tracks the mean of its refits and sigma_i their spread. Head 0 keeps its stage-1
 *      mean (it is the plain BT model) and learns only its sigma. The heads' losses are summed, not
 *      averaged, so head i's gradients do not depend on k (Adam's epsilon is not scale-free: once
 *      centring put the biases near their optimum, a mean over heads made the first heads of a
 *      larger BRME drift from the smaller BRME's). Why not a probit likelihood of the
 *      labels, P(a > b) = Phi((mu_a - mu_b) / sqrt(sigma_a^2 + sigma_b^2))? There sigma trades off
 *      against the scale of mu and uniform label flips make it near-constant; bootstrap targets give
 *      sigma a meaning that can be checked (the refits' spread).
 *   5. Score responses: every head's mu and sigma, mu standardised to mean 0, std 1 under pi_0 (a
 *      pool world: the whole pool; text: pi_ref's samples, text-reward-model.ts) like any ensemble
 *      member, sigma divided by the same std.
 *   6. Nominal reward per item: mu of the head with the smallest (standardised) sigma there.
 * Head i depends only on (seed, i) and the stage-1 model, so the first k heads of a larger BRME are
 * the k-head BRME.
 */
import {Rng, deriveSeed} from "../random.ts";
import {ranked, readAndDispose, tf} from "../tf.ts";
import type {World} from "../worlds/feature-world.ts";
import type {RewardModelOptions} from "./bradley-terry.ts";
import type {MemberReport, ScoredEnsemble} from "./ensemble.ts";
import type {PreferencePairs} from "./preferences.ts";

export interface BrmeOptions {
  /** number of heads k */
  readonly heads: number;
  /** bootstrap refits per head G, the targets of its Gaussian NLL (default 3) */
  readonly targets: number;
  /** centre each refit's targets and head 0's mean over the training responses (step 3; default true; false is the uncentred ablation) */
  readonly centre?: boolean;
}

/** An ensemble whose members also carry an uncertainty per item. */
export interface ScoredBrme extends ScoredEnsemble {
  /** sigma of each head per pool item, in the head's standardised units: sigmas[i][item] */
  readonly sigmas: Float64Array[];
}

/** A fitted BRME: its heads' reports, and every head's mu and sigma for any responses' features. */
export interface BrmeModel {
  readonly heads: number;
  readonly members: MemberReport[];
  /** per head, the mean over training responses of the std of its G targets: as the refits output them, and centred (step 3) */
  readonly targetSpread: {readonly raw: number[]; readonly centred: number[]};
  /** row-major [count, heads] means and sigmas of raw features [count, D] */
  score(features: Float32Array, count: number): Promise<{means: Float32Array; sigmas: Float32Array}>;
  dispose(): void;
}

/** Steps 1-5 on a pool world: fit, then score the whole pool and standardise every head under pi_0. */
export async function trainBrme(world: World, train: PreferencePairs, heldout: PreferencePairs, rm: Omit<RewardModelOptions, "architecture">, options: BrmeOptions, seed: number): Promise<ScoredBrme> {
  const model = await fitBrme(train, heldout, rm, options, seed);
  try {
    const k = model.heads;
    const pool = await model.score(world.features, world.n);
    const rewards: Float64Array[] = [];
    const sigmas: Float64Array[] = [];
    for (let i = 0; i < k; ++i) {
      const column = Float64Array.from({length: world.n}, (_, item) => pool.means[item * k + i]);
      const {values, scale} = standardizeWithScale(column);
      rewards.push(values);
      sigmas.push(Float64Array.from({length: world.n}, (_, item) => pool.sigmas[item * k + i] / scale));
    }
    return {rewards, sigmas, members: model.members};
  } finally {
    model.dispose();
  }
}

/** Steps 1-4: the trunk, the bootstrap targets and the heads, fitted on training pairs; reports on both pair sets. */
export async function fitBrme(train: PreferencePairs, heldout: PreferencePairs, rm: Omit<RewardModelOptions, "architecture">, {heads: k, targets: G = 3, centre = true}: BrmeOptions, seed: number): Promise<BrmeModel> {
  const {hidden: H, epochs, learning_rate, weight_decay} = rm;
  const {n, dims: D} = train;
  const rng = new Rng(deriveSeed(seed, "init"));
  const normal = (rows: number, cols: number, scale: number) => Float32Array.from({length: rows * cols}, () => rng.normal() * scale);

  // 1. Input standardisation.
  const {mean, std} = columnStats(train);
  const mu = tf.tensor1d(mean);
  const sd = tf.tensor1d(std);
  const standardize = (x: tf.Tensor2D): tf.Tensor2D => ranked(tf.div(tf.sub(x, mu), sd), 2);
  const sign = tf.tensor1d(train.label.map((y) => 2 * y - 1)); // [n], +1 when a is preferred
  const [xa, xb] = tf.tidy(() => [standardize(tf.tensor2d(train.a, [n, D])), standardize(tf.tensor2d(train.b, [n, D]))]);

  // 2. Stage 1: trunk + head 0 mean by Bradley-Terry.
  const variable = (make: () => tf.Tensor) => tf.tidy(() => tf.variable(make()));
  const W = variable(() => tf.tensor2d(normal(D, H, 1 / Math.sqrt(D)), [D, H]));
  const b = variable(() => tf.zeros([H]));
  const a0 = variable(() => tf.tensor2d(normal(H, 1, 1 / Math.sqrt(H)), [H, 1]));
  const trunk = (x: tf.Tensor2D): tf.Tensor2D => ranked(tf.relu(tf.add(tf.matMul(x, W), b)), 2); // [n, H]
  const btLoss = (margin: tf.Tensor): tf.Scalar => ranked(tf.mean(tf.softplus(tf.neg(tf.mul(sign, margin)))), 0);
  const stage1 = tf.train.adam(learning_rate);
  for (let epoch = 0; epoch < epochs; ++epoch) {
    stage1.minimize(() => {
      const margin = tf.reshape(tf.matMul(tf.sub(trunk(xa), trunk(xb)), a0), [-1]); // [n]
      return ranked(tf.add(btLoss(margin), tf.mul(weight_decay, tf.add(tf.sum(tf.square(W)), tf.sum(tf.square(a0))))), 0);
    }, false, [W, b, a0]);
  }
  stage1.dispose();
  const items = tf.tidy(() => tf.concat([trunk(xa), trunk(xb)], 0)); // [2n, H] shared-trunk features of every training response
  const offset0 = tf.tidy(() => (centre ? tf.mean(tf.matMul(items, a0)) : tf.scalar(0))); // [] head 0's stage-1 mean over them

  // 3. Stage 2 targets: J = k * G bootstrap refits of the whole BT model (same architecture, own
  //    initialisation, own resample), trained at once as a batch of J networks.
  const J = k * G;
  const counts = new Float32Array(J * n); // [J, n] bootstrap multiplicities of each pair in refit j
  const w1 = new Float32Array(D * J * H); // [D, J H]: refit j's first layer is columns [jH, (j + 1)H)
  const w2 = new Float32Array(J * H);
  for (let j = 0; j < J; ++j) {
    const draw = new Rng(deriveSeed(seed, "bootstrap", j));
    for (let i = 0; i < n; ++i) counts[j * n + draw.int(n)] += 1;
    for (let d = 0; d < D; ++d) for (let h = 0; h < H; ++h) w1[d * J * H + j * H + h] = draw.normal() / Math.sqrt(D);
    for (let i = 0; i < H; ++i) w2[j * H + i] = draw.normal() / Math.sqrt(H);
  }
  const weights = tf.tensor2d(counts, [J, n]);
  const W1 = variable(() => tf.tensor2d(w1, [D, J * H])); // one matmul for all J first layers
  const B1 = variable(() => tf.zeros([J * H]));
  const W2 = variable(() => tf.tensor2d(w2, [J, H]));
  const refit = (x: tf.Tensor2D): tf.Tensor2D => {
    const m = x.shape[0];
    const h = tf.reshape(tf.relu(tf.add(tf.matMul(x, W1), B1)), [m, J, H]); // [m, J, H]
    return ranked(tf.transpose(tf.sum(tf.mul(h, W2), 2)), 2); // [J, m]
  };
  const stage2 = tf.train.adam(learning_rate);
  for (let epoch = 0; epoch < epochs; ++epoch) {
    stage2.minimize(() => {
      const margins = tf.sub(refit(xa), refit(xb)); // [J, n]
      const nll = tf.mul(weights, tf.softplus(tf.neg(tf.mul(sign, margins)))); // [J, n]
      return ranked(tf.add(tf.div(tf.sum(nll), n), tf.mul(weight_decay, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2))))), 0);
    }, false, [W1, B1, W2]);
  }
  stage2.dispose();
  const byHead = (t: tf.Tensor2D) => tf.reshape(tf.transpose(t), [2 * n, k, G]); // [J, 2n] -> [2n, k, G]
  const spreadOf = (t: tf.Tensor) => tf.mean(tf.sqrt(tf.moments(t, 2).variance), 0); // [2n, k, G] -> [k]: each head's own targets
  const [rawSpread, targets] = tf.tidy(() => {
    const t = refit(tf.concat([xa, xb], 0)); // [J, 2n]
    return [spreadOf(byHead(t)), byHead(centre ? centreRefits(t) : t)]; // [k], [2n, k, G]
  });

  // 4. Heads by Gaussian NLL on their own targets; head 0's mean stays a_0 (centred).
  const centredSpread = await readAndDispose(tf.tidy(() => spreadOf(targets)));
  const targetSpread = {raw: Array.from(await readAndDispose(rawSpread)), centred: Array.from(centredSpread)};
  const sigmaInit = Float32Array.from(centredSpread, (s) => Math.log(Math.expm1(Math.max(s, 1e-3)))); // softplus^-1
  const U = variable(() => tf.tile(a0, [1, k])); // [H, k]
  const c = variable(() => tf.mul(tf.neg(offset0), tf.ones([k]))); // [k]: every head starts at the centred stage-1 mean
  const V = variable(() => tf.zeros([H, k]));
  const dBias = variable(() => tf.tensor1d(sigmaInit));
  const head0 = tf.tensor2d([1, ...new Array(k - 1).fill(0)], [1, k]); // selects head 0's fixed mean
  const heads = (h: tf.Tensor2D) => {
    const free = tf.add(tf.matMul(h, U), c); // [m, k]
    const fixed = tf.sub(tf.matMul(h, a0), offset0); // [m, 1]
    const means = tf.add(tf.mul(head0, fixed), tf.mul(tf.sub(1, head0), free)); // [m, k]
    const sigmas = tf.add(tf.softplus(tf.add(tf.matMul(h, V), dBias)), 1e-3); // [m, k]
    return {means, sigmas};
  };
  const stage3 = tf.train.adam(learning_rate);
  for (let epoch = 0; epoch < epochs; ++epoch) {
    stage3.minimize(() => {
      const {means, sigmas} = heads(items);
      const m3 = tf.expandDims(means, 2); // [2n, k, 1]
      const s3 = tf.expandDims(sigmas, 2); // [2n, k, 1]
      const nll = tf.add(tf.log(s3), tf.div(tf.square(tf.sub(targets, m3)), tf.mul(2, tf.square(s3)))); // [2n, k, G]
      return ranked(tf.sum(tf.mean(nll, [0, 2])), 0); // a sum over heads: head i's gradients do not depend on k
    }, false, [U, c, V, dBias]);
  }
  stage3.dispose();

  // 5. Score the pool and the pairs with every head.
  const score = async (features: Float32Array, count: number): Promise<{means: Float32Array; sigmas: Float32Array}> => {
    const [m, s] = tf.tidy(() => {
      const out = heads(trunk(standardize(tf.tensor2d(features, [count, D]))));
      return [out.means, out.sigmas];
    });
    return {means: await readAndDispose(m), sigmas: await readAndDispose(s)}; // [count, k]
  };
  const dispose = () => tf.dispose([mu, sd, sign, xa, xb, W, b, a0, items, offset0, weights, W1, B1, W2, targets, U, c, V, dBias, head0]);
  try {
    const members = headReports(k, (await score(train.a, n)).means, (await score(train.b, n)).means, train, (await score(heldout.a, heldout.n)).means, (await score(heldout.b, heldout.n)).means, heldout);
    return {heads: k, members, targetSpread, score, dispose};
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Step 3's centring: each refit's outputs [J, m] minus that refit's mean over the m responses. */
export function centreRefits(t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sub(t, tf.mean(t, 1, true)));
}

// Step 6, the nominal reward per item, is `nominalReward` in nominal.ts (shared with the objectives).

function headReports(k: number, trainA: Float32Array, trainB: Float32Array, train: PreferencePairs, heldA: Float32Array, heldB: Float32Array, heldout: PreferencePairs): MemberReport[] {
  const accuracy = (ra: Float32Array, rb: Float32Array, pairs: PreferencePairs, i: number) => {
    let correct = 0;
    for (let p = 0; p < pairs.n; ++p) {
      const d = ra[p * k + i] - rb[p * k + i];
      correct += d === 0 ? 0.5 : (d > 0) === (pairs.label[p] === 1) ? 1 : 0;
    }
    return correct / pairs.n;
  };
  return Array.from({length: k}, (_, i) => {
    let loss = 0;
    for (let p = 0; p < train.n; ++p) {
      const m = (2 * train.label[p] - 1) * (trainA[p * k + i] - trainB[p * k + i]);
      loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
    }
    return {member: i, architecture: "brme", heldoutAccuracy: accuracy(heldA, heldB, heldout, i), trainAccuracy: accuracy(trainA, trainB, train, i), trainLoss: loss / train.n};
  });
}

function standardizeWithScale(values: Float64Array): {values: Float64Array; scale: number} {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  const scale = Math.sqrt(variance / values.length) || 1;
  return {values: values.map((v) => (v - mean) / scale), scale};
}

function columnStats({n, dims: D, a, b}: PreferencePairs): {mean: Float32Array; std: Float32Array} {
  const mean = new Float64Array(D);
  const sq = new Float64Array(D);
  for (const x of [a, b]) {
    for (let i = 0; i < n; ++i) {
      for (let j = 0; j < D; ++j) {
        const v = x[i * D + j];
        mean[j] += v;
        sq[j] += v * v;
      }
    }
  }
  const std = new Float32Array(D);
  for (let j = 0; j < D; ++j) {
    mean[j] /= 2 * n;
    std[j] = Math.sqrt(Math.max(sq[j] / (2 * n) - mean[j] * mean[j], 0)) || 1;
  }
  return {mean: Float32Array.from(mean), std};
}
