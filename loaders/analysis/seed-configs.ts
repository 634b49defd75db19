import type {EngineRow} from "./engine-rows.ts";
import {configId, failedIds, succeeded} from "./config-id.ts";
import type {SeedCurve} from "./held-out-fall.ts";

/** One configuration (a run config without its seed) and its gold curve per seed. */
export interface SeedConfig {
  readonly config_id: string;
  /** the runs row of its first seed: the configuration's columns */
  readonly run: EngineRow;
  /** seed -> point -> gold reward */
  readonly gold: Map<number, SeedCurve>;
}

/** Per seed, the gold reward at the configuration's last point (largest KL, or the last step). */
export function finalGold(config: SeedConfig): Map<number, number> {
  return new Map([...config.gold].map(([seed, curve]) => [seed, curve.get(Math.max(...curve.keys()))!]));
}

/** Groups the runs and curves rows of an experiment into configurations, in order of first appearance. */
export function seedConfigs(rows: {runs: readonly EngineRow[]; curves: readonly EngineRow[]}): SeedConfig[] {
  const configs = new Map<string, SeedConfig>();
  const byRun = new Map<string, Map<number, number>>();
  for (const run of rows.runs.filter(succeeded)) {
    const id = configId(run);
    let config = configs.get(id);
    if (!config) configs.set(id, (config = {config_id: id, run, gold: new Map()}));
    const curve = new Map<number, number>();
    config.gold.set(Number(run.seed), curve);
    byRun.set(String(run.run_id), curve);
  }
  const failed = failedIds(rows.runs);
  for (const c of rows.curves) {
    const curve = byRun.get(String(c.run_id));
    if (!curve && failed.has(String(c.run_id))) continue;
    if (!curve) throw new Error(`curves row for run_id ${String(c.run_id)}: no such run in runs (pass the runs of the same experiment)`);
    curve.set(Number(c.point), Number(c.gold_reward));
  }
  return [...configs.values()];
}

/**
 * The one configuration whose runs columns equal every value in `where`, or undefined when none
 * or several match (a claim that cannot name its configuration is not made).
 */
export function pick(configs: readonly SeedConfig[], where: Readonly<EngineRow>): SeedConfig | undefined {
  const found = configs.filter((c) => Object.entries(where).every(([k, v]) => (c.run[k] ?? null) === v));
  return found.length === 1 ? found[0] : undefined;
}
