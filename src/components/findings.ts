import type {FindingRow, ReseedRow} from "./rows.js";

const verdictWords: Record<string, string> = {holds: "holds", negligible: "negligible", not_separable: "not separable from seed noise", reversed: "reversed", not_tested: "not tested"};
// The sign follows the printed digits: a value that rounds to 0.00 prints without a minus sign.
const negative = (x: number) => x < 0 && Math.abs(x).toFixed(2) !== "0.00";
const signed = (x: number | null) => (x === null || Number.isNaN(x) ? "none" : `${negative(x) ? "−" : "+"}${Math.abs(x).toFixed(2)}`);
const plain = (x: number | null) => (x === null || Number.isNaN(x) ? "none" : `${negative(x) ? "−" : ""}${Math.abs(x).toFixed(2)}`);
/** A p or q value in words: two significant digits, "< 0.0001" below that. */
const pText = (p: number) => (p < 1e-4 ? "< 0.0001" : `${Number(p.toPrecision(2))}`);

/** The verdict of a findings row in words: holds, negligible, not separable from seed noise, reversed. */
export function verdictText(verdict: string): string {
  return verdictWords[verdict] ?? verdict;
}

// In tally order: a verdict's words for one finding and for several.
const tallyWords: Record<string, [string, string]> = {holds: ["holds", "hold"], reversed: ["reversed", "reversed"], not_separable: ["not separable", "not separable"], negligible: ["negligible", "negligible"], not_tested: ["not tested", "not tested"]};

/**
 * A list of findings counted by verdict, in the order holds, reversed, not separable, negligible,
 * not tested, leaving out verdicts with no finding: "2 hold, 1 reversed, 5 not separable".
 */
export function verdictTally(findings: Iterable<Pick<FindingRow, "verdict">>): string {
  const counts = new Map<string, number>();
  for (const {verdict} of findings) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  const order = [...Object.keys(tallyWords), ...[...counts.keys()].filter((v) => !(v in tallyWords)).sort()];
  return order.filter((v) => counts.has(v)).map((v) => {
    const n = counts.get(v)!;
    const [one, many] = tallyWords[v] ?? [v, v];
    return `${n} ${n === 1 ? one : many}`;
  }).join(", ");
}

/**
 * What the verdict says about the smallest effect of interest (SESOI), where it is not plain from
 * the word: negligible rows lie inside ±SESOI; a not_separable row whose interval excludes 0 is
 * separable from 0 but not from a negligible effect.
 */
function sesoiNote(f: FindingRow): string {
  const s = Number(f.sesoi), unit = f.kind === "rises_with_proxy" ? "" : " gold std";
  if (!Number.isFinite(s)) return "";
  if (f.verdict === "negligible") return ` (the whole interval lies within ±${s.toFixed(2)}${unit}, the smallest effect of interest)`;
  if (f.verdict === "not_separable" && (Number(f.lower) > 0 || Number(f.upper) < 0)) return ` from a negligible effect (within ±${s.toFixed(2)}${unit}, the smallest effect of interest), though ${Number(f.lower) > 0 ? "above" : "below"} 0`;
  return "";
}

/**
 * An interval's coverage as a percentage, with the decimals its miss needs, rounded down so that
 * it never claims more than the interval has: 0.9 -> "90%", 1 - 0.1 / 194 -> "99.94%",
 * 1 - 0.1 / 16 -> "99.3%".
 */
export function levelText(level: number): string {
  const miss = 100 * (1 - Number(level));
  if (!(miss > 0 && miss < 100)) return `${100 * Number(level)}%`;
  const decimals = Math.max(0, Math.ceil(-Math.log10(miss) - 1e-9));
  const scale = 10 ** decimals;
  return `${(Math.floor((100 - miss) * scale + 1e-6) / scale).toFixed(decimals)}%`;
}

/** An interval in words: "99.5% sign-test interval 0.28 to 3.04". */
const interval = (level: number, lower: number | null, upper: number | null) => `${levelText(level)} sign-test interval ${plain(lower)} to ${plain(upper)}`;

/** One seed set's estimate in words: "holds +1.66 (99.5% sign-test interval 0.28 to 3.04), 8 of 10 seeds in its favour". */
function estimate(verdict: string, effect: number | null, lower: number | null, upper: number | null, level: number, supporting: number, total: number): string {
  if (verdict === "not_tested") return `not tested (median ${signed(effect)} over ${Number(total)} seeds)`;
  return `${verdictText(verdict)} median ${signed(effect)} (${interval(level, lower, upper)}), ${Number(supporting)} of ${Number(total)} seeds in its favour`;
}

/** What the other seed set of the reseeding check gave, for a finding that reversed ("" otherwise). */
export function reseedNote(r: ReseedRow | undefined): string {
  if (!r?.reversed) return "";
  return `Did not survive reseeding: seeds ${r.other_seeds} gave ${estimate(r.other_verdict, r.other_effect, r.other_lower, r.other_upper, r.other_interval_level, r.other_seeds_supporting, r.other_seeds_total)}.`;
}

/** A finding that reversed under reseeding, from its record alone: the claim and both seed sets' verdicts. */
/**
 * Where the primary claims were declared, from the reseed table: the spec's path and the first 12
 * hex digits of its sha256 when the last reseeding check ran, and whether the spec still has them.
 * Null when there is no record or the record predates recording the spec.
 */
export function declarationNote(reseed: Iterable<Pick<ReseedRow, "spec_path" | "spec_sha256" | "spec_current" | "checked">>): string | null {
  for (const r of reseed) {
    if (r.spec_path == null || r.spec_sha256 == null) return null;
    const when = `the reseeding check of ${r.checked}`;
    return `Primary claims declared in ${r.spec_path} (sha256 ${r.spec_sha256.slice(0, 12)}, as tested by ${when})${r.spec_current ? "." : "; the spec has changed since, so that check tested an earlier declaration: rerun goodhart reseed-check --record."}`;
  }
  return null;
}

export function reseedFailureSentence(r: ReseedRow): string {
  return `${r.claim} Seeds ${r.seeds}: ${estimate(r.verdict, r.effect, r.lower, r.upper, r.interval_level, r.seeds_supporting, r.seeds_total)}; seeds ${r.other_seeds}: ${estimate(r.other_verdict, r.other_effect, r.other_lower, r.other_upper, r.other_interval_level, r.other_seeds_supporting, r.other_seeds_total)}.`;
}

/** The headline findings that survived reseeding: a finding the record marks reversed is no headline. */
export function survivingHeadlines<F extends {finding_id: string; headline: boolean}>(findings: Iterable<F>, reseed: Iterable<Pick<ReseedRow, "finding_id" | "reversed">> = []): F[] {
  const reversed = new Set(Array.from(reseed, (r) => (r.reversed ? r.finding_id : null)));
  return Array.from(findings).filter((f) => f.headline && !reversed.has(f.finding_id));
}

/**
 * One findings row as a sentence: the claim, its role (a declared primary or exploratory), its
 * verdict, the median effect with its sign-test interval over seeds (a primary's Holm-adjusted
 * 95% interval, at its Holm step; an exploratory row's 90% interval) and the adjusted p (Holm) or
 * q (Benjamini-Hochberg), and how many seeds point its way (a language-model row: how many worlds,
 * when each seed had its own); a not_tested row says why; then, if
 * the reseeding check reversed it, what the other seeds gave. Shared by the pages and npm run results.
 */
export function findingSentence(f: FindingRow, {reseed}: {/** the finding's reseed row (default none) */ reseed?: ReseedRow} = {}): string {
  const n = Number(f.seeds_total);
  const role = f.role === "primary" ? "Primary claim" : f.role === "exploratory" ? "Exploratory" : "";
  if (f.verdict === "not_tested") return `${f.claim} ${role ? `${role}, not tested` : "Not tested"}: ${f.reason ?? "the measurement did not happen"}.`;
  // A language-model row names its worlds: one per seed (world.seed "per_seed") or fewer (a fixed world).
  const worlds = f.world === "text" && f.worlds != null ? Number(f.worlds) : null;
  const count = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const over = worlds === null ? count(n, "seed") : worlds === n ? `${count(n, "world")} (one seed each)` : `${count(n, "seed")} of ${count(worlds, "world")}`;
  const seeds = f.kind === "falls_after_peak" ? `measured seed${n === 1 ? "" : "s"} (the peak taken from the other seeds' mean curve)` : worlds === n ? `world${n === 1 ? "" : "s"}` : `seed${n === 1 ? "" : "s"}`;
  let verdict = verdictText(f.verdict);
  const note = sesoiNote(f);
  if (f.verdict === "not_separable" && note) verdict = `not separable${note}`;
  else verdict += note;
  const effect = f.kind === "rises_with_proxy" ? "median Spearman ρ" : "median effect";
  const primary = f.role === "primary";
  const level = primary ? `Holm-adjusted 95% sign-test interval over ${over} (at its Holm step, ${levelText(Number(f.interval_level))})` : `${levelText(Number(f.interval_level))} sign-test interval over ${over}`;
  const adjusted = f.adjusted_p == null ? "" : primary ? `; Holm-adjusted p ${pText(Number(f.adjusted_p))}` : `; BH q ${pText(Number(f.adjusted_p))}`;
  const head = role ? `${role}, ${verdict}` : `${verdict[0].toUpperCase()}${verdict.slice(1)}`;
  return `${f.claim} ${head}: ${effect} ${signed(f.effect)} (${level}: ${plain(f.lower)} to ${plain(f.upper)}${adjusted}), ${Number(f.seeds_supporting)} of ${n} ${seeds} in its favour.${reseed?.reversed ? ` ${reseedNote(reseed)}` : ""}`;
}
