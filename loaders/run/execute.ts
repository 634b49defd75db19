import {Rng, deriveSeed} from "../random.ts";
import {generateWorld, qualityScore} from "../worlds/synthetic.ts";
import type {World} from "../worlds/synthetic.ts";
import {allItems} from "../worlds/pool.ts";
import {sampleIndex} from "../policy/sample.ts";
import {makePreferences} from "../reward/preferences.ts";
import {trainEnsemble} from "../reward/ensemble.ts";
import type {ScoredEnsemble} from "../reward/ensemble.ts";
import {trainBrme} from "../reward/brme.ts";
import type {ScoredBrme} from "../reward/brme.ts";
import {memberStd} from "../reward/aggregate.ts";
import {objectives, standardizedObjective} from "../reward/objectives.ts";
import {poolReward} from "../reward/reward.ts";
import type {Reward, RewardScores} from "../reward/reward.ts";
import {NumericalFault, checkFinite} from "../optimize/types.ts";
import type {CurvePoint, OptimizerResult} from "../optimize/types.ts";
import {canonicalJson, prepareOptimizer} from "./config.ts";
import type {RunConfig} from "./config.ts";

/** A run to execute: its id, where it came from, and its resolved config. */
export interface RunPlan {
  readonly run_id: string;
  readonly experiment: string;
  readonly sweep: string;
  readonly config: RunConfig;
}

type Row = Record<string, unknown>;

/** Everything one run contributes to the four tables. */
export interface RunResult {
  readonly run_id: string;
  readonly runs: Row;
  readonly curves: Row[];
  readonly reward_models: Row[];
  readonly samples: Row[];
  /** language-model runs: one row per checkpoint, and per checkpoint and held-out prompt */
  readonly checkpoints?: Row[];
  readonly checkpoint_prompts?: Row[];
}

export interface ExecuteOptions {
  /** backend name recorded in the runs table */
  backend: string;
  engineVersion: string;
  /** record wall times (default true); false writes null so outputs are byte-identical */
  timings?: boolean;
  /** run cache folder, whose stages/ holds shared stage results (text runs' pi_ref); null: none */
  cacheDir?: string | null;
}

/**
 * Executes runs that share a reward-model stage (stages.ts: same seed, world, preferences,
 * reward model and ensemble diversity), each shared stage once:
 *   1. world: generate it for the seed (its reference policy pi_0 is uniform over each pool);
 *   2. preferences: draw and label training and held-out pairs;
 *   3. reward_models: train the largest ensemble any run needs (member m depends only on seed and
 *      m, so the first k members are the k-member ensemble), or a BRME with that many heads;
 *   4. per run (executeRun): objective, optimise, evaluate and sample.
 * A numerical fault (a non-finite reward-model loss or reward: every run of the group; a
 * non-finite curve value, or one the optimiser meets: that run) makes a failed run: runs.status
 * "failed", runs.error the fault, and no rows in the other tables.
 */
export async function executeGroup(plans: readonly RunPlan[], {backend, engineVersion, timings = true}: ExecuteOptions): Promise<RunResult[]> {
  const start = performance.now();
  const {seed, world: worldOptions, preferences, reward_model, ensemble} = plans[0].config;
  const world = generateWorld(worldOptions, deriveSeed(seed, "world"));
  const {train, heldout} = makePreferences(world, preferences, deriveSeed(seed, "preferences"));
  const size = Math.max(...plans.map((p) => p.config.ensemble.size));
  const scored: ScoredEnsemble | ScoredBrme =
    reward_model.architecture === "brme"
      ? await trainBrme(world, train, heldout, reward_model, {heads: size, targets: reward_model.brme_targets}, deriveSeed(seed, "brme"))
      : await trainEnsemble(world, train, heldout, reward_model, {...ensemble, size}, deriveSeed(seed, "ensemble"));
  // A reward model that diverged fails every run of the group.
  const groupFault = faultOf(() => {
    for (const m of scored.members) checkFinite([m.trainLoss], `reward model member ${m.member} train_loss`);
    scored.rewards.forEach((r, m) => checkFinite(r, `reward of member ${m} over the pool`));
  });
  const shared = (performance.now() - start) / 1000 / plans.length;
  const results: RunResult[] = [];
  for (const plan of plans) {
    const t0 = performance.now();
    let error = groupFault;
    let result: Omit<RunResult, "runs"> = {run_id: plan.run_id, curves: [], reward_models: [], samples: []};
    if (error === null) {
      try {
        result = await executeRun(plan, world, scored);
      } catch (fault) {
        if (!(fault instanceof NumericalFault)) throw fault;
        error = fault.message;
      }
    }
    const duration = shared + (performance.now() - t0) / 1000;
    const {config} = plan;
    results.push({
      ...result,
      runs: {
        run_id: plan.run_id,
        experiment: plan.experiment,
        sweep: plan.sweep,
        world: config.world.name,
        optimizer: config.optimizer.name,
        kl_coef: typeof config.optimizer.kl_coef === "number" && config.optimizer.kl_control !== "exact_target" ? config.optimizer.kl_coef : null,
        kl_target: config.optimizer.kl_control === "adaptive" || config.optimizer.kl_control === "exact_target" ? (config.optimizer.kl_target as number) : null,
        kl_control: typeof config.optimizer.kl_control === "string" ? config.optimizer.kl_control : null,
        policy: typeof config.optimizer.policy === "string" ? config.optimizer.policy : null,
        policy_optimizer: typeof config.optimizer.policy_optimizer === "string" ? config.optimizer.policy_optimizer : null,
        objective: config.objective.name,
        objective_param: config.objective.param,
        reward_source: config.reward_model.architecture,
        ensemble_size: config.ensemble.size,
        n_pairs: config.preferences.pairs,
        label_noise: config.preferences.label_noise,
        seed: config.seed,
        backend,
        engine_version: engineVersion,
        config_json: canonicalJson(config),
        duration_s: timings ? Math.round(duration * 1000) / 1000 : null,
        status: error === null ? "ok" : "failed",
        error
      }
    });
  }
  return results;
}

/** The message of the NumericalFault `fn` throws, or null when it throws none. */
export function faultOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (fault) {
    if (fault instanceof NumericalFault) return fault.message;
    throw fault;
  }
}

/**
 * The testing hook for numerical faults: GOODHART_INJECT_NONFINITE, a comma-separated list of
 * run ids, makes those runs' proxy reward NaN (every score of member 0), so the fault is met
 * where a real one would be and goes the same way (a failed run; the sweep goes on). Read here
 * only. It does not touch runs already in the run cache (use --no-cache or a fresh --cache).
 */
export function injectNonFinite<Y>(runId: string, reward: Reward<Y>): Reward<Y> {
  if (!(process.env.GOODHART_INJECT_NONFINITE ?? "").split(",").includes(runId)) return reward;
  return {
    size: reward.size,
    source: reward.source,
    async score(responses) {
      const {rewards, sigmas} = await reward.score(responses);
      return {rewards: rewards.map((r, m) => (m === 0 ? r.map(() => NaN) : r)), sigmas};
    }
  };
}

/** Every number of a curve row finite (nulls aside), else a NumericalFault. */
/** The curves table's rows of a run (io/schema/runs.ts), from its optimiser's curve points. */
export function curveRows(run_id: string, curve: readonly CurvePoint[]): Row[] {
  return curve.map((c) => ({
    run_id,
    point: c.point,
    beta: c.beta,
    kl: c.kl,
    kl_method: c.kl_method,
    sqrt_kl: Math.sqrt(Math.max(c.kl, 0)),
    kl_k1: c.kl_k1 ?? null,
    kl_k2: c.kl_k2 ?? null,
    kl_k3: c.kl_k3 ?? null,
    proxy_reward: c.proxy_reward,
    gold_reward: c.gold_reward,
    proxy_std: c.proxy_std,
    entropy: c.entropy ?? null,
    exact_gold_reward: c.exact_gold_reward ?? null
  }));
}

function checkCurve(c: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(c)) if (typeof value === "number") checkFinite([value], `${key} at curve point ${c.point}`);
}

/**
 * One run on the group's trained members:
 *   1. the reward: the run's first ensemble.size members (or BRME heads) over the pool;
 *   2. the objective, started on pi_0's responses (the whole pool), its proxy standardised on
 *      them for the optimisers that ask for it (policy gradient: the KL coefficient's scale);
 *   3. the optimiser on them;
 *   4. the curves, the members' reports and the samples.
 */
async function executeRun(plan: RunPlan, world: World, scored: ScoredEnsemble | ScoredBrme): Promise<Omit<RunResult, "runs">> {
  const {run_id, config} = plan;
  const size = config.ensemble.size;
  const reward = injectNonFinite(run_id, poolReward(config.reward_model.architecture, scored.rewards.slice(0, size), "sigmas" in scored ? scored.sigmas.slice(0, size) : null));
  const reference = await reward.score(allItems(world.n));
  const optimizer = prepareOptimizer(config.optimizer, config.world);
  const started = objectives[config.objective.name].start(config.objective.param, reference);
  const objective = optimizer.standardizesProxy ? standardizedObjective(started, reference).state : started;
  // Samples record each response's proxy as scored on pi_0, before any batch updates the objective's state.
  const proxy = objective.proxy(reference);
  const result = await optimizer.run({world, reward, objective, seed: deriveSeed(config.seed, "optimizer")});
  const curves = curveRows(run_id, result.curve);
  for (const row of curves) checkCurve(row);
  const reward_models = scored.members.slice(0, size).map((m) => ({
    run_id,
    member: m.member,
    architecture: m.architecture,
    heldout_accuracy: m.heldoutAccuracy,
    train_accuracy: m.trainAccuracy,
    train_loss: m.trainLoss
  }));
  const samples = await drawSamples(plan, world, result, {proxy, reference});
  return {run_id, curves, reward_models, samples};
}

/** Indices of `count` points evenly spaced over `length` (first and last included). */
export function samplePoints(length: number, count: number): number[] {
  if (count <= 0 || length === 0) return [];
  if (count === 1) return [length - 1];
  const picks = Array.from({length: count}, (_, i) => Math.round((i * (length - 1)) / (count - 1)));
  return [...new Set(picks)];
}

async function drawSamples(plan: RunPlan, world: World, result: OptimizerResult, {proxy, reference}: {proxy: Float64Array; reference: RewardScores}): Promise<Row[]> {
  const {run_id, config} = plan;
  const members = reference.rewards;
  const std = memberStd(members);
  const {poolSize: K, dims: D} = world;
  const rows: Row[] = [];
  for (const index of samplePoints(result.curve.length, config.samples.points)) {
    for (let prompt = 0; prompt < config.samples.prompts; ++prompt) {
      const p = await result.policy(index, prompt);
      const rng = new Rng(deriveSeed(config.seed, "samples", index, prompt));
      const response = sampleIndex(p, rng.uniform());
      const item = prompt * K + response;
      const features = world.features.subarray(item * D, (item + 1) * D);
      let nuisance = 0;
      for (let j = world.options.quality_dims + 1; j < D; ++j) nuisance = Math.max(nuisance, Math.abs(features[j]));
      rows.push({
        run_id,
        point: result.curve[index].point,
        prompt_id: prompt,
        response_id: response,
        proxy_reward: proxy[item],
        gold_reward: world.gold[item],
        proxy_std: std ? std[item] : null,
        member_rewards: members.map((m) => m[item]),
        quality: qualityScore(world.features, item, world.options),
        length: features[world.options.quality_dims],
        nuisance_max_abs: nuisance,
        features: Array.from(features),
        prompt_text: null,
        text: null,
        proxy_raw: null,
        repetition: null,
        copying: null,
        correct: null,
        ended: null
      });
    }
  }
  return rows;
}
