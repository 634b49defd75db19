import {fork} from "node:child_process";
import type {ChildProcess} from "node:child_process";
import {fileURLToPath} from "node:url";
import {executeGroup} from "./execute.ts";
import type {ExecuteOptions, RunPlan, RunResult} from "./execute.ts";

export interface PoolOptions extends ExecuteOptions {
  /** parallel workers, this process included; 1 runs everything here (default 1) */
  workers?: number;
  /** called after each group with the results (e.g. to cache them and report progress) */
  onGroup?: (results: RunResult[], group: readonly RunPlan[]) => void;
}

const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url));

/** Groups a child holds at once: one running, one queued, so it never waits on this process. */
const PREFETCH = 2;

/**
 * Executes groups of runs on `workers` workers: this process plus workers - 1 child processes
 * (each with its own TensorFlow.js backend, named by the parent). This process works too, so a
 * child's start-up (tsx, tfjs, the backend) is not dead time. Results come back in the order of
 * `groups`, whatever order workers finish in.
 */
export async function runGroups(groups: readonly RunPlan[][], {workers = 1, onGroup, ...options}: PoolOptions): Promise<RunResult[][]> {
  const results: RunResult[][] = new Array(groups.length);
  let next = 0;
  const take = () => (next < groups.length ? next++ : -1);
  const finish = (id: number, r: RunResult[]) => {
    results[id] = r;
    onGroup?.(r, groups[id]);
  };
  const children: ChildProcess[] = [];
  const childDone: Promise<void>[] = [];
  for (let w = 1; w < Math.min(workers, groups.length); ++w) {
    const child = fork(workerPath, [], {
      execArgv: ["--import", "tsx"],
      env: {...process.env, GOODHART_BACKEND: options.backend},
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    });
    children.push(child);
    childDone.push(
      new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        const dispatch = () => {
          while (inFlight < PREFETCH) {
            const id = take();
            if (id < 0) break;
            ++inFlight;
            child.send({id, plans: groups[id], options});
          }
          if (inFlight === 0) resolve();
        };
        child.on("message", (message: {id: number; results?: RunResult[]; error?: string}) => {
          if (message.error !== undefined) return reject(new Error(`worker failed on group ${message.id}: ${message.error}`));
          --inFlight;
          finish(message.id, message.results!);
          dispatch();
        });
        child.on("exit", (code) => {
          if (inFlight > 0) reject(new Error(`worker process exited with code ${code} with ${inFlight} groups unfinished`));
        });
        dispatch();
      })
    );
  }
  try {
    const here = (async () => {
      for (let id = take(); id >= 0; id = take()) {
        finish(id, await executeGroup(groups[id], options));
        await new Promise((resolve) => setImmediate(resolve)); // let children's messages in
      }
    })();
    await Promise.all([here, ...childDone]);
  } finally {
    for (const child of children) child.kill();
  }
  return results;
}
