/**
 * Executes language-model runs (config.ts) that share a reward-model stage:
 *   1. world: the text world and its corpus embedding, from world.seed (the run's seed when "per_seed");
 *   2. reference: pi_ref, the transformer fine-tuned on the demonstrations (a checkpoint from the
 *      stage cache, else SFT now); its samples on the RL prompts fix the scales: gold and every
 *      proxy member read in standard deviations of pi_ref's samples, pi_ref's mean at 0;
 *   3. reward_models: the white-box reward, or Bradley-Terry members trained on gold-labelled
 *      pairs of pi_ref's samples (pairs on training prompts, clean held-out pairs on held-out prompts);
 *   4. per run: the objective (started on pi_ref's samples), the registry's policy-training
 *      optimiser (RLOO, PPO) on the language model through the Policy interface, then every checkpoint (curve point) answers the held-out prompts at the
 *      evaluation temperature: proxy, gold, length, repetition, copying, correctness, per prompt too.
 */
import {Rng, deriveSeed} from "../../../random.ts";
import type {TextResponses, TextWorld} from "../../../worlds/text/world.ts";
import {responseText} from "../../../worlds/text/world.ts";
import {goldRewards} from "../../../worlds/text/gold.ts";
import {responseMetrics} from "../../../worlds/text/metrics.ts";
import {lmConfig} from "../../../policy/lm/config.ts";
import type {LmConfig} from "../../../policy/lm/config.ts";
import {lmPolicy} from "../../../policy/lm/lm-policy.ts";
import type {LmSnapshot} from "../../../policy/lm/lm-policy.ts";
import {disposeWeights, toTensors} from "../../../policy/lm/weights.ts";
import type {LmWeights} from "../../../policy/lm/weights.ts";
import {whiteBoxReward} from "../../../reward/white-box.ts";
import {textPairs, trainTextBrme, trainTextEnsemble} from "../../../reward/text-reward-model.ts";
import type {TextEnsemble} from "../../../reward/text-reward-model.ts";
import {standardizedReward} from "../../../reward/reward.ts";
import type {Reward} from "../../../reward/reward.ts";
import {memberStd} from "../../../reward/aggregate.ts";
import {objectives} from "../../../reward/objectives.ts";
import {optimizers} from "../../../optimize/registry.ts";
import type {PolicyTrainingResult} from "../../../optimize/types.ts";
import type {Row, checkpointPrompts as checkpointPromptsTable, checkpoints as checkpointsTable, rewardModels, samples as samplesTable} from "../../../io/schema/index.ts";
import {curveRows, injectNonFinite, samplePoints} from "../../execute/rows.ts";
import type {RunTables} from "../../execute/rows.ts";
import {StageCache} from "../../store/stage-cache.ts";
import type {ExecuteOptions, KindGroup, KindPlan} from "../kind.ts";
import {worldSeed} from "./config.ts";
import type {TextRunConfig} from "./config.ts";
import {referenceStage, worldStage} from "./reference.ts";

type TextPlan = KindPlan<TextRunConfig>;
type MemberRow = Omit<Row<typeof rewardModels>, "run_id">;

/** pi_ref's samples per RL prompt that fix the scales (and start the objective). */
const REFERENCE_SAMPLES = 8;

/** Everything the runs of one group share. */
interface GroupContext {
  readonly world: TextWorld;
  readonly lm: LmConfig;
  readonly reference: LmWeights;
  readonly trainPrompts: Int32Array;
  readonly heldoutPrompts: Int32Array;
  /** pi_ref's responses on the RL prompts (REFERENCE_SAMPLES each, temperature 1) */
  readonly referenceSamples: TextResponses;
  /** gold in standard deviations of pi_ref's samples */
  gold(responses: TextResponses): Float64Array;
  /** the proxy's first `size` members, standardised on pi_ref's samples unless reward.scale is "raw" */
  reward(size: number): Reward<TextResponses>;
  /** the white-box formula's own value (the paper's scale); null for learned rewards */
  rawProxy: ((responses: TextResponses) => Float64Array) | null;
  readonly members: MemberRow[];
  dispose(): void;
}

async function groupContext(config: TextRunConfig, maxSize: number, cache: StageCache | null): Promise<GroupContext> {
  const {world, embedding} = worldStage(config);
  const {evaluation} = config;
  if (evaluation.train_prompts > world.train.length) throw new Error(`invalid evaluation.train_prompts: ${evaluation.train_prompts} (the world has ${world.train.length} training prompts)`);
  if (evaluation.heldout_prompts > world.heldout.length) throw new Error(`invalid evaluation.heldout_prompts: ${evaluation.heldout_prompts} (the world has ${world.heldout.length} held-out prompts)`);
  const checkpoint = await referenceStage(config, cache);
  const lm = lmConfig({...checkpoint.config});
  const reference = toTensors(lm, checkpoint.values);
  let ensemble: TextEnsemble | null = null;
  try {
    // Seeded subsets (prompt lists are ordered by kind: open-ended first), fixed by the task.
    const subset = (pool: Int32Array, n: number, tag: string) => {
      const order = Int32Array.from(pool);
      new Rng(deriveSeed(worldSeed(config), tag)).shuffle(order);
      return order.slice(0, n);
    };
    const trainPrompts = subset(world.train, evaluation.train_prompts, "rl-prompts");
    const heldoutPrompts = subset(world.heldout, evaluation.heldout_prompts, "evaluation-prompts");
    const respond = async (prompts: Int32Array, samples: number, seed: number): Promise<TextResponses> => {
      const policy = lmPolicy({world, config: lm, reference, prompts});
      try {
        return await (await policy.snapshot()).respond(prompts, samples, {seed, temperature: 1});
      } finally {
        policy.dispose();
      }
    };
    const referenceSamples = await respond(trainPrompts, REFERENCE_SAMPLES, deriveSeed(worldSeed(config), "reference-samples"));
    const rawGold = goldRewards(world, referenceSamples);
    const goldMean = rawGold.reduce((s, v) => s + v, 0) / rawGold.length;
    const goldSd = Math.sqrt(rawGold.reduce((s, v) => s + (v - goldMean) ** 2, 0) / rawGold.length) || 1;
    const gold = (responses: TextResponses) => goldRewards(world, responses).map((g) => (g - goldMean) / goldSd);

    let reward: (size: number) => Reward<TextResponses>;
    let rawProxy: GroupContext["rawProxy"] = null;
    let members: MemberRow[] = [];
    if (config.reward.source === "white_box") {
      const wb = whiteBoxReward(world, embedding, {variant: config.reward.variant!});
      rawProxy = (responses) => wb.score(responses).rewards[0];
      const scaled = config.reward.scale === "reference" ? await standardizedReward(wb, referenceSamples) : wb;
      reward = () => scaled;
    } else {
      const {seed, preferences, reward_model} = config;
      const pairPrompts = (pool: Int32Array, n: number, tag: string) => {
        const rng = new Rng(deriveSeed(seed, "pair-prompts", tag));
        return Int32Array.from({length: n}, () => pool[rng.int(pool.length)]);
      };
      const trainResponses = await respond(pairPrompts(world.train, preferences!.pairs, "train"), 2, deriveSeed(seed, "pairs", "train"));
      const heldoutResponses = await respond(pairPrompts(world.heldout, preferences!.heldout_pairs, "heldout"), 2, deriveSeed(seed, "pairs", "heldout"));
      const train = textPairs(world, embedding, trainResponses, gold(trainResponses), preferences!, deriveSeed(seed, "labels", "train"));
      const heldout = textPairs(world, embedding, heldoutResponses, gold(heldoutResponses), {...preferences!, label_mode: "deterministic", label_noise: 0}, deriveSeed(seed, "labels", "heldout"));
      const data = {train, heldout, reference: referenceSamples};
      const {architecture, brme_targets, ...training} = reward_model!;
      const trained =
        architecture === "brme"
          ? await trainTextBrme(world, embedding, data, training, {heads: maxSize, targets: brme_targets!}, deriveSeed(seed, "brme"))
          : await trainTextEnsemble(world, embedding, data, {...training, architecture}, {...config.ensemble, size: maxSize}, deriveSeed(seed, "ensemble"));
      ensemble = trained;
      reward = (size) => trained.reward(size);
      members = trained.members.map((m) => ({member: m.member, architecture: m.architecture, heldout_accuracy: m.heldoutAccuracy, train_accuracy: m.trainAccuracy, train_loss: m.trainLoss}));
    }
    return {
      world,
      lm,
      reference,
      trainPrompts,
      heldoutPrompts,
      referenceSamples,
      gold,
      reward,
      rawProxy,
      members,
      dispose() {
        ensemble?.dispose();
        disposeWeights(reference);
      }
    };
  } catch (error) {
    ensemble?.dispose();
    disposeWeights(reference);
    throw error;
  }
}

/** The stages the runs of a group share (groupContext); a fault there is no numerical fault of a run, so it stops the sweep. */
export async function textGroup(plans: readonly TextPlan[], {backend, cacheDir = null}: ExecuteOptions): Promise<KindGroup<TextRunConfig>> {
  const cache = cacheDir ? new StageCache(cacheDir, backend) : null;
  const ctx = await groupContext(plans[0].config, Math.max(...plans.map((p) => p.config.ensemble.size)), cache);
  return {fault: null, run: (plan) => executeTextRun(plan, ctx), dispose: () => ctx.dispose()};
}

const meanOf = (values: ArrayLike<number>): number => {
  let s = 0, n = 0;
  for (let i = 0; i < values.length; ++i) if (!Number.isNaN(values[i])) (s += values[i]), ++n;
  return n ? s / n : NaN;
};

async function executeTextRun(plan: TextPlan, ctx: GroupContext): Promise<RunTables> {
  const {run_id, config} = plan;
  const {world} = ctx;
  const reward = injectNonFinite(run_id, ctx.reward(config.ensemble.size));
  const objective = objectives[config.objective.name].start(config.objective.param, await reward.score(ctx.referenceSamples));
  // The optimiser, from the registry: one that trains any policy (config.ts allows no other).
  const {trainPolicy} = optimizers[config.optimizer.name].prepare(config.optimizer, {prompts: config.evaluation.train_prompts});
  if (!trainPolicy) throw new Error(`internal: optimizer ${config.optimizer.name} trains no policy`);
  const policy = lmPolicy({world, config: ctx.lm, reference: ctx.reference, prompts: ctx.trainPrompts});
  let result: PolicyTrainingResult<LmSnapshot>;
  try {
    result = await trainPolicy({policy, reward, objective, gold: ctx.gold, seed: deriveSeed(config.seed, "optimizer")});
  } finally {
    policy.dispose();
  }
  const curves = curveRows(run_id, result.curve);

  // Checkpoints: every curve point answers the same held-out prompts with the same random stream.
  const {samples: S, temperature} = config.evaluation;
  const checkpoints: Row<typeof checkpointsTable>[] = [];
  const checkpointPrompts: Row<typeof checkpointPromptsTable>[] = [];
  const samples: Row<typeof samplesTable>[] = [];
  const sampled = new Set(samplePoints(result.snapshots.length, config.samples.points));
  for (const [index, snapshot] of result.snapshots.entries()) {
    const point = result.curve[index].point;
    const responses = await snapshot.respond(ctx.heldoutPrompts, S, {seed: deriveSeed(config.seed, "checkpoints"), temperature});
    const scores = await reward.score(responses);
    const proxy = objective.proxy(scores);
    const raw = ctx.rawProxy?.(responses) ?? null;
    const gold = ctx.gold(responses);
    const std = memberStd(scores.rewards);
    const m = responseMetrics(world, responses);
    checkpoints.push({
      run_id,
      point,
      prompts: ctx.heldoutPrompts.length,
      samples: S,
      temperature,
      proxy_reward: meanOf(proxy),
      proxy_raw: raw ? meanOf(raw) : null,
      gold_reward: meanOf(gold),
      proxy_std: std ? meanOf(std) : null,
      length: meanOf(m.tokens),
      repetition: meanOf(m.repetition),
      copying: meanOf(m.copying),
      correct: Number.isNaN(meanOf(m.correct)) ? null : meanOf(m.correct),
      ended: meanOf(m.ended)
    });
    ctx.heldoutPrompts.forEach((prompt, j) => {
      const part = (v: Float64Array) => meanOf(v.subarray(j * S, (j + 1) * S));
      checkpointPrompts.push({run_id, point, prompt_id: prompt, closed: world.prompts[prompt].reference !== null, proxy_reward: part(proxy), gold_reward: part(gold)});
    });
    if (sampled.has(index)) {
      for (let j = 0; j < config.samples.prompts; ++j) {
        const i = j * S;
        const prompt = world.prompts[ctx.heldoutPrompts[j]];
        samples.push({
          run_id,
          point,
          prompt_id: prompt.index,
          response_id: null,
          proxy_reward: proxy[i],
          gold_reward: gold[i],
          proxy_std: std ? std[i] : null,
          member_rewards: scores.rewards.map((r) => r[i]),
          quality: null,
          length: m.tokens[i],
          nuisance_max_abs: null,
          features: null,
          prompt_text: prompt.text,
          text: responseText(world, responses, i),
          proxy_raw: raw ? raw[i] : null,
          repetition: m.repetition[i],
          copying: m.copying[i],
          correct: Number.isNaN(m.correct[i]) ? null : m.correct[i],
          ended: m.ended[i] === 1
        });
      }
    }
  }
  const reward_models = ctx.members.slice(0, config.reward.source === "learned" ? config.ensemble.size : 0).map((m) => ({run_id, ...m}));
  return {curves, reward_models, samples, checkpoints, checkpoint_prompts: checkpointPrompts};
}
