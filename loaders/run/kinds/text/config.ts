/**
 * The run config of a language-model experiment (a spec with "kind": "text"): a text world, a
 * transformer fine-tuned on its demonstrations (the reference policy pi_ref), a proxy (a white-box
 * RER reward or learned Bradley-Terry reward models on gold-labelled pairs of pi_ref's samples),
 * an objective, RLOO or PPO on the language model, and the checkpoint evaluation on held-out prompts.
 *
 * The run seed varies what RLHF varies: the preference pairs and their labels, the reward models'
 * initialisation and resampling, the RL batches and samples. The task comes from `world.seed` and
 * `sft.seed`: fixed numbers keep one world, one embedding and one pi_ref for every seed (one SFT,
 * shared and cached as a stage), so findings generalise over RL noise only; "per_seed" makes them
 * the run's seed, so each seed resamples the world, its embedding and pi_ref (one SFT per world,
 * each cached as its own stage) and findings over seeds generalise over worlds.
 */
import {textWorldDefaults} from "../../../worlds/text/world.ts";
import type {TextWorldOptions} from "../../../worlds/text/world.ts";
import type {LmConfig} from "../../../policy/lm/config.ts";
import {rerVariants} from "../../../reward/white-box.ts";
import type {RerVariant} from "../../../reward/white-box.ts";
import type {PreferenceOptions} from "../../../reward/preferences.ts";
import type {RewardModelOptions} from "../../../reward/bradley-terry.ts";
import type {EnsembleOptions} from "../../../reward/ensemble.ts";
import type {ObjectiveConfig} from "../../../reward/objectives.ts";
import {optimizers, prepareOptimizer} from "../../../optimize/registry.ts";
import type {OptimizerConfig} from "../../../optimize/types.ts";
import {checkKeys, fail, int, num, oneOf} from "../../../spec-validators.ts";
import type {Validator} from "../../../spec-validators.ts";
import {canonicalJson, ensembleFields, hashId, objectiveSection, preferenceFields, readSections, resolve, trainingFields} from "../../spec/config.ts";
import type {Fields} from "../../spec/config.ts";

/**
 * The value of `world.seed` and `sft.seed` that makes them the run's seed: each seed its own world
 * and pi_ref. The resolved config keeps it as written (so a configuration's runs differ by `seed`
 * alone, analysis/config-id.ts); worldSeed and sftSeed give the seeds in effect.
 */
export const perSeed = "per_seed";
export type TaskSeed = number | typeof perSeed;

export interface TextWorldConfig extends Omit<TextWorldOptions, "context"> {
  /** "text": the seeded text world (worlds/text/), the only world of a text spec */
  readonly name: "text";
  /** seed of the vocabulary, facts, prompts and corpus: the task; "per_seed": the run's seed, so each seed has its own world (default 1, one world for every seed) */
  readonly seed: TaskSeed;
}

export interface SftConfig {
  /** Adam steps (default 1500) */
  readonly steps: number;
  /** sequences per step (default 32) */
  readonly batch: number;
  /** Adam learning rate (default 3e-3) */
  readonly learning_rate: number;
  /** seed of pi_ref's initial weights and minibatches; "per_seed": the run's seed, so each seed fine-tunes its own pi_ref (default 1) */
  readonly seed: TaskSeed;
}

export interface TextRewardConfig {
  /** "white_box" (a RER lattice point, reward/white-box.ts) or "learned" (Bradley-Terry members on pooled-embedding features) */
  readonly source: "white_box" | "learned";
  /** lattice point of a white-box reward; null for learned rewards */
  readonly variant: RerVariant | null;
  /**
   * "reference": each member rescaled to mean 0, std 1 over pi_ref's samples (one KL coefficient
   * means the same across proxies; a positive affine map, so rank correlations are unchanged);
   * "raw": the white-box formula's own scale (learned members are always standardised). Default "reference".
   */
  readonly scale: "reference" | "raw";
}

/** A learned text reward model: Bradley-Terry (linear, mlp) or a BRME, which alone takes brme_targets. */
export type TextRewardModelConfig = Omit<RewardModelOptions, "architecture"> & {
  readonly architecture: "linear" | "mlp" | "brme";
  /** bootstrap refits per BRME head (default 3); null for Bradley-Terry models */
  readonly brme_targets: number | null;
};

export interface TextEvaluationConfig {
  /** training prompts RL draws its batches from; the curves are evaluated on all of them (default 64) */
  readonly train_prompts: number;
  /** held-out prompts every checkpoint answers (default 64) */
  readonly heldout_prompts: number;
  /** responses per held-out prompt and checkpoint (default 4) */
  readonly samples: number;
  /** sampling temperature of the checkpoint evaluation (default 0.7, Kim & Seo's) */
  readonly temperature: number;
}

export interface TextSamplesConfig {
  /** held-out prompts whose first response is recorded with its text (default 6) */
  readonly prompts: number;
  /** checkpoints recorded, evenly spaced, first and last included (default 4) */
  readonly points: number;
}

export interface TextRunConfig {
  readonly seed: number;
  readonly world: TextWorldConfig;
  /** transformer size (vocab and context come from the world) */
  readonly policy: Omit<LmConfig, "vocab" | "context">;
  readonly sft: SftConfig;
  readonly reward: TextRewardConfig;
  /** learned rewards only (null for white-box) */
  readonly preferences: PreferenceOptions | null;
  readonly reward_model: TextRewardModelConfig | null;
  readonly ensemble: EnsembleOptions;
  readonly objective: ObjectiveConfig;
  /** a policy-training optimiser of the registry (rloo, ppo), resolved with the RL prompts as its world */
  readonly optimizer: OptimizerConfig;
  readonly evaluation: TextEvaluationConfig;
  readonly samples: TextSamplesConfig;
}

export const textSections = ["seed", "world", "policy", "sft", "reward", "preferences", "reward_model", "ensemble", "objective", "optimizer", "evaluation", "samples"] as const;

export const textDefaults = {
  world: {name: "text", seed: 1, ...textWorldDefaults},
  policy: {d_model: 64, layers: 2, heads: 4, mlp_ratio: 4},
  sft: {steps: 1500, batch: 32, learning_rate: 3e-3, seed: 1},
  reward: {source: "white_box", variant: "full", scale: "reference"},
  preferences: {pairs: 1000, label_mode: "deterministic", temperature: 1, label_noise: 0, heldout_pairs: 1000},
  reward_model: {architecture: "linear", hidden: 32, epochs: 200, learning_rate: 0.05, weight_decay: 0.001},
  ensemble: {size: 1, diversity: "bootstrap"},
  evaluation: {train_prompts: 64, heldout_prompts: 64, samples: 4, temperature: 0.7},
  samples: {prompts: 6, points: 4}
} as const;

/** The registry's optimisers that train any policy (rloo, ppo): those a language model can run. */
const policyTrainers = Object.keys(optimizers).filter((name) => optimizers[name].trainsPolicy);

/** A seed field: an integer, or "per_seed" (perSeed) for the run's seed. */
const taskSeed: Validator<TaskSeed> = (value, field) => {
  if (value === perSeed) return perSeed;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2 ** 31 - 1) return value;
  return fail(field, value, `an integer in [0, ${2 ** 31 - 1}], or "${perSeed}" (the run's seed: a new world and pi_ref for each seed)`);
};

const probability = num(0, 1);
const worldFields: Fields<TextWorldConfig> = {
  name: oneOf(["text"] as const),
  seed: taskSeed,
  topics: int(2, 12),
  heldout: num(0, 1, {openMin: true, openMax: true}),
  demonstrations: int(16, 1_000_000),
  max_sentences: int(1, 16),
  drift: probability,
  repetition: probability,
  wrong: probability
};
const policyFields: Fields<TextRunConfig["policy"]> = {d_model: int(1, 4096), layers: int(1, 64), heads: int(1, 256), mlp_ratio: int(1, 16)};
const sftFields: Fields<SftConfig> = {steps: int(1, 10_000_000), batch: int(1, 65_536), learning_rate: num(0, 10, {openMin: true}), seed: taskSeed};
const rewardModelFields: Fields<Omit<TextRewardModelConfig, "brme_targets">> = {architecture: oneOf(["linear", "mlp", "brme"] as const), ...trainingFields};
const evaluationFields: Fields<TextEvaluationConfig> = {train_prompts: int(1, 100_000), heldout_prompts: int(1, 100_000), samples: int(1, 4096), temperature: num(0, 10, {openMin: true})};
const samplesFields: Fields<TextSamplesConfig> = {prompts: int(0, 100_000), points: int(0, 1000)};

/** Resolves a merged raw config into a TextRunConfig: unknown keys are errors, every default filled. */
export function normalizeTextRunConfig(raw: Record<string, unknown>): TextRunConfig {
  const {seed, section} = readSections(raw, textSections);
  const world = resolve(section("world"), worldFields, textDefaults.world, "world");
  const policy = resolve(section("policy"), policyFields, textDefaults.policy, "policy");
  if (policy.d_model % policy.heads !== 0) fail("policy.heads", policy.heads, `a divisor of policy.d_model = ${policy.d_model}`);
  // Attention (4 d^2) and MLP (2 mlp_ratio d^2) weights per layer; Adam keeps two more copies.
  const weights = policy.layers * (4 + 2 * policy.mlp_ratio) * policy.d_model ** 2;
  if (weights > 2 ** 26) fail("policy", `${policy.layers} layers of d_model ${policy.d_model}, mlp_ratio ${policy.mlp_ratio} (about ${weights.toExponential(1)} weights)`, `at most ${2 ** 26} weights (with Adam's moments, 768 MiB): fewer policy.layers or a smaller policy.d_model`);
  const sft = resolve(section("sft"), sftFields, textDefaults.sft, "sft");

  const rewardRaw = section("reward");
  checkKeys(rewardRaw, ["source", "variant", "scale"], "reward");
  const source = oneOf(["white_box", "learned"] as const)(rewardRaw.source ?? textDefaults.reward.source, "reward.source");
  const learned = source === "learned";
  if (learned && rewardRaw.variant !== undefined && rewardRaw.variant !== null) fail("reward.variant", rewardRaw.variant, 'no value: a lattice variant applies only to reward.source "white_box"');
  const variant = learned ? null : oneOf(rerVariants)(rewardRaw.variant ?? textDefaults.reward.variant, "reward.variant");
  const scale = oneOf(["reference", "raw"] as const)(rewardRaw.scale ?? textDefaults.reward.scale, "reward.scale");
  if (learned && scale === "raw") fail("reward.scale", scale, '"reference": learned members are standardised on pi_ref (Coste et al.)');

  // Sections a white-box reward never reads are recorded as null, so they cannot split run ids.
  const preferences = learned ? resolve(section("preferences"), preferenceFields, textDefaults.preferences, "preferences") : null;
  const reward_model = learned ? normalizeTextRewardModel(section("reward_model")) : null;
  const ensembleRaw = resolve(section("ensemble"), ensembleFields, textDefaults.ensemble, "ensemble");
  if (!learned && ensembleRaw.size !== 1) fail("ensemble.size", ensembleRaw.size, '1: a white-box reward is one member (use reward.source "learned" for ensembles)');

  const {objective, ensemble} = objectiveSection(section("objective"), ensembleRaw, {hasSigma: reward_model?.architecture === "brme"});

  const evaluation = resolve(section("evaluation"), evaluationFields, textDefaults.evaluation, "evaluation");
  // A language model is no pool: only the optimisers that train a policy, over the RL prompts.
  const optimizer = prepareOptimizer(section("optimizer"), {prompts: evaluation.train_prompts}, {names: policyTrainers, fallback: "rloo"}).config;
  const samples = resolve(section("samples"), samplesFields, textDefaults.samples, "samples");
  if (samples.prompts > evaluation.heldout_prompts) fail("samples.prompts", samples.prompts, `at most evaluation.heldout_prompts = ${evaluation.heldout_prompts}`);
  return {seed, world, policy, sft, reward: {source, variant, scale}, preferences, reward_model, ensemble, objective, optimizer, evaluation, samples};
}

function normalizeTextRewardModel(raw: Record<string, unknown>): TextRewardModelConfig {
  const {brme_targets, ...rest} = raw;
  const resolved = resolve(rest, rewardModelFields, textDefaults.reward_model, "reward_model");
  if (resolved.architecture !== "brme") {
    if (brme_targets !== undefined && brme_targets !== null) fail("reward_model.brme_targets", brme_targets, 'no value: it applies only to reward_model.architecture "brme"');
    return {...resolved, brme_targets: null};
  }
  return {...resolved, brme_targets: int(2, 1000)(brme_targets ?? 3, "reward_model.brme_targets")};
}

/** Stable id of a resolved text config (first 16 hex digits of sha256 of its canonical JSON). */
export function textRunId(config: TextRunConfig): string {
  return hashId({kind: "text", ...config});
}

/** The seed of a run's world: world.seed, or the run's seed when it is "per_seed". */
export const worldSeed = ({seed, world}: TextRunConfig): number => (world.seed === perSeed ? seed : world.seed);

/** The seed of a run's SFT (pi_ref's initial weights and minibatches): sft.seed, or the run's seed when it is "per_seed". */
export const sftSeed = ({seed, sft}: TextRunConfig): number => (sft.seed === perSeed ? seed : sft.seed);

/** The stages a text run goes through, with the config fields each depends on (runs with equal keys share it). */
export const textStages = {
  world: {doc: "the text world (vocabulary, facts, prompts, corpus) and its corpus-trained embedding", depends: (c: TextRunConfig) => ({world: {...c.world, seed: worldSeed(c)}})},
  reference: {
    doc: "the reference policy pi_ref: the transformer fine-tuned on the demonstrations (cached across invocations as a checkpoint)",
    depends: (c: TextRunConfig) => ({world: {...c.world, seed: worldSeed(c)}, policy: c.policy, sft: {...c.sft, seed: sftSeed(c)}})
  },
  reward_models: {
    doc: "the proxy: a white-box reward, or reward models trained on gold-labelled pairs of pi_ref's samples (as many members as the group's largest ensemble)",
    depends: ({seed, world, policy, sft, reward, preferences, reward_model, ensemble}: TextRunConfig) => ({seed, world, policy, sft, reward, preferences, reward_model, diversity: ensemble.diversity})
  }
} as const;

export function textStageKey(stage: keyof typeof textStages, config: TextRunConfig): string {
  return canonicalJson({stage, ...textStages[stage].depends(config)});
}
