import {tf} from "../tf.ts";

const expected = [19, 22, 43, 50];

/**
 * Checks that the current backend computes: a 2 x 2 matmul, read back asynchronously (WebGPU has
 * no synchronous read in Node). Throws an Error whose message says what went wrong.
 */
export async function smokeTest(): Promise<void> {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
  let got: number[];
  try {
    got = Array.from(await product.data());
  } finally {
    product.dispose();
  }
  if (got.length !== 4 || got.some((v, i) => Math.abs(v - expected[i]) > 1e-3)) {
    throw new Error(`smoke test failed: [[1,2],[3,4]] x [[5,6],[7,8]] gave [${got.join(", ")}] (expected [${expected.join(", ")}])`);
  }
}
