/**
 * The one TensorFlow.js namespace the engine uses. Import `tf` from here, never from a backend
 * package: the backend is chosen at run time by `loaders/backend/` (see `selectBackend`).
 * Only functional ops are available (`tf.square(x)`, not `x.square()`): tfjs-core alone registers
 * no chained ops.
 */
import * as tf from "@tensorflow/tfjs-core";

export {tf};
export type Tensor = tf.Tensor;
export type Tensor1D = tf.Tensor1D;
export type Tensor2D = tf.Tensor2D;
