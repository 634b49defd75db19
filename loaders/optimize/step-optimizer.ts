/**
 * Parameter updates for the policy-gradient loops, on the backend: parameters and optimiser state
 * stay in tensors between steps, the gradient's global norm is clipped on the device, and nothing
 * is read back (tf.train's Adam and SGD, Kingma & Ba 2015 and plain gradient descent). A step
 * costs a few kernels per variable; for a transformer's many variables that is what keeps it on
 * the device instead of round-tripping every gradient through JavaScript.
 */
import {tf} from "../tf.ts";

/** What a policy-gradient update needs from an optimiser: one step on a loss over the parameters. */
export interface StepOptimizer {
  /** one step on `loss` over `params` (nothing is read back) */
  minimize(loss: () => tf.Scalar, params: readonly tf.Variable[]): Promise<void>;
  /** releases the optimiser's state (Adam's moments) */
  dispose(): void;
}

export interface StepOptimizerOptions {
  /** "adam" (Kingma & Ba) or "sgd" (plain gradient steps, which keep the policy gradient's direction) */
  readonly policy_optimizer: "adam" | "sgd";
  /** step size */
  readonly learning_rate: number;
  /** clip the gradients' global L2 norm to this before each step; null: no clipping */
  readonly max_grad_norm: number | null;
}

/**
 * Scales gradients so that their global L2 norm is at most maxNorm (as most RLHF trainers'
 * max_grad_norm): g <- g * maxNorm / max(||g||, maxNorm). Call inside tf.tidy.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.div(tf.scalar(maxNorm), tf.maximum(norm, tf.scalar(maxNorm)));
  return grads.map((g) => tf.mul(g, scale));
}

/**
 * The optimiser a policy-gradient spec names. Plain SGD, unlike Adam, whose per-coordinate scaling
 * moves every feature's weight at about the same speed, keeps the direction of the policy
 * gradient, which at pi_0 is Cov_pi0(z, r): from the uniform policy it heads along the path of
 * KL-regularised optima pi_0 exp(r / beta). With heavy-tailed rewards the gradient's norm jumps
 * from batch to batch; clipping bounds the step.
 */
export function stepOptimizer({policy_optimizer, learning_rate, max_grad_norm}: StepOptimizerOptions): StepOptimizer {
  const optimizer = policy_optimizer === "sgd" ? tf.train.sgd(learning_rate) : tf.train.adam(learning_rate, 0.9, 0.999, 1e-8);
  return {
    async minimize(loss, params) {
      tf.tidy(() => {
        const {value, grads} = tf.variableGrads(loss, [...params]);
        value.dispose();
        const names = params.map((p) => p.name);
        const raw = names.map((name) => grads[name]);
        const clipped = max_grad_norm === null ? raw : clipByGlobalNorm(raw, max_grad_norm);
        optimizer.applyGradients(names.map((name, i) => ({name, tensor: clipped[i]})));
      });
    },
    dispose: () => optimizer.dispose()
  };
}
