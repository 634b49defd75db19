import type {FindingRow} from "./rows.js";

const verdictWords: Record<string, string> = {holds: "holds", negligible: "negligible", not_separable: "not separable from seed noise", reversed: "reversed"};
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
const plain = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));

/** The verdict of a findings row in words: holds, negligible, not separable from seed noise, reversed. */
export function verdictText(verdict: string): string {
  return verdictWords[verdict] ?? verdict;
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
 * One findings row as a sentence: the claim, its verdict, the effect with its 90% interval over
 * seeds, and how many seeds point its way. Shared by the pages and the README's Results section.
 */
export function findingSentence(f: FindingRow): string {
  const n = Number(f.seeds_total);
  const seeds = f.kind === "falls_after_peak" ? `measured seed${n === 1 ? "" : "s"} (the peak taken from the other seeds' mean curve)` : `seed${n === 1 ? "" : "s"}`;
  let verdict = verdictText(f.verdict);
  const note = sesoiNote(f);
  if (f.verdict === "not_separable" && note) verdict = `not separable${note}`;
  else verdict += note;
  const effect = f.kind === "rises_with_proxy" ? "mean Spearman ρ" : "effect";
  return `${f.claim} ${verdict[0].toUpperCase()}${verdict.slice(1)}: ${effect} ${signed(Number(f.effect))} (90% interval ${plain(Number(f.lower))} to ${plain(Number(f.upper))}), ${Number(f.seeds_supporting)} of ${n} ${seeds} in its favour.`;
}
