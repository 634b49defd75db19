/**
 * Wall time of the default build's experiments on one backend, for `npm run bench`: `goodhart run`
 * on each default spec, in a fresh process, with no run cache (what a clean `npm run build` computes).
 */
import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
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

/** Seconds per spec, in order; throws with goodhart's stderr when a run fails. */
export function timeBuild(backend: string, {workers, env = {}, specs = DEFAULT_SPECS}: BuildTimeOptions = {}): number[] {
  const out = mkdtempSync(join(tmpdir(), "goodhart-bench-"));
  try {
    return specs.map((spec) => {
      const args = ["bin/goodhart.js", "run", spec, "--out", out, "--backend", backend, "--no-cache", "--no-timings", ...(workers ? ["--workers", String(workers)] : [])];
      const t0 = performance.now();
      const child = spawnSync(process.execPath, args, {encoding: "utf8", env: {...process.env, ...env}, maxBuffer: 64 << 20});
      const seconds = (performance.now() - t0) / 1e3;
      if (child.status !== 0) throw new Error(`goodhart ${args.slice(1).join(" ")} failed:\n${child.stderr}`);
      return seconds;
    });
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}
