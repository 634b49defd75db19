/**
 * Adam (Kingma & Ba 2015) over all variables at once: the gradients are concatenated into one
 * vector, the update runs as one chain of ~12 element-wise kernels on it, and the new values are
 * split back. tf.train.adam runs that chain per variable (~12 kernels x 28 variables at d_model 64,
 * 2 layers: a third of an SFT step's kernels, each a dispatch). The arithmetic is tf.train.adam's,
 * op for op in float32 (the bias corrections 1 - beta^t are formed in float32 as its accBeta
 * variables are): the same numbers on wasm; on tensorflow a few elements differ in the last bit
 * (libtensorflow's element-wise kernels round differently in their vector and scalar paths, which
 * depend on a tensor's length).
 */
import {tf} from "../../tf.ts";

export interface FlatAdamOptions {
  /** step size */
  readonly learning_rate: number;
  /** first-moment decay (default 0.9, as tf.train.adam) */
  readonly beta1?: number;
  /** second-moment decay (default 0.999, as tf.train.adam) */
  readonly beta2?: number;
  /** added to sqrt(v) (default: the backend's epsilon, 1e-7 in float32, as tf.train.adam) */
  readonly epsilon?: number;
}

export interface FlatAdam {
  /** One step on `loss`'s gradient with respect to the variables; returns the loss when asked (the caller disposes it). */
  minimize(loss: () => tf.Scalar, returnCost: boolean): tf.Scalar | null;
  dispose(): void;
}

export function flatAdam(vars: readonly tf.Variable[], {learning_rate, beta1 = 0.9, beta2 = 0.999, epsilon = tf.backend().epsilon()}: FlatAdamOptions): FlatAdam {
  const sizes = vars.map((v) => v.size);
  const n = sizes.reduce((a, b) => a + b, 0);
  const m = tf.tidy(() => tf.variable(tf.zeros([n]), false)); // [n]
  const v = tf.tidy(() => tf.variable(tf.zeros([n]), false)); // [n]
  const f = Math.fround;
  let accBeta1 = f(beta1), accBeta2 = f(beta2);
  const flat = (ts: readonly tf.Tensor[]) => tf.concat(ts.map((t) => tf.reshape(t, [-1])));
  return {
    minimize(loss, returnCost) {
      const cost = tf.tidy(() => {
        const {value, grads} = tf.variableGrads(loss, [...vars]);
        const g = flat(vars.map((p) => grads[p.name])); // [n]
        const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        const mHat = tf.div(m1, f(1 - accBeta1));
        const vHat = tf.div(v1, f(1 - accBeta2));
        m.assign(m1);
        v.assign(v1);
        const next = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learning_rate), flat(vars)); // [n]
        tf.split(next, sizes).forEach((part, i) => vars[i].assign(tf.reshape(part, vars[i].shape)));
        return value;
      });
      accBeta1 = f(accBeta1 * f(beta1));
      accBeta2 = f(accBeta2 * f(beta2));
      if (returnCost) return cost;
      cost.dispose();
      return null;
    },
    dispose() {
      m.dispose();
      v.dispose();
    }
  };
}

/**
 * Adam over `vars` as the backend runs it best: flatAdam, except on wasm, whose SplitV of the flat
 * vector took ~20% of an SFT step's kernel time (npm run bench's profile), more than the ~350
 * per-variable kernels it saves at wasm's ~3 us dispatch: tf.train.adam there.
 */
export function adamFor(vars: readonly tf.Variable[], options: FlatAdamOptions): FlatAdam {
  if (tf.getBackend() !== "wasm") return flatAdam(vars, options);
  const adam = tf.train.adam(options.learning_rate, options.beta1, options.beta2, options.epsilon);
  return {minimize: (loss, returnCost) => adam.minimize(loss, returnCost, [...vars]), dispose: () => adam.dispose()};
}
