import {createHash} from "node:crypto";
import {type TIntervalOptions} from "./t-interval.ts";
import {seedEffect, smallestEffects} from "./verdict.ts";

type Row = Record<string, unknown>;

export type FindingKind = "falls_after_peak" | "beats" | "ends_below_start" | "ends_above_start" | "rises_with_proxy";

export interface Claim {
  readonly kind: FindingKind;
  /** runs row of the subject's configuration (its setting columns are read from it) */
  readonly run: Row;
  readonly subject: string;
  readonly baseline?: string | null;
  /** the sentence, without numbers */
  readonly claim: string;
  readonly headline?: boolean;
}

const settingColumns = ["world", "optimizer", "n_pairs", "label_noise", "ensemble_size", "kl_coef"] as const;

/**
 * Smallest effect of interest of a kind of claim, in its effect's unit (verdict.ts explains the
 * values): a rank correlation for rises_with_proxy, gold standard deviations under the initial
 * policy for every other kind.
 */
export function sesoiOf(kind: FindingKind): number {
  return kind === "rises_with_proxy" ? smallestEffects.rankCorrelation : smallestEffects.gold;
}

/** Stable id of a claim: it names what is compared, never the seeds or the numbers. */
export function findingId(experiment: string, claim: Claim): string {
  const setting = settingColumns.map((c) => claim.run[c] ?? null);
  return createHash("sha256").update(JSON.stringify([experiment, claim.kind, setting, claim.subject, claim.baseline ?? null])).digest("hex").slice(0, 12);
}

export interface FindingRowOptions extends TIntervalOptions {
  /** findings in the experiment's family (findings.ts), recorded beside the interval (default 1) */
  familySize?: number;
}

/**
 * A findings row: the claim, and its effect from one value per seed (> 0 supports it), its
 * interval at `level` (findingRows passes the family's per-finding level).
 */
export function findingRow(experiment: string, claim: Claim, values: ArrayLike<number>, {familySize = 1, ...options}: FindingRowOptions = {}): Row {
  return {
    finding_id: findingId(experiment, claim),
    experiment,
    kind: claim.kind,
    ...Object.fromEntries(settingColumns.map((c) => [c, claim.run[c] ?? null])),
    subject: claim.subject,
    baseline: claim.baseline ?? null,
    claim: claim.claim,
    headline: claim.headline ?? false,
    ...seedEffect(values, {...options, sesoi: sesoiOf(claim.kind)}),
    interval_level: options.level ?? 0.9,
    family_size: familySize
  };
}

/** Readable setting of a runs row: world, label noise, pairs. */
export function settingText(run: Row): string {
  const world = String(run.world).replace(/_/g, "-");
  return `${world} world, ${Math.round(Number(run.label_noise) * 100)}% flipped labels, ${Number(run.n_pairs).toLocaleString("en-US")} pairs`;
}
