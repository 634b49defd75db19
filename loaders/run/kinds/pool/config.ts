/**
 * The run config of a feature world (a spec's default kind, "pool"): a synthetic world with a
 * finite pool of responses per prompt, reward models trained on gold-labelled pairs, an objective,
 * and any optimiser of the registry over the pool.
 */
import type {WorldOptions} from "../../../worlds/feature-world.ts";
import {worldPresets} from "../../../worlds/presets.ts";
import type {PreferenceOptions} from "../../../reward/preferences.ts";
import type {RewardModelOptions} from "../../../reward/bradley-terry.ts";
import type {EnsembleOptions} from "../../../reward/ensemble.ts";
import type {ObjectiveConfig} from "../../../reward/objectives.ts";
import {prepareOptimizer} from "../../../optimize/registry.ts";
import type {OptimizerConfig} from "../../../optimize/types.ts";
import {checkKeys, fail, int, nullable, num, oneOf} from "../../../spec-validators.ts";
import {ensembleFields, hashId, objectiveSection, preferenceFields, readSections, resolve, trainingFields} from "../../spec/config.ts";
import type {Fields} from "../../spec/config.ts";

/**
 * The reward model section: a Bradley-Terry architecture, or "brme" (reward/brme.ts: a shared MLP
 * trunk of `hidden` units with ensemble.size Gaussian heads), which alone takes `brme_targets`.
 */
export type RewardModelConfig =
  | RewardModelOptions
  | (Omit<RewardModelOptions, "architecture"> & {
      readonly architecture: "brme";
      /** bootstrap refits per head, the targets of its Gaussian NLL (default 3) */
      readonly brme_targets: number;
    });

export interface SamplesConfig {
  /** prompts whose responses are recorded in the samples table (default 16) */
  readonly prompts: number;
  /** curve points sampled, evenly spaced, first and last included (default 6) */
  readonly points: number;
}

/** The fully resolved configuration of one run: every default filled, every field checked. */
export interface RunConfig {
  readonly seed: number;
  readonly world: WorldOptions;
  readonly preferences: PreferenceOptions;
  readonly reward_model: RewardModelConfig;
  readonly ensemble: EnsembleOptions;
  readonly objective: ObjectiveConfig;
  /** the optimiser's resolved options (optimize/registry.ts), as JSON */
  readonly optimizer: OptimizerConfig;
  readonly samples: SamplesConfig;
}

/** Defaults for everything but the world (which comes from its preset) and the optimizer's own fields. */
export const defaults = {
  preferences: {pairs: 500, label_mode: "deterministic", temperature: 1, label_noise: 0, heldout_pairs: 2000},
  reward_model: {architecture: "linear", hidden: 32, epochs: 100, learning_rate: 0.05, weight_decay: 0.001, brme_targets: 3},
  ensemble: {size: 5, diversity: "bootstrap"},
  objective: {name: "single", param: null},
  optimizer: {name: "best_of_n"},
  samples: {prompts: 16, points: 6}
} as const;

const worldFields: Fields<WorldOptions> = {
  name: oneOf(Object.keys(worldPresets)),
  prompts: int(1, 100_000),
  pool_size: int(2, 1 << 16),
  quality_dims: int(1, 256),
  nuisance_dims: int(0, 1024),
  nuisance_df: nullable(num(0, Infinity, {openMin: true})),
  length_sigma: num(0, 10, {openMin: true}),
  length_weight: num(-100, 100),
  length_quantile: num(0, 1, {openMin: true, openMax: true}),
  length_penalty: num(0, 1000)
};

const samplesFields: Fields<SamplesConfig> = {prompts: int(0, 100_000), points: int(0, 1000)};

/** reward_model: linear and mlp Bradley-Terry models, or a BRME, which alone takes brme_targets. */
function normalizeRewardModel(raw: Record<string, unknown>): RewardModelConfig {
  checkKeys(raw, ["architecture", ...Object.keys(trainingFields), "brme_targets"], "reward_model");
  const architecture = oneOf(["linear", "mlp", "brme"] as const)(raw.architecture ?? defaults.reward_model.architecture, "reward_model.architecture");
  const {architecture: _, brme_targets, ...rest} = raw;
  if (architecture === "brme") {
    return {architecture, ...resolve(rest, trainingFields, defaults.reward_model, "reward_model"), brme_targets: int(2, 1000)(brme_targets ?? defaults.reward_model.brme_targets, "reward_model.brme_targets")};
  }
  // brme_targets exists only for BRME, so other configs (and their run ids) are unchanged.
  if (brme_targets !== undefined) fail("reward_model.brme_targets", brme_targets, 'no value: it applies only to reward_model.architecture "brme"');
  return {architecture, ...resolve(rest, trainingFields, defaults.reward_model, "reward_model")};
}

/** The most float32 feature values a world may hold (1 GiB): larger worlds cannot fit a worker's memory. */
export const maxWorldValues = 2 ** 28;

export const sections = ["seed", "world", "preferences", "reward_model", "ensemble", "objective", "optimizer", "samples"] as const;

/**
 * Resolves a merged raw config (parsed JSON) into a RunConfig. Unknown keys are errors; the
 * world starts from its preset (`world.name`, default "heavy_tailed"); the objective checks its
 * own parameter and the members it reads (reward/objectives.ts); the optimiser its own fields.
 */
export function normalizeRunConfig(raw: Record<string, unknown>): RunConfig {
  const {seed, section} = readSections(raw, sections);

  const worldRaw = section("world");
  const preset = worldPresets[worldFields.name(worldRaw.name ?? "heavy_tailed", "world.name")];
  const world = resolve(worldRaw, worldFields, preset, "world");
  const dims = world.quality_dims + 1 + world.nuisance_dims;
  if (world.prompts * world.pool_size * dims > maxWorldValues) {
    fail("world", `${world.prompts} prompts x ${world.pool_size} pool_size x ${dims} features`, `at most ${maxWorldValues} feature values (${(maxWorldValues * 4) / 2 ** 30} GiB): fewer world.prompts, world.pool_size or world.nuisance_dims`);
  }
  const preferences = resolve(section("preferences"), preferenceFields, defaults.preferences, "preferences");
  const reward_model = normalizeRewardModel(section("reward_model"));
  const ensembleRaw = resolve(section("ensemble"), ensembleFields, defaults.ensemble, "ensemble");
  const {objective, ensemble} = objectiveSection(section("objective"), ensembleRaw, {hasSigma: reward_model.architecture === "brme"});
  const optimizer = prepareOptimizer(section("optimizer"), world).config;

  const samples = resolve(section("samples"), samplesFields, defaults.samples, "samples");
  if (samples.prompts > world.prompts) fail("samples.prompts", samples.prompts, `at most world.prompts = ${world.prompts}`);

  return {seed, world, preferences, reward_model, ensemble, objective, optimizer, samples};
}

/** Stable id of a resolved config: the first 16 hex digits of sha256(canonical JSON). */
export function runId(config: RunConfig): string {
  return hashId(config);
}
