import {succeeded} from "./config-id.ts";
import type {Row, sampleGroups} from "../io/schema/index.ts";
import type {EngineRow} from "./engine-rows.ts";
import {type AnalysisConfig, configOf} from "./bands-and-fits.ts";

export interface SampleViewOptions {
  /** bins per axis of each world and optimizer's proxy x gold grid; default 64 */
  bins?: number;
}

/** A configuration's grid: proxy_reward (x) and gold_reward (y) ranges, each cut into `bins` equal bins. */
export interface Grid {
  readonly x_min: number;
  readonly x_max: number;
  readonly y_min: number;
  readonly y_max: number;
  readonly bins: number;
}

/**
 * The page-facing views of an experiment's samples (declared in io/schema/sample-views.ts):
 * sample_groups (one row per configuration with samples, with its grid), sample_points (every
 * response, compact, ordered by group) and sample_bins (each group's responses counted on its grid).
 * Samples of failed runs and of runs without curve rows are left out.
 */
export function sampleViewRows(rows: {runs: readonly EngineRow[]; curves: readonly EngineRow[]; samples: readonly EngineRow[]}, options: SampleViewOptions = {}) {
  const {bins = 64} = options;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`invalid bins: ${bins} (expected an integer >= 1)`);

  // 1. Group runs by configuration, numbered in runs order.
  const configs = new Map<string, {group_id: number; config: AnalysisConfig}>();
  const runGroup = new Map<string, {group_id: number; grid: string}>();
  for (const run of rows.runs.filter(succeeded)) {
    const config = configOf(run);
    const id = String(config.config_id);
    if (!configs.has(id)) configs.set(id, {group_id: configs.size, config});
    runGroup.set(String(run.run_id), {group_id: configs.get(id)!.group_id, grid: `${String(run.world)}\u0000${String(run.optimizer)}`});
  }
  const sqrtKl = new Map<string, number | null>();
  for (const c of rows.curves) sqrtKl.set(`${String(c.run_id)}\u0000${String(c.point)}`, c.sqrt_kl == null ? null : Number(c.sqrt_kl));

  // 2. Compact points, ordered by group (stable within a group), and each grid's extent (0 included).
  const points: {group_id: number; sqrt_kl: number | null; proxy_reward: number; gold_reward: number; length: number; nuisance_max_abs: number | null}[] = [];
  const pointGrid: string[] = [];
  const extents = new Map<string, [number, number, number, number]>();
  for (const s of rows.samples) {
    const run = runGroup.get(String(s.run_id));
    const key = `${String(s.run_id)}\u0000${String(s.point)}`;
    if (!run || !sqrtKl.has(key)) continue;
    const x = Number(s.proxy_reward), y = Number(s.gold_reward);
    points.push({group_id: run.group_id, sqrt_kl: sqrtKl.get(key)!, proxy_reward: x, gold_reward: y, length: Number(s.length), nuisance_max_abs: s.nuisance_max_abs == null ? null : Number(s.nuisance_max_abs)});
    pointGrid.push(run.grid);
    const e = extents.get(run.grid) ?? [0, 0, 0, 0];
    extents.set(run.grid, [Math.min(e[0], x), Math.max(e[1], x), Math.min(e[2], y), Math.max(e[3], y)]);
  }
  const order = points.map((_, i) => i).sort((a, b) => points[a]!.group_id - points[b]!.group_id || a - b);
  const grids = new Map<string, Grid>([...extents].map(([key, [x_min, x_max, y_min, y_max]]) => [key, {x_min, x_max, y_min, y_max, bins}]));

  // 3. Count each group's points on its grid; means of the colour columns over non-null values.
  const cells = new Map<string, {group_id: number; bx: number; by: number; count: number; kl: [number, number]; length: number; nuisance: [number, number]}>();
  const gridOfGroup = new Map<number, Grid>();
  for (const i of order) {
    const p = points[i]!;
    const grid = grids.get(pointGrid[i]!)!;
    gridOfGroup.set(p.group_id, grid);
    const bx = binOf(p.proxy_reward, grid.x_min, grid.x_max, bins), by = binOf(p.gold_reward, grid.y_min, grid.y_max, bins);
    const key = `${p.group_id},${bx},${by}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = {group_id: p.group_id, bx, by, count: 0, kl: [0, 0], length: 0, nuisance: [0, 0]}));
    cell.count += 1;
    cell.length += p.length;
    if (p.sqrt_kl !== null) (cell.kl[0] += p.sqrt_kl), (cell.kl[1] += 1);
    if (p.nuisance_max_abs !== null) (cell.nuisance[0] += p.nuisance_max_abs), (cell.nuisance[1] += 1);
  }
  const mean = ([sum, n]: [number, number]) => (n > 0 ? sum / n : null);
  const sample_bins = [...cells.values()]
    .sort((a, b) => a.group_id - b.group_id || a.bx - b.bx || a.by - b.by)
    .map((c) => ({group_id: c.group_id, bx: c.bx, by: c.by, count: c.count, sqrt_kl: mean(c.kl), length: c.length / c.count, nuisance_max_abs: mean(c.nuisance)}));

  // 4. One row per configuration that has samples.
  const counts = new Map<number, number>();
  for (const p of points) counts.set(p.group_id, (counts.get(p.group_id) ?? 0) + 1);
  const sample_groups = [...configs.values()]
    .filter(({group_id}) => counts.has(group_id))
    .map(({group_id, config}): Row<typeof sampleGroups> => ({group_id, ...config, rows: counts.get(group_id)!, ...gridOfGroup.get(group_id)!}));
  return {sample_groups, sample_points: order.map((i) => points[i]!), sample_bins};
}

/** The bin of v on [lo, hi] cut into n equal bins; hi falls in the last bin, a zero-width range in bin 0. */
export function binOf(v: number, lo: number, hi: number, n: number): number {
  if (!(hi > lo)) return 0;
  return Math.max(0, Math.min(n - 1, Math.floor(((v - lo) / (hi - lo)) * n)));
}
