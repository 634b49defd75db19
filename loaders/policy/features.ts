import type {World} from "../worlds/feature-world.ts";

/**
 * The policy's view of each pool response: the world's raw features standardised column-wise
 * with their mean and std over the whole pool (pi_0), so one learning rate suits every feature.
 * Returns a new Float32Array [P * K, D]; a constant column becomes 0.
 */
export function policyFeatures(world: Pick<World, "n" | "dims" | "features">): Float32Array {
  const {n, dims: D, features} = world;
  const mean = new Float64Array(D);
  const sq = new Float64Array(D);
  for (let i = 0; i < n; ++i) {
    for (let j = 0; j < D; ++j) {
      const v = features[i * D + j];
      mean[j] += v;
      sq[j] += v * v;
    }
  }
  const scale = new Float64Array(D);
  for (let j = 0; j < D; ++j) {
    mean[j] /= n;
    const sd = Math.sqrt(Math.max(sq[j] / n - mean[j] * mean[j], 0));
    scale[j] = sd > 0 ? 1 / sd : 0;
  }
  const z = new Float32Array(n * D);
  for (let i = 0; i < n; ++i) for (let j = 0; j < D; ++j) z[i * D + j] = (features[i * D + j] - mean[j]) * scale[j];
  return z;
}
