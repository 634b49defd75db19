/**
 * Wall time of the default build's experiments on one backend, for `npm run bench`: `goodhart run`
 * on each default spec, in a fresh process, with no run cache (what a clean `npm run build` computes).
 */
import {spawn} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
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

/** Wall and CPU time per spec, in order; rejects with goodhart's stderr when a run fails. */
export async function timeBuild(backend: string, {workers, env = {}, specs = DEFAULT_SPECS}: BuildTimeOptions = {}): Promise<SpecTime[]> {
  const out = mkdtempSync(join(tmpdir(), "goodhart-bench-"));
  try {
    const times: SpecTime[] = [];
    for (const spec of specs) {
      const args = ["bin/goodhart.js", "run", spec, "--out", out, "--backend", backend, "--no-cache", "--no-timings", ...(workers ? ["--workers", String(workers)] : [])];
      times.push(await timeProcess(args, {...process.env, ...env}));
    }
    return times;
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

/**
 * Runs node with `args`; wall time, and the CPU time of the process and its workers, read from
 * /proc every 100 ms (the last reading of each process counts): on a shared machine CPU time says
 * what a configuration costs even when other load inflates wall time.
 */
async function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<SpecTime> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {env, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const cpu = new Map<number, number>();
  const poll = () => {
    if (child.pid === undefined) return;
    for (const pid of descendants(child.pid)) {
      const seconds = cpuSeconds(pid);
      if (seconds !== null) cpu.set(pid, seconds);
    }
  };
  const timer = setInterval(poll, 100);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`goodhart ${args.slice(1).join(" ")} failed:\n${stderr}`);
  const total = [...cpu.values()].reduce((a, b) => a + b, 0);
  return {seconds: (performance.now() - t0) / 1e3, cpuSeconds: existsSync("/proc/self/stat") ? total : Number.NaN};
}

/** The process and all its descendants (Linux /proc/<pid>/task/<pid>/children). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or no /proc
  }
  return [pid, ...children.flatMap(descendants)];
}

/** utime + stime of a live process, from /proc/<pid>/stat (fields 14 and 15, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
