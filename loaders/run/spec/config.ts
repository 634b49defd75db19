/**
 * What every world kind's run config shares (kinds/*\/config.ts resolve the rest): the section
 * reader, the validators of preference, training and ensemble fields, the objective section, and
 * the canonical JSON a run_id is hashed from.
 */
import {createHash} from "node:crypto";
import type {PreferenceOptions} from "../../reward/preferences.ts";
import type {RewardModelOptions} from "../../reward/bradley-terry.ts";
import type {EnsembleOptions} from "../../reward/ensemble.ts";
import {normalizeObjective, objectives} from "../../reward/objectives.ts";
import type {ObjectiveConfig} from "../../reward/objectives.ts";
import type {OptimizerConfig} from "../../optimize/types.ts";
import {checkKeys, fail, int, nullable, num, oneOf} from "../../spec-validators.ts";
import {isRecord} from "../../narrow.ts";
import type {Validator} from "../../spec-validators.ts";

/** The fields every world kind's resolved run config has (the executor, shards and runs rows read them). */
export interface BaseRunConfig {
  readonly seed: number;
  /** null where the kind's reward is not learned from pairs (a white-box text reward) */
  readonly preferences: PreferenceOptions | null;
  readonly reward_model: Pick<RewardModelOptions, "epochs"> | null;
  readonly ensemble: EnsembleOptions;
  readonly objective: ObjectiveConfig;
  /** the optimiser's resolved options (optimize/registry.ts), as JSON */
  readonly optimizer: OptimizerConfig;
}

/** A validator per field of T. */
export type Fields<T> = {readonly [K in keyof T]-?: Validator<T[K]>};

/** Checks a section's keys, then each field (its value, else its default) with its validator. */
export function resolve<T>(raw: Record<string, unknown>, fields: Fields<T>, base: Partial<Record<keyof T, unknown>>, name: string): T {
  checkKeys(raw, Object.keys(fields), name);
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key of Object.keys(fields) as (keyof T & string)[]) out[key] = fields[key](key in raw ? raw[key] : base[key], `${name}.${key}`);
  return out as T;
}

/** A merged raw config's sections: checks its keys, reads its seed, and hands out each section (an object, {} when absent). */
export function readSections(raw: Record<string, unknown>, sections: readonly string[]): {seed: number; section(name: string): Record<string, unknown>} {
  checkKeys(raw, sections, "");
  const section = (name: string): Record<string, unknown> => {
    const value = raw[name] ?? {};
    if (!isRecord(value)) fail(name, value, "an object");
    return value;
  };
  return {seed: int(0, 2 ** 31 - 1)(raw.seed ?? 0, "seed"), section};
}

export const preferenceFields: Fields<PreferenceOptions> = {
  pairs: int(2, 1_000_000),
  label_mode: oneOf(["deterministic", "bradley_terry"] as const),
  temperature: num(0, Infinity, {openMin: true}),
  label_noise: num(0, 0.5, {openMax: true}),
  heldout_pairs: int(2, 1_000_000)
};

export const trainingFields: Fields<Omit<RewardModelOptions, "architecture">> = {
  hidden: int(1, 4096),
  epochs: int(1, 1_000_000),
  learning_rate: num(0, 10, {openMin: true}),
  weight_decay: num(0, 100)
};

export const ensembleFields: Fields<EnsembleOptions> = {size: int(1, 64), diversity: oneOf(["seed", "bootstrap", "architecture"] as const)};

/**
 * The objective section (default "single"), checked against the ensemble it reads: the objective
 * checks its own parameter and the members it needs (reward/objectives.ts), which may fix the size.
 */
export function objectiveSection(raw: Record<string, unknown>, ensemble: EnsembleOptions, {hasSigma}: {hasSigma: boolean}): {objective: ObjectiveConfig; ensemble: EnsembleOptions} {
  checkKeys(raw, ["name", "param"], "objective");
  const name = oneOf(Object.keys(objectives))(raw.name ?? "single", "objective.name");
  const param = nullable(num())(raw.param ?? null, "objective.param");
  const {objective, size} = normalizeObjective(name, param, {size: ensemble.size, hasSigma});
  return {objective, ensemble: {...ensemble, size}};
}

/** JSON with keys sorted at every level: the canonical text a run_id is hashed from. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  return JSON.stringify(value);
}

/** The first 16 hex digits of sha256(canonical JSON of `value`): a run_id. */
export function hashId(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}
