import * as Plot from "npm:@observablehq/plot";
import {labelAxis} from "./charts.js";
import {verdictColors} from "./colors.js";
import {directed} from "./directed.js";
import {levelText, verdictText} from "./findings.js";
import type {FindingRow} from "./rows.js";

/** A findings row as the home page reads it: the sentence columns and what the claim compares. */
export type LeadFinding = FindingRow & {experiment: string; subject: string; baseline: string | null; world?: string | null};

/** The home page's findings in the direction of their effects, numbered, grouped into panels of one experiment and one unit. */
export function forestRows(findings: Iterable<LeadFinding>) {
  return Array.from(findings, (f, i) => {
    const d = directed(f);
    const unit = f.kind === "rises_with_proxy" ? "Spearman ρ" : "gold std";
    return {
      n: i + 1,
      experiment: String(f.experiment),
      unit,
      label: `${i + 1}. ${shortLabel(d)}`,
      claim: String(d.claim),
      verdict: String(d.verdict),
      effect: Number(d.effect),
      lower: Number(d.lower),
      upper: Number(d.upper),
      sesoi: Number(f.sesoi),
      level: Number(f.interval_level),
      seeds: `${Number(d.seeds_supporting)} of ${Number(f.seeds_total)}`
    };
  });
}
export type ForestRow = ReturnType<typeof forestRows>[number];

/** What each kind of claim says, short, as stated and turned around (directed.ts). */
const relations: Record<string, [string, string]> = {
  falls_after_peak: ["gold falls after its peak", "gold ends above its peak"],
  beats: ["beats", "trails"],
  ends_below_start: ["ends below the start", "ends above the start"],
  ends_above_start: ["ends above the start", "ends below the start"],
  rises_with_proxy: ["gold rises with the proxy", "gold falls as the proxy rises"]
};

/** A row's label: "wco x5 beats single (heavy-tailed)", "single: gold falls after its peak"; the claim itself for kinds it does not know. */
export function shortLabel(f: LeadFinding & {flipped: boolean}): string {
  const relation = relations[f.kind]?.[f.flipped ? 1 : 0];
  const world = f.world ? ` (${String(f.world).replace(/_/g, "-")})` : "";
  if (!relation) return String(f.claim).replace(/\s*\([^()]*\)\.?$/, "").replace(/\.$/, "");
  return f.baseline != null ? `${f.subject} ${relation} ${f.baseline}${world}` : `${f.subject}: ${relation}${world}`;
}

/** A plain one-line statement of a row: verdict, claim, effect with its unit, seeds in its favour. */
export function plainLine(r: ForestRow): string {
  const sign = r.effect < 0 ? "−" : "+";
  return `${verdictText(r.verdict)[0].toUpperCase()}${verdictText(r.verdict).slice(1)}: ${r.claim.replace(/\.$/, "")}: ${sign}${Math.abs(r.effect).toFixed(2)} ${r.unit}, ${r.seeds} seeds this way.`;
}

export interface ForestOptions {
  /** chart width in pixels (default 640) */
  width?: number;
  /** the x axis's label (default "effect in gold std under π₀") */
  unit?: string;
}

/** The x domain: every interval, 0 and the shaded band; a finding with no interval (not tested) adds nothing, and with none at all it is -1 to 1. */
function effectDomain(rows: readonly ForestRow[], sesoi: number): [number, number] {
  const lo = Math.min(-sesoi, ...rows.map((r) => r.lower).filter(Number.isFinite));
  const hi = Math.max(sesoi, ...rows.map((r) => r.upper).filter(Number.isFinite));
  return lo < hi ? [lo, hi] : [-1, 1];
}

/**
 * A forest plot: one row per finding, the effect (dot) with its interval (rule), coloured by
 * verdict, the smallest effect of interest shaded around 0, and the seeds in its favour at the right.
 */
export function forestChart(rows: readonly ForestRow[], {width = 640, unit = "gold std"}: ForestOptions = {}) {
  const sesoi = Math.max(0, ...rows.map((r) => r.sesoi).filter(Number.isFinite));
  const axis = labelAxis(rows.map((r) => r.label), {width, share: 0.55});
  return Plot.plot({
    width,
    height: 56 + 24 * rows.length,
    marginTop: 22,
    marginLeft: axis.marginLeft,
    marginRight: 70,
    x: {label: `effect, ${unit} (in the direction stated) →`, grid: true, nice: true, domain: effectDomain(rows, sesoi)},
    y: {domain: rows.map((r) => r.label), label: null},
    color: {...verdictColors, legend: false},
    marks: [
      Plot.rectX([sesoi], {x1: -sesoi, x2: sesoi, fill: "currentColor", fillOpacity: 0.08}),
      Plot.ruleX([0]),
      Plot.ruleY(rows, {y: "label", x1: "lower", x2: "upper", stroke: "verdict", strokeWidth: 2}),
      Plot.dot(rows, {y: "label", x: "effect", fill: "verdict", r: 4.5, stroke: "var(--theme-background)"}),
      Plot.text(rows, {y: "label", text: "seeds", frameAnchor: "right", textAnchor: "start", dx: 8, fill: "currentColor"}),
      Plot.text(["seeds this way"], {frameAnchor: "top-right", textAnchor: "end", dx: 66, dy: -14, fill: "var(--theme-foreground-muted)"}),
      axis.axis,
      Plot.tip(rows, Plot.pointerY({y: "label", x: "effect", title: (r: ForestRow) => `${plainLine(r)}\n${levelText(r.level)} interval ${r.lower.toFixed(2)} to ${r.upper.toFixed(2)}`}))
    ]
  });
}
