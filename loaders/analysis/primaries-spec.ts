import {SpecError, checkKeys, fail, num, oneOf, safeName, str} from "../spec-validators.ts";
import {isRecord} from "../narrow.ts";
import {familyAlpha, maxPrimaries} from "./claim-levels.ts";
import {minSeedsForLevel} from "./sign-test.ts";

export const claimKinds = ["falls_after_peak", "beats", "ends_above_start", "ends_below_start", "rises_with_proxy"] as const;
export type ClaimKind = (typeof claimKinds)[number];

/** runs columns a claim may select a configuration by (io/schema/runs.ts) */
export const selectorColumns = ["world", "optimizer", "kl_coef", "kl_control", "kl_target", "policy", "policy_optimizer", "objective", "objective_param", "reward_source", "ensemble_size", "n_pairs", "label_noise"] as const;

export type Selector = Readonly<Partial<Record<(typeof selectorColumns)[number], string | number | null>>>;

/** A primary claim, declared in the spec before any result (spec field `primaries`). */
export interface PrimaryClaim {
  /** name of the claim, unique in the spec */
  readonly id: string;
  /** what is measured per seed (findings.kind) */
  readonly kind: ClaimKind;
  /** the one configuration the claim is about: runs columns and their values (selecting none of the spec's configurations is an error when the runs are planned; several, a not_tested claim) */
  readonly subject: Selector;
  /** beats only: the configuration compared on the same seeds, as columns that differ from the subject's */
  readonly baseline: Selector | null;
  /** "greater": the kind's effect is above 0 (subject above baseline, gold falls, rho > 0); "less": below (beats and rises_with_proxy only) */
  readonly direction: "greater" | "less";
  /** smallest effect of interest, in the effect's unit (gold std under pi_0; a rank correlation for rises_with_proxy) */
  readonly sesoi: number;
  /** the question the claim answers: why it is primary */
  readonly question: string;
}

const claimKeys = ["id", "kind", "subject", "baseline", "direction", "sesoi", "question"];
const poolKinds: readonly ClaimKind[] = ["falls_after_peak", "beats", "ends_above_start", "ends_below_start"];
const textKinds: readonly ClaimKind[] = ["rises_with_proxy", "beats", "ends_above_start", "ends_below_start"];

/**
 * Validates a spec's `primaries`: at most maxPrimaries claims, each with known fields, and enough
 * seeds behind it for the sign test to reach the first Holm step, 1 - familyAlpha / (primaries)
 * (claim-levels.ts): a fall is measured on half the seeds (the other half choose the peak).
 */
export function normalizePrimaries(value: unknown, {seeds, kind}: {seeds: number; kind: "pool" | "text"}): PrimaryClaim[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail("primaries", value, "an array of claims {id, kind, subject, baseline, direction, sesoi, question}");
  if (value.length > maxPrimaries) fail("primaries", `${value.length} claims`, `at most ${maxPrimaries} primary claims (the questions the experiment exists to answer; the rest of the findings are exploratory anyway)`);
  const level = 1 - familyAlpha / Math.max(1, value.length);
  const ids = new Set<string>();
  return value.map((raw, i) => {
    const field = `primaries[${i}]`;
    if (!isRecord(raw)) fail(field, raw, "an object {id, kind, subject, baseline, direction, sesoi, question}");
    checkKeys(raw, claimKeys, field);
    const id = safeName(raw.id, `${field}.id`);
    if (ids.has(id)) fail(`${field}.id`, id, "a name no other primary claim of the spec uses");
    ids.add(id);
    const k = oneOf(kind === "text" ? textKinds : poolKinds)(raw.kind, `${field}.kind`);
    const subject = selector(raw.subject, `${field}.subject`);
    const baseline = raw.baseline === undefined || raw.baseline === null ? null : selector(raw.baseline, `${field}.baseline`);
    if ((k === "beats") !== (baseline !== null)) fail(`${field}.baseline`, raw.baseline, k === "beats" ? "the configuration to compare with (the runs columns that differ from the subject's)" : `none: a ${k} claim is about its subject alone`);
    const direction = oneOf(["greater", "less"] as const)(raw.direction, `${field}.direction`);
    if (direction === "less" && k !== "beats" && k !== "rises_with_proxy") fail(`${field}.direction`, direction, `"greater" for ${k} (the kind states its direction; use ends_below_start for a fall below the start)`);
    const sesoi = num(0, Infinity, {openMin: true})(raw.sesoi, `${field}.sesoi`);
    const question = str(raw.question, `${field}.question`);
    const measured = k === "falls_after_peak" ? Math.ceil(seeds / 2) : seeds;
    const needed = minSeedsForLevel(level);
    if (measured < needed) {
      throw new SpecError(`invalid ${field}: ${measured} seeds measure it${k === "falls_after_peak" ? ` (a fall is measured on half of the spec's ${seeds})` : ""}, and the sign test needs at least ${needed} to reach ${level.toFixed(4)}, the first Holm step over ${value.length} primaries at a family-wise error of ${familyAlpha} (raise seeds or declare fewer primaries)`);
    }
    return {id, kind: k, subject, baseline, direction, sesoi, question};
  });
}

function selector(value: unknown, field: string): Selector {
  if (!isRecord(value) || Object.keys(value).length === 0) fail(field, value, `an object of runs columns and values, e.g. {"objective": "wco", "label_noise": 0.25}`);
  checkKeys(value, selectorColumns, field);
  const out: {-readonly [K in keyof Selector]: Selector[K]} = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) fail(`${field}.${k}`, v, "a string, a number or null (the runs column's value)");
    const column = selectorColumns.find((c) => c === k);
    if (column !== undefined) out[column] = v; // checkKeys has rejected every other key
  }
  return out;
}
