/**
 * Makes the shared stages that outlive a group (WorldKind.stage: a text world's pi_ref) for the
 * worker pool: each plan's stage goes into the stage cache, where the groups' workers find it.
 */
import {kindOf} from "../kinds/index.ts";
import type {RunPlan} from "../kinds/index.ts";
import type {ExecuteOptions} from "../kinds/kind.ts";
import {StageCache} from "../store/stage-cache.ts";
import type {RunResult} from "./rows.ts";

export async function executeStages(plans: readonly RunPlan[], {backend, cacheDir = null}: ExecuteOptions, log: (line: string) => void = () => {}): Promise<RunResult[]> {
  const cache = cacheDir === null ? null : new StageCache(cacheDir, backend);
  for (const plan of plans) await kindOf(plan.kind).stage?.(plan, cache, log);
  return [];
}
