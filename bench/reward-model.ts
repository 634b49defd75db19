/**
 * Reward-model training throughput on the current backend, for `npm run bench`: Bradley-Terry
 * fits on a heavy_tailed world's preference pairs, full-batch Adam as in the experiments.
 */
import {trainRewardModel} from "../loaders/reward/bradley-terry.ts";
import type {RewardModelOptions} from "../loaders/reward/bradley-terry.ts";
import {makePreferences} from "../loaders/reward/preferences.ts";
import {tf} from "../loaders/tf.ts";
import {worldPresets} from "../loaders/worlds/presets.ts";
import {generateWorld} from "../loaders/worlds/feature-world.ts";

export interface BenchRewardModelOptions {
  /** "linear" or "mlp" (default "linear") */
  architecture?: "linear" | "mlp";
  /** preference pairs (default 500, the default spec's) */
  pairs?: number;
  /** Adam steps (default 100, the default spec's) */
  epochs?: number;
  /** hidden units of the MLP (default 32) */
  hidden?: number;
  /** timed fits; the median is reported (default 5) */
  reps?: number;
}

export interface BenchRewardModelResult {
  /** median wall seconds per fit */
  seconds: number;
  /** pairs x epochs / seconds: pair-gradients per second */
  pairsPerSecond: number;
  /** tensors alive after the fits minus before (0 when nothing leaks) */
  leakedTensors: number;
}

/** Times `reps` fits after one untimed fit, on whatever backend is current. */
export async function benchRewardModel(options: BenchRewardModelOptions = {}): Promise<BenchRewardModelResult> {
  const {architecture = "linear", pairs = 500, epochs = 100, hidden = 32, reps = 5} = options;
  const world = generateWorld({...worldPresets.heavy_tailed, prompts: 16, pool_size: 256}, 1);
  const {train} = makePreferences(world, {pairs, label_mode: "deterministic", temperature: 1, label_noise: 0.25, heldout_pairs: 2}, 2);
  const rm: RewardModelOptions = {architecture, hidden, epochs, learning_rate: 0.05, weight_decay: 0.001};
  const before = tf.memory().numTensors;
  const fit = async (seed: number) => {
    const t0 = performance.now();
    const model = await trainRewardModel(train, rm, seed);
    model.dispose();
    return (performance.now() - t0) / 1e3;
  };
  await fit(3);
  const times: number[] = [];
  for (let r = 0; r < reps; ++r) times.push(await fit(4 + r));
  const seconds = times.sort((x, y) => x - y)[times.length >> 1];
  return {seconds, pairsPerSecond: (pairs * epochs) / seconds, leakedTensors: tf.memory().numTensors - before};
}
