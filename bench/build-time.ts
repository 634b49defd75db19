/**
 * Wall time of the default build's experiments on one backend, for `npm run bench`: `goodhart run`
 * on each default spec, in a fresh process, with no run cache (what a clean `npm run build` computes).
 */
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {watchProcessTree} from "../loaders/measure/process-tree.ts";

/** The specs the report's loaders run (src/data/*.ts name them). */
export const DEFAULT_SPECS = ["data/experiments/overoptimization.json", "data/experiments/robust-rl.json", "data/experiments/white-box.json"] as const;

export interface BuildTimeOptions {
  /** worker processes (default: goodhart's default, one per core) */
  workers?: number;
  /** extra environment, e.g. TF_NUM_INTRAOP_THREADS (default: none) */
  env?: Record<string, string>;
  /** the specs (default DEFAULT_SPECS) */
  specs?: readonly string[];
  /** extra `goodhart run` arguments, e.g. ["--seeds", "1-3"] (default none) */
  args?: readonly string[];
}

export interface SpecTime {
  /** wall-clock seconds */
  seconds: number;
  /** CPU seconds (user + system) of goodhart and its worker processes; NaN where /proc is missing */
  cpuSeconds: number;
  /** peak resident memory of the largest single process, MiB; NaN where /proc is missing */
  peakRssMb: number;
}

/** Wall and CPU time per spec, in order; rejects with goodhart's stderr when a run fails. */
export async function timeBuild(backend: string, {workers, env = {}, specs = DEFAULT_SPECS, args: extra = []}: BuildTimeOptions = {}): Promise<SpecTime[]> {
  const out = mkdtempSync(join(tmpdir(), "goodhart-bench-"));
  try {
    const times: SpecTime[] = [];
    for (const spec of specs) {
      const args = ["bin/goodhart.js", "run", spec, "--out", out, "--backend", backend, "--no-cache", "--no-timings", ...(workers ? ["--workers", String(workers)] : []), ...extra];
      times.push(await timeProcess(args, {...process.env, ...env}));
    }
    return times;
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

/**
 * Runs node with `args`; wall time, and the CPU time and largest process of it and its workers
 * (loaders/measure/process-tree.ts): on a shared machine CPU time says what a configuration costs
 * even when other load inflates wall time.
 */
async function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<SpecTime> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {env, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const watch = watchProcessTree(child.pid ?? -1);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const usage = watch.stop();
  if (code !== 0) throw new Error(`goodhart ${args.slice(1).join(" ")} failed:\n${stderr}`);
  return {seconds: (performance.now() - t0) / 1e3, cpuSeconds: usage.cpuSeconds, peakRssMb: usage.peakRssMb};
}
