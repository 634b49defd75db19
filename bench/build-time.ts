/**
 * Wall time of the default build's experiments on one backend, for `npm run bench`: `goodhart run`
 * on each default spec, in a fresh process, with no run cache (what a clean `npm run build` computes).
 */
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";

/** The specs the report's loaders run (src/data/*.ts name them). */
export const DEFAULT_SPECS = ["data/experiments/overoptimization.json", "data/experiments/robust-rl.json"] as const;

export interface BuildTimeOptions {
  /** worker processes (default: goodhart's default, one per core) */
  workers?: number;
  /** extra environment, e.g. TF_NUM_INTRAOP_THREADS (default: none) */
  env?: Record<string, string>;
  /** the specs (default DEFAULT_SPECS) */
  specs?: readonly string[];
}

export interface SpecTime {
  /** wall-clock seconds */
  seconds: number;
  /** CPU seconds (user + system) of goodhart and its worker processes; NaN where /proc is missing */
  cpuSeconds: number;
}

/** Wall and CPU time per spec, in order; throws with goodhart's stderr when a run fails. */
export function timeBuild(backend: string, {workers, env = {}, specs = DEFAULT_SPECS}: BuildTimeOptions = {}): SpecTime[] {
  const out = mkdtempSync(join(tmpdir(), "goodhart-bench-"));
  try {
    return specs.map((spec) => {
      const args = ["bin/goodhart.js", "run", spec, "--out", out, "--backend", backend, "--no-cache", "--no-timings", ...(workers ? ["--workers", String(workers)] : [])];
      const [t0, cpu0] = [performance.now(), childrenCpu()];
      const child = spawnSync(process.execPath, args, {encoding: "utf8", env: {...process.env, ...env}, maxBuffer: 64 << 20});
      const [seconds, cpuSeconds] = [(performance.now() - t0) / 1e3, childrenCpu() - cpu0];
      if (child.status !== 0) throw new Error(`goodhart ${args.slice(1).join(" ")} failed:\n${child.stderr}`);
      return {seconds, cpuSeconds};
    });
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

/**
 * CPU seconds of this process's finished children and their descendants (cutime + cstime of
 * /proc/self/stat, in clock ticks of 1/100 s on Linux): on a shared machine CPU time says what a
 * configuration costs even when wall time is inflated by other load.
 */
function childrenCpu(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // fields 16 and 17, counted from 1 before the ") " cut
  } catch {
    return Number.NaN;
  }
}
