import type {FindingRow} from "./rows.js";

const verdictWords: Record<string, string> = {holds: "holds", not_separable: "not separable from seed noise", reversed: "reversed"};
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
const plain = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(2)}` : x.toFixed(2));

/** The verdict of a findings row in words: holds, not separable from seed noise, reversed. */
export function verdictText(verdict: string): string {
  return verdictWords[verdict] ?? verdict;
}

/**
 * One findings row as a sentence: the claim, its verdict, the effect with its 90% interval over
 * seeds, and how many seeds point its way. Shared by the pages and the README's Results section.
 */
export function findingSentence(f: FindingRow): string {
  const n = Number(f.seeds_total);
  const seeds = f.kind === "falls_after_peak" ? `measured seed${n === 1 ? "" : "s"} (the peak taken from the other seeds' mean curve)` : `seed${n === 1 ? "" : "s"}`;
  const verdict = verdictText(f.verdict);
  const effect = f.kind === "rises_with_proxy" ? "mean Spearman ρ" : "effect";
  return `${f.claim} ${verdict[0].toUpperCase()}${verdict.slice(1)}: ${effect} ${signed(Number(f.effect))} (90% interval ${plain(Number(f.lower))} to ${plain(Number(f.upper))}), ${Number(f.seeds_supporting)} of ${n} ${seeds} in its favour.`;
}
