import {readAndDispose, tf} from "../tf.ts";

/** What a policy-gradient update needs from an optimiser: one step on a loss over the parameters. */
export interface StepOptimizer {
  /** one step on `loss` over `params`; resolves to the loss before the step */
  minimize(loss: () => tf.Scalar, params: readonly tf.Variable[]): Promise<number>;
}

/**
 * Runs the loss's backward pass and reads back [loss, ...gradients] in one transfer; with
 * maxGradNorm, the gradients are scaled so their global L2 norm is at most maxGradNorm (gradient
 * clipping, as in most RLHF trainers' max_grad_norm).
 */
export async function readGradients(loss: () => tf.Scalar, params: readonly tf.Variable[], maxGradNorm: number | null): Promise<{loss: number; grads: Float32Array}> {
  const {value, grads} = tf.variableGrads(loss, [...params]);
  const flat = tf.tidy(() => tf.concat([tf.reshape(value, [1]), ...params.map((p) => tf.reshape(grads[p.name], [-1]))]));
  tf.dispose([value, ...Object.values(grads)]);
  const all = await readAndDispose(flat);
  const g = all.subarray(1);
  if (maxGradNorm !== null) {
    let norm = 0;
    for (const v of g) norm += v * v;
    norm = Math.sqrt(norm);
    if (norm > maxGradNorm) for (let i = 0; i < g.length; ++i) g[i] *= maxGradNorm / norm;
  }
  return {loss: all[0], grads: g};
}

export interface AdamOptions {
  /** step size (default 0.001) */
  readonly learning_rate?: number;
  /** first-moment decay (default 0.9) */
  readonly beta1?: number;
  /** second-moment decay (default 0.999) */
  readonly beta2?: number;
  /** added to sqrt(v_hat) (default 1e-8) */
  readonly epsilon?: number;
  /** clip the gradients' global L2 norm to this (default null: no clipping) */
  readonly max_grad_norm?: number | null;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) for the policy's few parameters, with its state in
 * JavaScript: per step one read-back of all gradients and one upload per parameter, instead of
 * the dozen small kernels per variable of tf.train.adam (which dominate a policy step on WASM).
 *   1. g = grad of the loss (tf.variableGrads);
 *   2. m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
 *   3. theta -= lr * m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t).
 */
export class Adam implements StepOptimizer {
  readonly #lr: number;
  readonly #beta1: number;
  readonly #beta2: number;
  readonly #epsilon: number;
  readonly #maxGradNorm: number | null;
  #t = 0;
  #m: Float64Array[] = [];
  #v: Float64Array[] = [];
  #theta: Float32Array[] = [];

  constructor({learning_rate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, max_grad_norm = null}: AdamOptions = {}) {
    this.#lr = learning_rate;
    this.#maxGradNorm = max_grad_norm;
    this.#beta1 = beta1;
    this.#beta2 = beta2;
    this.#epsilon = epsilon;
  }

  /** One step on `loss` over `params`; returns the loss before the step. */
  async minimize(loss: () => tf.Scalar, params: readonly tf.Variable[]): Promise<number> {
    const {loss: value, grads: g} = await readGradients(loss, params, this.#maxGradNorm);
    if (this.#t === 0) {
      this.#m = params.map((p) => new Float64Array(p.size));
      this.#v = params.map((p) => new Float64Array(p.size));
      this.#theta = await Promise.all(params.map(async (p) => Float32Array.from(await p.data())));
    }
    this.#t += 1;
    const c1 = 1 - this.#beta1 ** this.#t;
    const c2 = 1 - this.#beta2 ** this.#t;
    let offset = 0;
    params.forEach((p, k) => {
      const m = this.#m[k];
      const v = this.#v[k];
      const theta = this.#theta[k]; // mirrors p: only this optimiser writes it
      for (let i = 0; i < p.size; ++i) {
        const gi = g[offset + i];
        m[i] = this.#beta1 * m[i] + (1 - this.#beta1) * gi;
        v[i] = this.#beta2 * v[i] + (1 - this.#beta2) * gi * gi;
        theta[i] -= (this.#lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + this.#epsilon);
      }
      offset += p.size;
      tf.tidy(() => p.assign(tf.tensor(theta, p.shape)));
    });
    return value;
  }
}

/**
 * Plain gradient descent, theta -= lr * g (g clipped to max_grad_norm when set). Unlike Adam,
 * whose per-coordinate scaling moves every feature's weight at about the same speed, it keeps the
 * direction of the policy gradient, which at pi_0 is Cov_pi0(z, r): from the uniform policy it
 * heads along the path of KL-regularised optima pi_0 exp(r / beta). With heavy-tailed rewards the
 * gradient's norm jumps from batch to batch; clipping bounds the step.
 */
export class Sgd implements StepOptimizer {
  readonly #lr: number;
  readonly #maxGradNorm: number | null;
  #theta: Float32Array[] = [];

  constructor({learning_rate = 0.01, max_grad_norm = null}: {learning_rate?: number; max_grad_norm?: number | null} = {}) {
    this.#lr = learning_rate;
    this.#maxGradNorm = max_grad_norm;
  }

  async minimize(loss: () => tf.Scalar, params: readonly tf.Variable[]): Promise<number> {
    const {loss: value, grads: g} = await readGradients(loss, params, this.#maxGradNorm);
    if (this.#theta.length === 0) this.#theta = await Promise.all(params.map(async (p) => Float32Array.from(await p.data())));
    let offset = 0;
    params.forEach((p, k) => {
      const theta = this.#theta[k];
      for (let i = 0; i < p.size; ++i) theta[i] -= this.#lr * g[offset + i];
      offset += p.size;
      tf.tidy(() => p.assign(tf.tensor(theta, p.shape)));
    });
    return value;
  }
}
