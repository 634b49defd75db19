import {fork} from "node:child_process";
import type {ChildProcess} from "node:child_process";
import {fileURLToPath} from "node:url";
import {executeGroup} from "../execute/execute.ts";
import {executeStages} from "../execute/stages.ts";
import type {RunResult} from "../execute/rows.ts";
import type {RunPlan} from "../kinds/index.ts";
import type {ExecuteOptions} from "../kinds/kind.ts";

export interface WorkerOptions extends ExecuteOptions {
  /** parallel worker processes; 1 runs in this process (default 1) */
  workers?: number;
  /** called after each group with the results (e.g. to cache them and report progress); with it, runGroups keeps no results (memory stays flat) and returns empty slots */
  onGroup?: (results: RunResult[], group: readonly RunPlan[]) => void;
  /** when aborted, workers are killed and runGroups rejects with the signal's reason (groups already reported to onGroup stay done) */
  signal?: AbortSignal;
  /** the jobs make shared stages (WorldKind.stage, into the stage cache), no runs: each comes back with no results (default false) */
  stages?: boolean;
  /** progress of a shared stage made in this process (workers write theirs to stderr; default none) */
  log?: (line: string) => void;
}

const workerPath = fileURLToPath(new URL("./worker.ts", import.meta.url));

/**
 * Executes groups of runs, in parallel child processes when workers > 1 (each with its own
 * TensorFlow.js backend; the parent's backend name is passed down). Results come back in the
 * order of `groups`, whatever order workers finish in.
 */
export async function runGroups(groups: readonly RunPlan[][], {workers = 1, onGroup, signal, stages = false, log, ...options}: WorkerOptions): Promise<RunResult[][]> {
  const results: RunResult[][] = new Array(groups.length);
  // Settles (rejects) when the signal aborts; until then it never settles.
  const stopped = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), {once: true});
  });
  stopped.catch(() => {});
  if (workers <= 1 || groups.length <= 1) {
    for (const [i, group] of groups.entries()) {
      // In this process a group runs on after an abort until the process exits; its results are dropped.
      const done = await Promise.race([stages ? executeStages(group, options, log) : executeGroup(group, options), stopped]);
      if (onGroup) onGroup(done, group);
      else results[i] = done;
    }
    return results;
  }
  const children: ChildProcess[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      stopped.catch(reject);
      let done = 0;
      const count = Math.min(workers, groups.length);
      const dispatch = (child: ChildProcess) => {
        if (next >= groups.length) return;
        const id = next++;
        child.send({id, plans: groups[id], options, stages});
      };
      for (let w = 0; w < count; ++w) {
        const child = fork(workerPath, [], {
          // tsx resolved from this package, so workers start from any folder; a 32 MiB semi-space as bin/goodhart.js
          execArgv: ["--max-semi-space-size=32", "--import", import.meta.resolve("tsx")],
          env: {...process.env, GOODHART_BACKEND: options.backend},
          serialization: "advanced",
          stdio: ["ignore", "inherit", "inherit", "ipc"]
        });
        children.push(child);
        child.on("message", (message: {id: number; results?: RunResult[]; error?: string}) => {
          if (signal?.aborted) return;
          if (message.error !== undefined) return reject(new Error(`worker failed on group ${message.id}: ${message.error}`));
          if (onGroup) onGroup(message.results!, groups[message.id]);
          else results[message.id] = message.results!;
          if (++done === groups.length) resolve();
          else dispatch(child);
        });
        child.on("exit", (code) => {
          if (signal?.aborted) return;
          if (done < groups.length && code !== 0) reject(new Error(`worker process exited with code ${code}`));
        });
        dispatch(child);
      }
    });
  } finally {
    for (const child of children) child.kill();
  }
  return results;
}
