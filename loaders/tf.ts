/**
 * The one TensorFlow.js namespace the engine uses. Import `tf` from here, never from a backend
 * package: the backend is chosen at run time by `loaders/backend/`.
 * Only functional ops are available (`tf.square(x)`, not `x.square()`): tfjs-core alone registers
 * no chained ops. Gradients are registered here because tfjs-core alone registers none.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";

// Production mode: no per-op debug checks, and no "install tfjs-node" banner on first use.
tf.enableProdMode();

export {tf};

/**
 * Reads a tensor back to the CPU asynchronously and disposes it. Every read-back in the engine
 * goes through here (or `tensor.data()`): WebGPU in Node has no synchronous read (`dataSync`
 * needs OffscreenCanvas), so a synchronous engine could not run on a GPU.
 */
export async function readAndDispose<T extends tf.Tensor>(tensor: T): Promise<Float32Array> {
  try {
    return (await tensor.data()) as Float32Array;
  } finally {
    tensor.dispose();
  }
}
/** The tensor type of each rank. */
interface RankedTensors {
  0: tf.Scalar;
  1: tf.Tensor1D;
  2: tf.Tensor2D;
  3: tf.Tensor3D;
  4: tf.Tensor4D;
}

function hasRank<N extends keyof RankedTensors>(t: tf.Tensor, rank: N): t is RankedTensors[N] {
  return t.rank === rank;
}

/**
 * `t` typed by its rank, which is checked: tf's arithmetic ops (add, mul, sum, matMul...) return a
 * tensor of whatever type the caller names, so their results are ranked here instead of asserted.
 */
export function ranked<N extends keyof RankedTensors>(t: tf.Tensor, rank: N): RankedTensors[N] {
  if (!hasRank(t, rank)) throw new Error(`invalid tensor: shape [${t.shape.join(", ")}] (expected rank ${rank})`);
  return t;
}

export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
