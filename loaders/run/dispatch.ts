/** Executes a group of runs of either kind: pool runs (execute.ts) or language-model runs (text-execute.ts). */
import {executeGroup} from "./execute.ts";
import type {ExecuteOptions, RunPlan, RunResult} from "./execute.ts";
import {isTextPlan} from "./spec.ts";
import type {AnyRunPlan} from "./spec.ts";
import {executeTextGroup} from "./text-execute.ts";
import type {TextRunPlan} from "./text-execute.ts";

export function executePlans(group: readonly AnyRunPlan[], options: ExecuteOptions): Promise<RunResult[]> {
  return group.length > 0 && isTextPlan(group[0]) ? executeTextGroup(group as readonly TextRunPlan[], options) : executeGroup(group as readonly RunPlan[], options);
}
