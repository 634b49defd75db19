/**
 * Best-of-n scoring throughput on the current backend, for `npm run bench`: a trained ensemble
 * scores every response of a world's pool (32 prompts x 4,096 responses, as in the default
 * overoptimization spec), standardises each member on pi_0, aggregates them (WCO) and reads the
 * best-of-n curve off the scores with the unbiased estimator for n = 1, 2, 4, ..., 1024. Member
 * training is not timed; scoring, aggregation and the estimator are.
 */
import {bestOfN} from "../loaders/optimize/best-of-n.ts";
import {bestOfNGrid} from "../loaders/optimize/registry.ts";
import {trainRewardModel} from "../loaders/reward/bradley-terry.ts";
import type {RewardModel} from "../loaders/reward/bradley-terry.ts";
import {standardize} from "../loaders/reward/ensemble.ts";
import {objectives} from "../loaders/reward/objectives.ts";
import {makePreferences} from "../loaders/reward/preferences.ts";
import {tf} from "../loaders/tf.ts";
import {worldPresets} from "../loaders/worlds/presets.ts";
import {generateWorld} from "../loaders/worlds/feature-world.ts";

export interface BenchBestOfNOptions {
  /** "linear" or "mlp" (default "mlp", 32 hidden) */
  architecture?: "linear" | "mlp";
  /** ensemble members (default 4) */
  members?: number;
  /** timed repeats after one untimed; the median is reported (default 5) */
  reps?: number;
}

export interface BenchBestOfNResult {
  /** pool responses */
  samples: number;
  /** median wall seconds per pass (score every member, aggregate, estimate the curve) */
  seconds: number;
  /** samples / seconds */
  samplesPerSecond: number;
  /** tensors alive after the passes minus before (0 when nothing leaks) */
  leakedTensors: number;
}

export async function benchBestOfN(options: BenchBestOfNOptions = {}): Promise<BenchBestOfNResult> {
  const {architecture = "mlp", members = 4, reps = 5} = options;
  const world = generateWorld(worldPresets.heavy_tailed, 1);
  const {train} = makePreferences(world, {pairs: 500, label_mode: "deterministic", temperature: 1, label_noise: 0.25, heldout_pairs: 2}, 2);
  const models: RewardModel[] = [];
  for (let m = 0; m < members; ++m) models.push(await trainRewardModel(train, {architecture, hidden: 32, epochs: 20, learning_rate: 0.05, weight_decay: 0.001}, 10 + m));
  const before = tf.memory().numTensors;
  const ns = bestOfNGrid(1024);
  const pass = async () => {
    const t0 = performance.now();
    const rewards: Float64Array[] = [];
    for (const model of models) rewards.push(standardize(await model.score(world.features, world.n)));
    const proxy = objectives.wco.start(null, {rewards, sigmas: null}).proxy({rewards, sigmas: null});
    bestOfN(proxy, {gold: world.gold, proxy}, {prompts: world.prompts, poolSize: world.poolSize, ns});
    return (performance.now() - t0) / 1e3;
  };
  try {
    await pass();
    const times: number[] = [];
    for (let r = 0; r < reps; ++r) times.push(await pass());
    const seconds = times.sort((a, b) => a - b)[times.length >> 1];
    return {samples: world.n, seconds, samplesPerSecond: world.n / seconds, leakedTensors: tf.memory().numTensors - before};
  } finally {
    for (const model of models) model.dispose();
  }
}
