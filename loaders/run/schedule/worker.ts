/**
 * Child process that executes groups of runs for the worker pool (see workers.ts). It selects the backend
 * the parent names (GOODHART_BACKEND), then answers {id, plans} messages with results (or, for
 * {stages: true}, makes the plans' shared stages into the stage cache and answers with none). Ctrl-C
 * reaches the whole process group: a worker leaves SIGINT to the parent, which ends its workers
 * (workers.ts) and says what finished; a worker whose parent is gone (even SIGKILLed) exits.
 */
import {selectBackend} from "../../backend/backend.ts";
import {executeGroup} from "../execute/execute.ts";
import {executeStages} from "../execute/stages.ts";
import type {RunPlan} from "../kinds/index.ts";
import type {ExecuteOptions} from "../kinds/kind.ts";

interface Job {
  id: number;
  plans: RunPlan[];
  options: ExecuteOptions;
  /** the plans' shared stages are to be made, not the runs (workers.ts) */
  stages: boolean;
}

const ready = selectBackend({log: null});
process.on("message", (job: Job) => {
  ready
    .then(() => (job.stages ? executeStages(job.plans, job.options, (line) => process.stderr.write(`${line}\n`)) : executeGroup(job.plans, job.options)))
    .then((results) => process.send!({id: job.id, results}))
    .catch((error: unknown) => process.send!({id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error)}));
});
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
