import {type Accessor, keyAt, numberAt} from "./accessor.ts";
import {type TIntervalOptions, tInterval} from "./t-interval.ts";

export interface AggregateSeedsOptions<T> extends TIntervalOptions {
  /** columns that identify a group, e.g. ["run_group", "point"]; default [] (one group) */
  by?: readonly string[];
  /** the value averaged over seeds; default "gold_reward" */
  value?: Accessor<T>;
  /** the column naming the seed, the unit of resampling; default "seed" */
  seed?: string;
  /** columns averaged over seeds and reported under the same name, e.g. ["sqrt_kl"]; default [] */
  x?: readonly string[];
}

/** One group: its `by` keys and `x` means under their own names, then these statistics. */
export type SeedAggregate = Record<string, unknown> & {
  /** distinct seeds in the group */
  n_seeds: number;
  /** mean over seeds (of the per-seed means) */
  mean: number;
  /** sample standard deviation over seeds; null with one seed */
  sd: number | null;
  /** Student-t interval over seeds (tInterval); both equal mean with one seed */
  lower: number;
  upper: number;
};

const reserved = ["n_seeds", "mean", "sd", "lower", "upper"];

function keyOf(values: readonly unknown[]): string {
  return values.map((v) => `${typeof v}:${String(v)}`).join("\u0000");
}

/**
 * Mean and Student-t interval over seeds for each group of long rows. Rows that share a group and
 * a seed (e.g. one per prompt) are averaged first, so seeds are the independent unit. A group's
 * interval depends on its own rows only. Groups come out in order of first appearance.
 */
export function aggregateSeeds<T>(rows: Iterable<T>, options: AggregateSeedsOptions<T> = {}): SeedAggregate[] {
  const {by = [], value = "gold_reward", seed = "seed", x = []} = options;
  const {level = 0.9} = options;
  for (const name of [...by, ...x]) {
    if (reserved.includes(name)) throw new Error(`invalid by/x column: "${name}" (it clashes with an output column; rename it first)`);
  }
  for (const name of x) {
    if (by.includes(name)) throw new Error(`invalid x column: "${name}" (it is also in by; a column is either a key or averaged)`);
  }

  // 1. Group rows, then seeds within a group, summing value and x.
  type Seed = {count: number; value: number; x: number[]};
  const groups = new Map<string, {keys: unknown[]; seeds: Map<string, Seed>}>();
  let i = 0;
  for (const row of rows) {
    const keys = by.map((column) => keyAt(row, i, column));
    const groupKey = keyOf(keys);
    let group = groups.get(groupKey);
    if (!group) groups.set(groupKey, (group = {keys, seeds: new Map()}));
    const seedKey = keyOf([keyAt(row, i, seed)]);
    let s = group.seeds.get(seedKey);
    if (!s) group.seeds.set(seedKey, (s = {count: 0, value: 0, x: x.map(() => 0)}));
    s.count += 1;
    s.value += numberAt(row, i, value, "value");
    x.forEach((column, j) => (s.x[j] += numberAt(row, i, column, "x")));
    ++i;
  }

  // 2. Per-seed means -> mean, sd and t-interval over seeds.
  const out: SeedAggregate[] = [];
  for (const {keys, seeds} of groups.values()) {
    const perSeed = Float64Array.from(seeds.values(), (s) => s.value / s.count);
    const n = perSeed.length;
    const band = tInterval(perSeed, {level});
    const row: Record<string, unknown> = {};
    by.forEach((column, j) => (row[column] = keys[j]));
    x.forEach((column, j) => {
      let sum = 0;
      for (const s of seeds.values()) sum += s.x[j] / s.count;
      row[column] = sum / n;
    });
    out.push({...row, n_seeds: n, mean: band.estimate, sd: band.sd, lower: band.lower, upper: band.upper});
  }
  return out;
}
