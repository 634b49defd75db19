/**
 * Seed lists on the command line (`--seeds 11-20`, `--against 1,2,5`) and the warning when there
 * are too few of them for a finding's interval to mean anything.
 */
import {UsageError} from "./args.ts";

/** "11-20" or "1,2,5" or a mix ("1-3,7") -> distinct seeds. */
export function parseSeeds(text: string, option: string): number[] {
  const seeds = text.split(",").flatMap((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new UsageError(`invalid ${option}: ${text} (expected seeds such as 11-20 or 1,2,5)`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from) throw new UsageError(`invalid ${option}: ${part} (a range goes up, e.g. 11-20)`);
    return Array.from({length: to - from + 1}, (_, i) => from + i);
  });
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`invalid ${option}: ${text} (expected distinct seeds)`);
  return seeds;
}

/**
 * The fewest seeds whose findings' intervals say something. A finding's interval is a bootstrap
 * over seeds: n seeds have C(2n-1, n) distinct resamples, 35 at n = 4, so the 2.5% and 97.5%
 * percentiles are about the most extreme resample; at 1 seed the interval has zero width.
 */
export const MIN_SEEDS = 5;

/** A warning line when `seeds` are fewer than MIN_SEEDS, else undefined; `source` says where they came from. */
export function fewSeedsWarning(seeds: readonly number[], source: string): string | undefined {
  if (seeds.length >= MIN_SEEDS) return undefined;
  const more = `${Math.max(...seeds) + 1}-${Math.max(...seeds) + MIN_SEEDS - seeds.length}`;
  return `warning: ${seeds.length === 1 ? "1 seed" : `only ${seeds.length} seeds`} (${source}): a finding's interval and its k of n seeds mean little below ${MIN_SEEDS} seeds${seeds.length === 1 ? " (with 1 the interval has zero width)" : ""}; add seeds, e.g. --seeds ${seeds.join(",")},${more}`;
}
