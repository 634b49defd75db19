import {closest} from "../spec-validators.ts";
import {ImportError} from "./issues.ts";
import {groupKeys, runKeys} from "./run-keys.ts";

/** How runs side by side are grouped: a setting parsed from their names (./run-keys.ts), or the user's value per run. */
export type RunGrouping = string | Readonly<Record<string, number>>;

/** The run's value under a grouping (null: none, or the name does not hold the setting). */
export function groupValue(grouping: RunGrouping | null, label: string): number | null {
  if (grouping === null) return null;
  return (typeof grouping === "string" ? runKeys(label)[grouping] : grouping[label]) ?? null;
}

/**
 * A grouping as the user typed it (`--group`), checked against the runs' labels: a string names a
 * setting that every run name holds (`beta` in `ppo-beta0.05-seed2`); an object maps every run's
 * label to a finite number (`{"run-a": 0.05, "run-b": 0.1}`). Errors name the value and the fix.
 */
export function normalizeGrouping(value: unknown, labels: readonly string[], where = "--group"): RunGrouping {
  if (typeof value === "string") {
    const parsed = labels.map(runKeys), keys = groupKeys(labels);
    const missing = labels.filter((_, i) => !(value in parsed[i]));
    if (missing.length === 0) return value;
    const hint = keys.length ? `a setting in every run name (${keys.join(", ")})` : "a file {\"<run>\": <value>} (no setting is in every run name)";
    throw new ImportError(`invalid ${where}: ${value} (${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no ${value} in the name; expected ${hint})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ImportError(`invalid ${where}: ${JSON.stringify(value)} (expected a setting's name, or {"<run>": <number>} for every run)`);
  const mapping: Record<string, number> = {};
  for (const [label, x] of Object.entries(value)) {
    if (!labels.includes(label)) {
      const guess = closest(label, labels);
      throw new ImportError(`invalid ${where}: run ${JSON.stringify(label)} is not imported (${guess ? `did you mean ${JSON.stringify(guess)}? ` : ""}runs: ${labels.join(", ")})`);
    }
    if (typeof x !== "number" || !Number.isFinite(x)) throw new ImportError(`invalid ${where}.${label}: ${JSON.stringify(x)} (expected a finite number, e.g. the run's KL coefficient)`);
    mapping[label] = x;
  }
  const unmapped = labels.filter((l) => !(l in mapping));
  if (unmapped.length) throw new ImportError(`invalid ${where}: no value for ${unmapped.join(", ")} (expected {"<run>": <number>} for every run)`);
  return mapping;
}
