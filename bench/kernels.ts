/**
 * Kernel formulation for the engine's small dense layers, for `npm run bench`: one gradient step of
 * x [n, d] . w [d, 1] (a reward model's or the pool policy's linear score) through tf.matMul, whose
 * weight gradient is a transposed matmul (a scalar loop on wasm), against a custom gradient written
 * with explicit 2-D transposes and plain matmuls (the form wasm's XNNPACK kernels take). The
 * language model (loaders/policy/lm/) uses the custom form; the reward models and the pool policy
 * keep tf.matMul: measured 2026-11-30 on 2 cores, the custom form was within noise at n 500 on wasm
 * (237-270 vs 209-279 us) and 3-7x slower at n 4096 (the PPO pools) on both backends.
 */
import {tf} from "../loaders/tf.ts";

/** x . w with both gradients as plain 2-D matmuls of explicit transposes. */
const plainGradMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws) as tf.Tensor2D), tf.matMul(tf.transpose(xs) as tf.Tensor2D, dy as tf.Tensor2D)]
  };
});

export interface KernelTiming {
  readonly rows: number;
  readonly dims: number;
  /** microseconds per gradient step, tf.matMul */
  readonly matMul: number;
  /** microseconds per gradient step, plain-2-D custom gradient */
  readonly plain: number;
}

/** Mean microseconds of `steps` timed gradient steps after 20 untimed ones, on the current backend. */
export function benchDenseGradient({rows, dims = 41, steps = 300}: {rows: number; dims?: number; steps?: number}): KernelTiming {
  const x = tf.randomNormal([rows, dims], 0, 1, "float32", 1);
  const g = tf.randomNormal([rows, 1], 0, 1, "float32", 3);
  const w = tf.variable(tf.randomNormal([dims, 1], 0, 1, "float32", 2));
  const time = (product: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => {
    const step = () => {
      const {value, grads} = tf.variableGrads(() => tf.sum(tf.mul(product(x, w), g)) as tf.Scalar, [w]);
      grads[w.name].dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    };
    for (let i = 0; i < 20; ++i) step();
    const start = performance.now();
    for (let i = 0; i < steps; ++i) step();
    return ((performance.now() - start) / steps) * 1000;
  };
  try {
    return {rows, dims, matMul: time((a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)), plain: time((a, b) => plainGradMatMul(a, b))};
  } finally {
    tf.dispose([x, g, w]);
  }
}
