import {Rng, deriveSeed} from "../../../random.ts";
import {generateWorld, qualityScore} from "../../../worlds/feature-world.ts";
import type {World} from "../../../worlds/feature-world.ts";
import {allItems} from "../../../worlds/pool.ts";
import {sampleIndex} from "../../../policy/sample.ts";
import {makePreferences} from "../../../reward/preferences.ts";
import {trainEnsemble} from "../../../reward/ensemble.ts";
import type {ScoredEnsemble} from "../../../reward/ensemble.ts";
import {trainBrme} from "../../../reward/brme.ts";
import type {ScoredBrme} from "../../../reward/brme.ts";
import {memberStd} from "../../../reward/aggregate.ts";
import {objectives, standardizedObjective} from "../../../reward/objectives.ts";
import {poolReward} from "../../../reward/reward.ts";
import type {RewardScores} from "../../../reward/reward.ts";
import {prepareOptimizer} from "../../../optimize/registry.ts";
import {checkFinite} from "../../../optimize/types.ts";
import type {OptimizerResult} from "../../../optimize/types.ts";
import type {Row, samples as samplesTable} from "../../../io/schema/index.ts";
import {checkCurve, curveRows, faultOf, injectNonFinite, noTables, samplePoints} from "../../execute/rows.ts";
import type {RunTables} from "../../execute/rows.ts";
import type {KindGroup, KindPlan} from "../kind.ts";
import type {RunConfig} from "./config.ts";

type PoolPlan = KindPlan<RunConfig>;

/**
 * The stages runs that share a reward-model stage (stages.ts: same seed, world, preferences,
 * reward model and ensemble diversity) compute once:
 *   1. world: generate it for the seed (its reference policy pi_0 is uniform over each pool);
 *   2. preferences: draw and label training and held-out pairs;
 *   3. reward_models: train the largest ensemble any run needs (member m depends only on seed and
 *      m, so the first k members are the k-member ensemble), or a BRME with that many heads;
 *   4. per run (executeRun): objective, optimise, evaluate and sample.
 * A non-finite reward-model loss or reward is the group's fault: every run of it fails.
 */
export async function poolGroup(plans: readonly PoolPlan[]): Promise<KindGroup<RunConfig>> {
  const {seed, world: worldOptions, preferences, reward_model, ensemble} = plans[0].config;
  const world = generateWorld(worldOptions, deriveSeed(seed, "world"));
  const {train, heldout} = makePreferences(world, preferences, deriveSeed(seed, "preferences"));
  const size = Math.max(...plans.map((p) => p.config.ensemble.size));
  const scored: ScoredEnsemble | ScoredBrme =
    reward_model.architecture === "brme"
      ? await trainBrme(world, train, heldout, reward_model, {heads: size, targets: reward_model.brme_targets}, deriveSeed(seed, "brme"))
      : await trainEnsemble(world, train, heldout, reward_model, {...ensemble, size}, deriveSeed(seed, "ensemble"));
  // A reward model that diverged fails every run of the group.
  const fault = faultOf(() => {
    for (const m of scored.members) checkFinite([m.trainLoss], `reward model member ${m.member} train_loss`);
    scored.rewards.forEach((r, m) => checkFinite(r, `reward of member ${m} over the pool`));
  });
  return {fault, run: (plan) => executeRun(plan, world, scored), dispose() {}};
}

/**
 * One run on the group's trained members:
 *   1. the reward: the run's first ensemble.size members (or BRME heads) over the pool;
 *   2. the objective, started on pi_0's responses (the whole pool), its proxy standardised on
 *      them for the optimisers that ask for it (policy gradient: the KL coefficient's scale);
 *   3. the optimiser on them;
 *   4. the curves, the members' reports and the samples.
 */
async function executeRun(plan: PoolPlan, world: World, scored: ScoredEnsemble | ScoredBrme): Promise<RunTables> {
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
  return {...noTables(), curves, reward_models, samples};
}

async function drawSamples(plan: PoolPlan, world: World, result: OptimizerResult, {proxy, reference}: {proxy: Float64Array; reference: RewardScores}): Promise<Row<typeof samplesTable>[]> {
  const {run_id, config} = plan;
  const members = reference.rewards;
  const std = memberStd(members);
  const {poolSize: K, dims: D} = world;
  const rows: Row<typeof samplesTable>[] = [];
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
