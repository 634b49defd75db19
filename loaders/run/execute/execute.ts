/**
 * The one executor: runs a group of runs of one world kind that share a reward-model stage
 * (spec/spec.ts groupRuns), their shared stages once (kinds/<kind>: world, pairs, reward models),
 * then each run, and writes each run's runs row. A numerical fault (a non-finite reward-model loss
 * or reward: every run of the group; a non-finite curve value, or one the optimiser meets: that
 * run) makes a failed run: runs.status "failed", runs.error the fault, and no rows in the other tables.
 */
import type {Row, runs} from "../../io/schema/index.ts";
import type {OptimizerConfig} from "../../optimize/types.ts";
import {NumericalFault} from "../../optimize/types.ts";
import {kindOf} from "../kinds/index.ts";
import type {RunPlan} from "../kinds/index.ts";
import type {ExecuteOptions} from "../kinds/kind.ts";
import {canonicalJson} from "../spec/config.ts";
import {settingColumns} from "../spec/setting-columns.ts";
import {noTables} from "./rows.ts";
import type {RunResult, RunTables} from "./rows.ts";

export async function executeGroup(plans: readonly RunPlan[], options: ExecuteOptions): Promise<RunResult[]> {
  const {backend, engineVersion, timings = true} = options;
  if (plans.length === 0) return [];
  const start = performance.now();
  const kind = kindOf(plans[0].kind);
  const group = await kind.group(plans, options);
  try {
    // Time of the shared stages, split equally among the group's runs.
    const shared = (performance.now() - start) / 1000 / plans.length;
    const results: RunResult[] = [];
    for (const plan of plans) {
      const t0 = performance.now();
      let error = group.fault;
      let tables: RunTables = noTables();
      if (error === null) {
        try {
          tables = await group.run(plan);
        } catch (fault) {
          if (!(fault instanceof NumericalFault)) throw fault;
          error = fault.message; // a failed run (runs.status); the group goes on
        }
      }
      const duration = shared + (performance.now() - t0) / 1000;
      const {config} = plan;
      const runsRow: Row<typeof runs> = {
        run_id: plan.run_id,
        experiment: plan.experiment,
        sweep: plan.sweep,
        ...settingColumns(plan),
        seed: config.seed,
        backend,
        engine_version: engineVersion,
        config_json: canonicalJson(config),
        duration_s: timings ? Math.round(duration * 1000) / 1000 : null,
        status: error === null ? "ok" : "failed",
        error
      };
      results.push({run_id: plan.run_id, ...tables, runs: runsRow});
    }
    return results;
  } finally {
    group.dispose();
  }
}
