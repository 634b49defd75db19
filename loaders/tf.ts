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
export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
