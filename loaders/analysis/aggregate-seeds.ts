import {type Accessor, keyAt, numberAt} from "./accessor.ts";
import {type TIntervalOptions, tInterval} from "./t-interval.ts";

export interface AggregateSeedsOptions<T, K extends string = string, X extends string = string> extends TIntervalOptions {
  /** columns that identify a group, e.g. ["run_group", "point"]; default [] (one group) */
  by?: readonly K[];
  /** the value averaged over seeds; default "gold_reward" */
  value?: Accessor<T>;
  /** the column naming the seed, the unit of resampling; default "seed" */
  seed?: string;
  /** columns averaged over seeds and reported under the same name, e.g. ["sqrt_kl"]; default [] */
  x?: readonly X[];
}

/** The statistics of one group over its seeds. */
export interface SeedStats {
  /** distinct seeds in the group */
  n_seeds: number;
  /** mean over seeds (of the per-seed means) */
  mean: number;
  /** sample standard deviation over seeds; null with one seed */
  sd: number | null;
  /** Student-t interval over seeds (tInterval); both equal mean with one seed */
  lower: number;
  upper: number;
}

/**
 * One group: its `by` keys K as the rows T hold them and its `x` means X (numbers) under their own
 * names, then the statistics. Columns named by a plain string[] (not literals) read as unknown.
 */
export type SeedAggregate<T = Record<string, unknown>, K extends string = string, X extends string = never> = {[P in K]: P extends keyof T ? T[P] : unknown} & (string extends X ? unknown : {[P in X]: number}) & SeedStats;

const reserved = ["n_seeds", "mean", "sd", "lower", "upper"];

function keyOf(values: readonly unknown[]): string {
  return values.map((v) => `${typeof v}:${String(v)}`).join("\u0000");
}

/**
 * Mean and Student-t interval over seeds for each group of long rows. Rows that share a group and
 * a seed (e.g. one per prompt) are averaged first, so seeds are the independent unit. A group's
 * interval depends on its own rows only. Groups come out in order of first appearance.
 */
export function aggregateSeeds<T, K extends string = never, X extends string = never>(rows: Iterable<T>, options: AggregateSeedsOptions<T, K, X> = {}): SeedAggregate<T, K, X>[] {
  const {by = [], value = "gold_reward", seed = "seed", x = []} = options;
  const {level = 0.9} = options;
  for (const name of [...by, ...x]) {
    if (reserved.includes(name)) throw new Error(`invalid by/x column: "${name}" (it clashes with an output column; rename it first)`);
  }
  for (const name of x) {
    if (new Set<string>(by).has(name)) throw new Error(`invalid x column: "${name}" (it is also in by; a column is either a key or averaged)`);
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
  const out: SeedAggregate<T, K, X>[] = [];
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
    const stats: SeedStats = {n_seeds: n, mean: band.estimate, sd: band.sd, lower: band.lower, upper: band.upper};
    // The one assertion: TypeScript cannot type an object built from column names, but each key of
    // `row` is a `by` column holding the rows' own value (keyAt) or an `x` column's mean (a number).
    out.push({...row, ...stats} as SeedAggregate<T, K, X>);
  }
  return out;
}
