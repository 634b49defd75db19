/**
 * Step time of the policy-gradient optimisers on the current TensorFlow.js backend, for
 * `npm run bench`: a heavy_tailed world with a random linear proxy, timed over whole runs
 * (sampling, scoring, update and the periodic exact evaluation included).
 */
import {deriveSeed, Rng} from "../random.ts";
import {tf} from "../tf.ts";
import {worldPresets} from "../worlds/presets.ts";
import {generateWorld} from "../worlds/feature-world.ts";
import {objectives} from "../reward/objectives.ts";
import {poolReward} from "../reward/reward.ts";
import {allItems} from "../worlds/pool.ts";
import {ppoOptimizer} from "../optimize/ppo.ts";
import type {PpoOptions} from "../optimize/ppo.ts";
import type {RlooOptions} from "../optimize/rloo.ts";
import {rlooOptimizer} from "../optimize/rloo.ts";

export interface BenchRlStepOptions {
  /** "rloo" or "ppo" (default "rloo") */
  algorithm?: "rloo" | "ppo";
  /** prompts P (default 32) */
  prompts?: number;
  /** responses per prompt K (default 1024) */
  poolSize?: number;
  /** timed steps (default 100) */
  steps?: number;
  /** untimed warm-up steps (default 10) */
  warmup?: number;
  /** optimizer fields over the defaults, which are robust-rl.json's (batch_prompts 4, samples_per_prompt 8, sgd at 0.02 clipped to norm 1, log_every 20) */
  optimizer?: Record<string, unknown>;
  /** seed of the world and the proxy (default 1) */
  seed?: number;
}

export interface BenchRlStepResult {
  readonly backend: string;
  readonly algorithm: string;
  readonly steps: number;
  /** wall milliseconds per step, evaluation every log_every steps included */
  readonly msPerStep: number;
  /** sampled responses per second (batch_prompts * samples_per_prompt per step) */
  readonly samplesPerSecond: number;
  /** tensors alive after the run minus before (0 when nothing leaks) */
  readonly leakedTensors: number;
  /** the resolved optimizer options that were timed */
  readonly options: RlooOptions | PpoOptions;
}

/** Times `steps` policy-gradient steps after a `warmup`-step run, on whatever backend is current. */
export async function benchRlStep(options: BenchRlStepOptions = {}): Promise<BenchRlStepResult> {
  const {algorithm = "rloo", prompts = 32, poolSize = 1024, steps = 100, warmup = 10, optimizer = {}, seed = 1} = options;
  const worldOptions = {...worldPresets.heavy_tailed, prompts, pool_size: poolSize};
  const world = generateWorld(worldOptions, deriveSeed(seed, "bench", "world"));
  const rng = new Rng(deriveSeed(seed, "bench", "proxy"));
  const w = Float64Array.from({length: world.dims}, () => rng.normal());
  const proxy = Float64Array.from({length: world.n}, (_, i) => {
    let s = 0;
    for (let j = 0; j < world.dims; ++j) s += w[j] * world.features[i * world.dims + j];
    return s;
  });
  const reward = poolReward("linear", [proxy]);
  const input = async () => ({world, reward, objective: objectives.single.start(null, await reward.score(allItems(world.n))), seed});
  const settings = {batch_prompts: Math.min(4, prompts), samples_per_prompt: 8, policy_optimizer: "sgd", learning_rate: 0.02, max_grad_norm: 1, log_every: 20, ...optimizer};
  const raw = (n: number) => ({name: algorithm, ...settings, steps: n, log_every: Math.min(Number(settings.log_every), n)});
  const run = async (n: number) => (algorithm === "ppo" ? ppoOptimizer.run(await input(), ppoOptimizer.normalize(raw(n), worldOptions)) : rlooOptimizer.run(await input(), rlooOptimizer.normalize(raw(n), worldOptions)));
  await run(Math.max(1, warmup));
  const before = tf.memory().numTensors;
  const timed = algorithm === "ppo" ? ppoOptimizer.normalize(raw(steps), worldOptions) : rlooOptimizer.normalize(raw(steps), worldOptions);
  const start = performance.now();
  await run(steps);
  const ms = performance.now() - start;
  const perStep = timed.batch_prompts * timed.samples_per_prompt;
  return {
    backend: tf.getBackend(),
    algorithm,
    steps,
    msPerStep: ms / steps,
    samplesPerSecond: (perStep * steps) / (ms / 1000),
    leakedTensors: tf.memory().numTensors - before,
    options: timed
  };
}
