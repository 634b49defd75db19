import {createHash} from "node:crypto";
import type {Row, findings} from "../io/schema/index.ts";
import {type EngineRow, numberOrNullOf, textOrNullOf} from "./engine-rows.ts";
import {seedEffect, smallestEffects} from "./verdict.ts";

type SettingColumn = (typeof settingColumns)[number];
/**
 * A findings row as findingRow makes it. A primary whose selector matches no configuration has no
 * runs row, so its setting columns are null, though the schema declares world, optimizer and
 * ensemble_size non-nullable.
 */
export type FindingsRow = Omit<Row<typeof findings>, SettingColumn> & {[K in SettingColumn]: Row<typeof findings>[K] | null};

export type FindingKind = "falls_after_peak" | "beats" | "ends_below_start" | "ends_above_start" | "rises_with_proxy";
export type FindingRole = "primary" | "exploratory";

export interface Claim {
  readonly kind: FindingKind;
  /** runs row of the subject's configuration (its setting columns are read from it) */
  readonly run: EngineRow;
  readonly subject: string;
  readonly baseline?: string | null;
  /** the sentence, without numbers */
  readonly claim: string;
}

/** A claim with its per-seed values (> 0 supports it), or the reason they measure nothing. */
export interface Measured {
  readonly claim: Claim;
  readonly values: number[];
  /** why the values measure nothing (findings verdict not_tested); default null */
  readonly notTested?: string | null;
  /** the spec's id of a declared primary claim; absent for an exploratory one */
  readonly primaryId?: string;
  /** smallest effect of interest the spec declared for a primary (default sesoiOf(kind)) */
  readonly sesoi?: number;
  /** distinct worlds behind the values (default one per value: a pool world is drawn from the run seed) */
  readonly worlds?: number;
}

const settingColumns = ["world", "optimizer", "n_pairs", "label_noise", "ensemble_size", "kl_coef"] as const;

/**
 * Smallest effect of interest of an exploratory claim, in its effect's unit (verdict.ts explains
 * the values): a rank correlation for rises_with_proxy, gold standard deviations under the initial
 * policy for every other kind. A primary states its own in the spec.
 */
export function sesoiOf(kind: FindingKind): number {
  return kind === "rises_with_proxy" ? smallestEffects.rankCorrelation : smallestEffects.gold;
}

/** Stable id of a claim: it names what is compared, never the seeds or the numbers. */
export function findingId(experiment: string, claim: Claim): string {
  const setting = settingColumns.map((c) => claim.run[c] ?? null);
  return createHash("sha256").update(JSON.stringify([experiment, claim.kind, setting, claim.subject, claim.baseline ?? null])).digest("hex").slice(0, 12);
}

export interface FindingRowOptions {
  role: FindingRole;
  /** nominal coverage of the row's interval (a primary's Holm step, 0.9 for exploratory rows) */
  level: number;
  /** Holm-adjusted p of a primary, Benjamini-Hochberg q of an exploratory row; null when not tested */
  adjustedP: number | null;
  /** tested claims of the row's role in the experiment: the family its adjustment ran over */
  familySize: number;
}

/** The method of every interval, in words the pages repeat. */
export const methodName = "sign test of the median over seeds";

/** A findings row: the claim, its effect from one value per seed (> 0 supports it), its interval and verdict. */
export function findingRow(experiment: string, m: Measured, {role, level, adjustedP, familySize}: FindingRowOptions): FindingsRow {
  const {claim} = m;
  const effect = seedEffect(m.values, {level, sesoi: m.sesoi ?? sesoiOf(claim.kind), notTested: m.notTested ?? null});
  return {
    finding_id: findingId(experiment, claim),
    experiment,
    kind: claim.kind,
    // the settingColumns, as the subject's runs row holds them
    world: textOrNullOf(claim.run, "world"),
    optimizer: textOrNullOf(claim.run, "optimizer"),
    n_pairs: numberOrNullOf(claim.run, "n_pairs"),
    label_noise: numberOrNullOf(claim.run, "label_noise"),
    ensemble_size: numberOrNullOf(claim.run, "ensemble_size"),
    kl_coef: numberOrNullOf(claim.run, "kl_coef"),
    subject: claim.subject,
    baseline: claim.baseline ?? null,
    claim: claim.claim,
    role,
    primary_id: m.primaryId ?? null,
    headline: role === "primary",
    ...effect,
    effect: Number.isNaN(effect.effect) ? null : effect.effect,
    interval_level: level,
    method: role === "primary" ? `Holm-adjusted ${methodName}` : methodName,
    adjusted_p: effect.verdict === "not_tested" ? null : adjustedP,
    family_size: familySize,
    worlds: m.worlds ?? effect.seeds_total
  };
}

/** Readable setting of a runs row: world, label noise, pairs. */
export function settingText(run: EngineRow): string {
  const world = String(run.world).replace(/_/g, "-");
  return `${world} world, ${Math.round(Number(run.label_noise) * 100)}% flipped labels, ${Number(run.n_pairs).toLocaleString("en-US")} pairs`;
}
