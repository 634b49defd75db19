import type {Row, runs} from "../../io/schema/index.ts";
import type {OptimizerConfig} from "../../optimize/types.ts";
import {type PrimaryClaim, type Selector, selectorColumns} from "../../analysis/primaries-spec.ts";
import {SpecError} from "../../spec-validators.ts";
import {kindOf} from "../kinds/index.ts";
import type {RunPlan} from "../kinds/index.ts";
import {canonicalJson} from "./config.ts";

/** The runs columns that say what a run ran (world, optimiser, objective, data), from its resolved config alone. */
export type SettingColumns = Pick<Row<typeof runs>, "world" | "optimizer" | "kl_coef" | "kl_control" | "kl_target" | "policy" | "policy_optimizer" | "objective" | "objective_param" | "reward_source" | "ensemble_size" | "n_pairs" | "label_noise">;

/** A plan's setting columns: what its runs row will say it ran (execute.ts writes them; primaries select by them). */
export function settingColumns(plan: RunPlan): SettingColumns {
  const {config} = plan;
  return {
    ...kindOf(plan.kind).columns(config),
    ...optimizerColumns(config.optimizer),
    objective: config.objective.name,
    objective_param: config.objective.param,
    ensemble_size: config.ensemble.size,
    n_pairs: config.preferences?.pairs ?? null,
    label_noise: config.preferences?.label_noise ?? null
  };
}

/** The runs columns of the optimiser: its name, and the KL control of a policy-gradient one (null for the others). */
function optimizerColumns(optimizer: OptimizerConfig): Pick<Row<typeof runs>, "optimizer" | "kl_coef" | "kl_control" | "kl_target" | "policy_optimizer"> {
  const {name, kl_coef, kl_control, kl_target, policy_optimizer} = optimizer;
  return {
    optimizer: name,
    // exact_target solves a coefficient per run: curves.beta has it
    kl_coef: typeof kl_coef === "number" && kl_control !== "exact_target" ? kl_coef : null,
    kl_control: typeof kl_control === "string" ? kl_control : null,
    kl_target: typeof kl_target === "number" && (kl_control === "adaptive" || kl_control === "exact_target") ? kl_target : null,
    policy_optimizer: typeof policy_optimizer === "string" ? policy_optimizer : null
  };
}

const matches = (row: SettingColumns, where: Selector) => selectorColumns.every((k) => !(k in where) || (row[k] ?? null) === where[k]);

/**
 * Throws a SpecError naming the primary claim whose subject or baseline selects no configuration of
 * the spec, before anything runs: the claim could only be reported as not tested after every run.
 * (Several matches stay a not_tested finding with the count: analysis/primaries.ts.)
 */
export function checkPrimarySubjects(primaries: readonly PrimaryClaim[], plans: readonly RunPlan[]): void {
  const configs = new Map<string, SettingColumns>();
  for (const plan of plans) {
    const {seed: _seed, ...config} = plan.config;
    configs.set(canonicalJson(config), settingColumns(plan));
  }
  const rows = [...configs.values()];
  primaries.forEach((p, i) => {
    const selectors: [string, Selector | null][] = [["subject", p.subject], ["baseline", p.baseline && {...p.subject, ...p.baseline}]];
    for (const [field, where] of selectors) {
      if (where === null || rows.some((row) => matches(row, where))) continue;
      const used = selectorColumns.filter((k) => k in where);
      const seen = used.map((k) => `${k} ${[...new Set(rows.map((r) => JSON.stringify(r[k] ?? null)))].join("/")}`).join("; ");
      throw new SpecError(`primaries[${i}] ("${p.id}"): its ${field} ${JSON.stringify(where)} matches no configuration of the spec (its configurations have ${seen}): fix primaries[${i}].${field}`);
    }
  });
}
