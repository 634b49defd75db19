/**
 * The RL policy: an exponential tilt of pi_0 over each prompt's finite pool,
 *   pi_theta(y | x) ∝ pi_0(y | x) exp(f_theta(z_y)),
 * with z_y the response's standardised features (features.ts). pi_0 is uniform over the pool, so
 * log pi_theta(y | x) = f_theta(z_y) - logsumexp_{y' in pool(x)} f_theta(z_y'): exact
 * log-probabilities, no sampling needed to normalise. f = 0 at initialisation, so pi = pi_0.
 * A linear f can represent every KL-regularised optimum pi_0 exp(r / beta) of a linear reward
 * exactly (research.md section 8); the MLP can bend towards non-linear objectives such as WCO.
 */
import {Rng} from "../random.ts";
import {ranked, readAndDispose, tf} from "../tf.ts";

export interface PolicyOptions {
  /** "linear": f = z . theta; "mlp": f = tanh(z W1 + b1) . w2 (default "linear") */
  readonly architecture: "linear" | "mlp";
  /** hidden units of the mlp (default 16; ignored for linear) */
  readonly hidden: number;
}

/** Parameters in order: linear [theta [D, 1]]; mlp [W1 [D, H], b1 [H], w2 [H, 1]]. */
export type PolicyParams = readonly tf.Tensor[];

/**
 * Initial parameters as variables: theta = 0 (linear); W1 ~ N(0, 1 / D) drawn in JS from
 * `seed` (backend-independent), b1 = 0, w2 = 0 (mlp). Either way f = 0 and pi = pi_0.
 */
export function initPolicy(dims: number, {architecture = "linear", hidden = 16}: Partial<PolicyOptions> = {}, seed = 1): tf.Variable[] {
  if (architecture === "linear") return [tf.tidy(() => tf.variable(tf.zeros([dims, 1])))];
  const rng = new Rng(seed);
  const w1 = Float32Array.from({length: dims * hidden}, () => rng.normal() / Math.sqrt(dims));
  return tf.tidy(() => [tf.variable(tf.tensor2d(w1, [dims, hidden])), tf.variable(tf.zeros([hidden])), tf.variable(tf.zeros([hidden, 1]))]);
}

/** f_theta for each row of z [n, D] -> [n]. */
export function policyScores(params: PolicyParams, z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (params.length === 1) return tf.reshape<tf.Rank.R1>(tf.matMul(z, params[0]), [-1]);
    const h = tf.tanh(tf.add(tf.matMul(z, params[0]), params[1])); // [n, H]
    return tf.reshape<tf.Rank.R1>(tf.matMul(h, params[2]), [-1]);
  });
}

/** log pi_theta over each of R pools: z [R, K, D] -> log-probabilities [R, K]. */
export function policyLogProbs(params: PolicyParams, z: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const [R, K, D] = z.shape;
    const f = tf.reshape<tf.Rank.R2>(policyScores(params, tf.reshape(z, [R * K, D])), [R, K]); // [R, K]
    return tf.logSoftmax(f, 1); // [R, K]; the uniform pi_0 cancels in the normaliser
  });
}

/**
 * log pi_theta of chosen responses, differentiable in the parameters without a one-hot:
 * log pi(y) = f(z_y) - logsumexp_{y' in pool} f(z_y').
 * pools [R, K, D] and responses [R, S, D] (the chosen rows of each pool) -> [R, S].
 */
export function responseLogProbs(params: PolicyParams, pools: tf.Tensor3D, responses: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => {
    const [R, K, D] = pools.shape;
    const S = responses.shape[1];
    const normaliser = tf.logSumExp(tf.reshape(policyScores(params, tf.reshape(pools, [R * K, D])), [R, K]), 1, true); // [R, 1]
    const f = tf.reshape(policyScores(params, tf.reshape(responses, [R * S, D])), [R, S]); // [R, S]
    return ranked(tf.sub(f, normaliser), 2);
  });
}

/** Copies the chosen rows: features [*, D] row-major, item indices [n] -> Float32Array [n, D]. */
export function gatherRows(features: Float32Array, dims: number, items: ArrayLike<number>): Float32Array {
  const out = new Float32Array(items.length * dims);
  for (let i = 0; i < items.length; ++i) out.set(features.subarray(items[i] * dims, (items[i] + 1) * dims), i * dims);
  return out;
}

/** Copies of the parameter values (for curve points' policies). */
export async function snapshotPolicy(params: PolicyParams): Promise<Float32Array[]> {
  return Promise.all(params.map(async (p) => Float32Array.from(await p.data())));
}

/** Probabilities of one prompt's pool under a snapshot: z is that pool's features [K, D] row-major. */
export async function snapshotProbabilities(snapshot: readonly Float32Array[], shapes: readonly number[][], z: Float32Array, K: number): Promise<Float64Array> {
  const D = z.length / K;
  const p = tf.tidy(() => {
    const params = snapshot.map((values, i) => tf.tensor(values, shapes[i]));
    return tf.softmax(policyScores(params, tf.tensor2d(z, [K, D])));
  });
  return Float64Array.from(await readAndDispose(p));
}
