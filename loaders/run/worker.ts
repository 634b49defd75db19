/**
 * Child process that executes groups of runs for the pool (see pool.ts). It selects the backend
 * the parent names (GOODHART_BACKEND), then answers {id, plans} messages with results. Ctrl-C
 * reaches the whole process group: a worker leaves SIGINT to the parent, which ends its workers
 * (pool.ts) and says what finished; a worker whose parent is gone (even SIGKILLed) exits.
 */
import {selectBackend} from "../backend/backend.ts";
import {executePlans} from "./dispatch.ts";
import type {ExecuteOptions} from "./execute.ts";
import type {AnyRunPlan} from "./spec.ts";

interface Job {
  id: number;
  plans: AnyRunPlan[];
  options: ExecuteOptions;
}

const ready = selectBackend({log: null});
process.on("message", (job: Job) => {
  ready
    .then(() => executePlans(job.plans, job.options))
    .then((results) => process.send!({id: job.id, results}))
    .catch((error: unknown) => process.send!({id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error)}));
});
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
