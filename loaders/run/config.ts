import {createHash} from "node:crypto";
import type {WorldOptions} from "../worlds/synthetic.ts";
import {worldPresets} from "../worlds/presets.ts";
import type {PreferenceOptions} from "../reward/preferences.ts";
import type {RewardModelOptions} from "../reward/bradley-terry.ts";
import type {EnsembleOptions} from "../reward/ensemble.ts";
import {objectives} from "../optimize/objectives.ts";
import {optimizers} from "../optimize/registry.ts";
import {SpecError, checkKeys, fail, int, isRecord, nullable, num, oneOf} from "../fields.ts";
import type {Validator} from "../fields.ts";

/**
 * The reward model section: a Bradley-Terry architecture, or "brme" (reward/brme.ts: a shared MLP
 * trunk of `hidden` units with ensemble.size Gaussian heads), which alone takes `brme_targets`.
 */
export type RewardModelConfig = Omit<RewardModelOptions, "architecture"> & {
  readonly architecture: RewardModelOptions["architecture"] | "brme";
  /** BRME only: bootstrap refits per head, the targets of its Gaussian NLL (default 3) */
  readonly brme_targets?: number;
};

/** The fully resolved configuration of one run: every default filled, every field checked. */
export interface RunConfig {
  readonly seed: number;
  readonly world: WorldOptions;
  readonly preferences: PreferenceOptions;
  readonly reward_model: RewardModelConfig;
  readonly ensemble: EnsembleOptions;
  readonly objective: {readonly name: string; readonly param: number | null};
  readonly optimizer: {readonly name: string} & Readonly<Record<string, unknown>>;
  readonly samples: {readonly prompts: number; readonly points: number};
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

const worldFields: Record<keyof WorldOptions, Validator> = {
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

const sectionFields: Record<string, Record<string, Validator>> = {
  preferences: {
    pairs: int(2, 1_000_000),
    label_mode: oneOf(["deterministic", "bradley_terry"]),
    temperature: num(0, Infinity, {openMin: true}),
    label_noise: num(0, 0.5, {openMax: true}),
    heldout_pairs: int(2, 1_000_000)
  },
  reward_model: {
    architecture: oneOf(["linear", "mlp", "brme"]),
    hidden: int(1, 4096),
    epochs: int(1, 1_000_000),
    learning_rate: num(0, 10, {openMin: true}),
    weight_decay: num(0, 100),
    brme_targets: int(2, 1000)
  },
  ensemble: {size: int(1, 64), diversity: oneOf(["seed", "bootstrap", "architecture"])},
  objective: {name: (v, f) => oneOf(Object.keys(objectives))(v, f), param: nullable(num())},
  samples: {prompts: int(0, 100_000), points: int(0, 1000)}
};

export const sections = ["seed", "world", "preferences", "reward_model", "ensemble", "objective", "optimizer", "samples"] as const;

/**
 * Resolves a merged raw config (parsed JSON) into a RunConfig. Unknown keys are errors; the
 * world starts from its preset (`world.name`, default "heavy_tailed"); the objective's param
 * defaults to the objective's own; `single` always uses one member (ensemble.size = 1).
 */
export function normalizeRunConfig(raw: Record<string, unknown>): RunConfig {
  checkKeys(raw, sections, "");
  const section = (name: string): Record<string, unknown> => {
    const value = raw[name] ?? {};
    if (!isRecord(value)) fail(name, value, "an object");
    return value;
  };
  const seed = int(0, 2 ** 31 - 1)(raw.seed ?? 0, "seed");

  const worldRaw = section("world");
  checkKeys(worldRaw, Object.keys(worldFields), "world");
  const preset = worldPresets[worldFields.name(worldRaw.name ?? "heavy_tailed", "world.name") as string];
  const world = Object.fromEntries(
    Object.entries(worldFields).map(([k, check]) => [k, check(worldRaw[k] ?? preset[k as keyof WorldOptions], `world.${k}`)])
  ) as unknown as WorldOptions;

  const resolved: Record<string, Record<string, unknown>> = {};
  for (const [name, fields] of Object.entries(sectionFields)) {
    const value = section(name);
    checkKeys(value, Object.keys(fields), name);
    const base = defaults[name as keyof typeof defaults] as Record<string, unknown>;
    resolved[name] = Object.fromEntries(Object.entries(fields).map(([k, check]) => [k, check(k in value ? value[k] : base[k], `${name}.${k}`)]));
  }

  // brme_targets exists only for BRME, so other configs (and their run ids) are unchanged.
  const rewardModel = resolved.reward_model as Record<string, unknown>;
  if (rewardModel.architecture !== "brme") {
    if ("brme_targets" in section("reward_model")) fail("reward_model.brme_targets", section("reward_model").brme_targets, 'no value: it applies only to reward_model.architecture "brme"');
    delete rewardModel.brme_targets;
  }

  const objective = resolved.objective as {name: string; param: number | null};
  if (objective.param === null) objective.param = objectives[objective.name].defaultParam;
  else if (objectives[objective.name].defaultParam === null) fail("objective.param", objective.param, `null: objective "${objective.name}" takes no parameter`);
  if (objective.name === "robust") num(0, 1)(objective.param, "objective.param (nominal_weight)");
  if (objective.name === "uncertainty_penalized") num(0, Infinity)(objective.param, "objective.param (beta2)");
  const ensemble = resolved.ensemble as unknown as EnsembleOptions;
  if (objective.name === "single") resolved.ensemble = {...ensemble, size: 1};
  if (objectives[objective.name].needs?.includes("sigma") && rewardModel.architecture !== "brme" && (resolved.ensemble as unknown as EnsembleOptions).size < 2) {
    fail("ensemble.size", (resolved.ensemble as unknown as EnsembleOptions).size, `at least 2 for objective "${objective.name}" (it needs an uncertainty per item), or reward_model.architecture "brme"`);
  }

  const optimizerRaw = section("optimizer");
  const optimizerName = oneOf(Object.keys(optimizers))(optimizerRaw.name ?? defaults.optimizer.name, "optimizer.name");
  let optimizerOptions: Record<string, unknown>;
  try {
    optimizerOptions = optimizers[optimizerName].normalize(optimizerRaw, world);
  } catch (error) {
    const foreign = error instanceof SpecError && /^unknown field optimizer\.(\w+)/.exec(error.message);
    if (!foreign) throw error;
    const owners = Object.keys(optimizers).filter((name) => name !== optimizerName && !/unknown field/.test(tryNormalize(name, {name, [foreign[1]]: optimizerRaw[foreign[1]]}, world)));
    throw owners.length
      ? new SpecError(`${error.message}; ${foreign[1]} belongs to ${owners.join(", ")}: to sweep optimizers that have their own options, make the whole section the axis, e.g. "optimizer": [{"name": "best_of_n", "max_n": 1024}, {"name": "kl_tilt"}]`)
      : error;
  }
  const optimizer = {name: optimizerName, ...optimizerOptions};

  const samples = resolved.samples as {prompts: number; points: number};
  if (samples.prompts > world.prompts) fail("samples.prompts", samples.prompts, `at most world.prompts = ${world.prompts}`);

  return {
    seed,
    world,
    preferences: resolved.preferences as unknown as PreferenceOptions,
    reward_model: resolved.reward_model as unknown as RewardModelConfig,
    ensemble: resolved.ensemble as unknown as EnsembleOptions,
    objective,
    optimizer,
    samples
  };
}

/** JSON with keys sorted at every level: the canonical text a run_id is hashed from. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

/** Stable id of a resolved config: the first 16 hex digits of sha256(canonical JSON). */
export function runId(config: RunConfig): string {
  return createHash("sha256").update(canonicalJson(config)).digest("hex").slice(0, 16);
}

/** Runs that share a world, preferences and reward models (they train one ensemble together). */
export function trainingKey(config: RunConfig): string {
  const {seed, world, preferences, reward_model, ensemble} = config;
  return canonicalJson({seed, world, preferences, reward_model, diversity: ensemble.diversity});
}

export {SpecError};

/** The error message normalising `raw` as optimizer `name` gives ("" when it is valid). */
function tryNormalize(name: string, raw: Record<string, unknown>, world: WorldOptions): string {
  try {
    optimizers[name].normalize(raw, world);
    return "";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
