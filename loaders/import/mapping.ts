import {isOneOf, isRecord} from "../narrow.ts";
import {findRoleColumn, rewardFunctionColumns, roleAliases} from "./aliases.ts";
import type {Role} from "./aliases.ts";
import {detectGold} from "./gold.ts";
import type {GoldChoice} from "./gold.ts";
import {ImportError} from "./issues.ts";
import type {RawRow} from "./raw-row.ts";

/** KL estimators an imported log can name (curves.kl_method). */
export const klEstimators = ["k1", "k2", "k3", "exact"] as const;
export type KlEstimator = (typeof klEstimators)[number];

/**
 * Which column plays which role, from a mapping file and/or flags (flags win). A column name picks
 * that column; null says the log has none (e.g. "gold": null ignores a column the aliases would
 * take); a missing field leaves it to the aliases (./aliases.ts).
 */
export interface Mapping {
  /** the step column (default: the first of step, global_step, ...) */
  readonly step?: string | null;
  /** the proxy reward column (default: objective/scores, reward, reward_mean, ...) */
  readonly proxy?: string;
  /** the gold or judge reward column (default: gold, gold_reward, judge, ...; none if absent) */
  readonly gold?: string | null;
  /** the KL column (default: objective/kl, kl, ...; none if absent) */
  readonly kl?: string | null;
  /** how the tool estimated KL: k1, k2, k3 or exact (default k1) */
  readonly kl_estimator?: KlEstimator;
  /** the tool that wrote the log, runs.optimizer (default: trl for TRL logs, else imported) */
  readonly tool?: string;
}

const fields = ["step", "proxy", "gold", "kl", "kl_estimator", "tool"] as const;

/** Checks a parsed mapping file (unknown keys and wrong types are errors). */
export function normalizeMapping(value: unknown, where = "mapping"): Mapping {
  if (!isRecord(value)) throw new ImportError(`invalid ${where}: expected a JSON object such as {"proxy": "reward", "gold": "judge_score", "kl": "kl", "kl_estimator": "k3"}`);
  const mapping: {-readonly [K in keyof Mapping]: Mapping[K]} = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isOneOf(fields, key)) throw new ImportError(`invalid ${where}.${key}: unknown field (expected ${fields.join(", ")})`);
    const nullable = key === "step" || key === "gold" || key === "kl";
    if (v === null && nullable) mapping[key] = null;
    else if (!(typeof v === "string" && v !== "")) throw new ImportError(`invalid ${where}.${key}: ${JSON.stringify(v)} (expected a column name${nullable ? " or null for none" : ""})`);
    else if (key !== "kl_estimator") mapping[key] = v;
    else if (isOneOf(klEstimators, v)) mapping[key] = v;
    else throw new ImportError(`invalid ${where}.kl_estimator: ${JSON.stringify(v)} (expected ${klEstimators.join(", ")})`);
  }
  return mapping;
}

/** The mapping applied to one log: every role resolved to a column (or null), the estimator and tool fixed. */
export interface ResolvedMapping {
  readonly step: string | null;
  readonly proxy: string;
  readonly gold: string | null;
  readonly kl: string | null;
  readonly kl_estimator: KlEstimator;
  readonly tool: string;
}

/** Resolves a mapping against the columns a log holds; a named column that is absent is an error. */
export function resolveMapping(mapping: Mapping, columns: ReadonlySet<string>, options: {source?: string; tool?: string; rows?: readonly RawRow[]} = {}): ResolvedMapping {
  return resolveColumns(mapping, columns, options).mapping;
}

/**
 * Resolves a mapping against a run's columns and rows: every role, and for gold also how it was
 * found (a named column, or ./gold.ts's detection when the mapping leaves gold out).
 */
export function resolveColumns(mapping: Mapping, columns: ReadonlySet<string>, options: {source?: string; tool?: string; rows?: readonly RawRow[]} = {}): {mapping: ResolvedMapping; gold: GoldChoice} {
  const {source = "the log", tool = "imported", rows = []} = options;
  const listed = () => [...columns].sort().join(", ");
  const named = (role: Role): string | null | undefined => {
    const column = mapping[role];
    if (column !== undefined && column !== null && !columns.has(column)) throw new ImportError(`invalid ${role}: "${column}" is not a column of ${source} (columns: ${listed()})`);
    return column;
  };
  const pick = (role: Role): string | null => {
    const column = named(role);
    return column === undefined ? findRoleColumn(role, columns) : column;
  };
  let proxy = pick("proxy");
  if (proxy === null) {
    const functions = rewardFunctionColumns(columns);
    if (functions.length === 1) proxy = functions[0];
    else throw new ImportError(`no proxy reward column in ${source}: none of ${roleAliases.proxy.join(", ")}${functions.length ? ` and ${functions.length} reward functions` : ""} (columns: ${listed()}); pass --proxy <column>`);
  }
  const step = pick("step"), kl = pick("kl");
  const goldNamed = named("gold");
  const gold: GoldChoice = goldNamed === undefined
    ? detectGold(columns, {rows, proxy, exclude: [proxy, step, kl].filter((c): c is string => c !== null)})
    : {column: goldNamed, source: goldNamed === null ? null : "mapping", reason: goldNamed === null ? "the mapping says the log has none (--gold none)" : `"${goldNamed}" named by the mapping (--gold or --map)`};
  return {mapping: {step, proxy, gold: gold.column, kl, kl_estimator: mapping.kl_estimator ?? "k1", tool: mapping.tool ?? tool}, gold};
}
