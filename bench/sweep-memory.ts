/**
 * Peak memory of `goodhart run` on sweeps of many small runs: the CLI runs a generated spec (4 runs
 * per seed: single and WCO objectives x best-of-n and KL tilt, on a world of 2 prompts x 16
 * responses) as a child process, and the process tree's memory is read from /proc every 20 ms:
 * the peak resident set of its largest process (VmHWM; the CLI itself also reports its own
 * maxRSS at exit when GOODHART_REPORT_PEAK_RSS=1), and the peak of the whole tree's summed RSS
 * (bin/goodhart.js, the CLI and its workers together). Tables stream to disk as record batches, so
 * 1,000 runs should peak close to 100 (loaders/run/store/table-stream.ts).
 */
import {spawn} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {watchProcessTree} from "../loaders/measure/process-tree.ts";

export interface SweepMemoryOptions {
  /** sweep sizes to measure, in runs (rounded up to a multiple of 4; default [100, 1000]) */
  runs?: readonly number[];
  /** --workers of the CLI (default 1: everything in one process) */
  workers?: number;
  /** --backend of the CLI (default: the CLI's own choice) */
  backend?: string;
  /** the CLI's entry script (default this checkout's bin/goodhart.js; another checkout's to compare) */
  cli?: string;
  /** progress lines (default: stderr) */
  log?: (line: string) => void;
}

export interface SweepMemoryRow {
  /** runs in the sweep */
  readonly runs: number;
  /** peak resident set of the largest process (the CLI with --workers 1), in MiB */
  readonly peakRssMb: number;
  /** peak of the summed resident sets of the whole process tree, in MiB */
  readonly treePeakRssMb: number;
  /** wall time of the CLI, in seconds */
  readonly seconds: number;
}

/** A pool spec of `seeds` seeds x 4 tiny runs. */
export function sweepSpec(seeds: number): Record<string, unknown> {
  return {
    name: `sweep-memory-${seeds * 4}`,
    description: "bench/sweep-memory.ts: many small runs",
    seeds: Array.from({length: seeds}, (_, i) => i + 1),
    base: {world: {name: "heavy_tailed", prompts: 2, pool_size: 16, nuisance_dims: 2}, preferences: {pairs: 20, heldout_pairs: 20}, reward_model: {epochs: 2}, ensemble: {size: 2}, samples: {prompts: 1, points: 2}},
    sweeps: [{name: "objectives", axes: {"objective.name": ["single", "wco"], optimizer: [{name: "best_of_n", max_n: 8}, {name: "kl_tilt", betas: 4}]}}]
  };
}

export async function benchSweepMemory({runs = [100, 1000], workers = 1, backend, cli = fileURLToPath(new URL("../bin/goodhart.js", import.meta.url)), log = (line) => process.stderr.write(`${line}\n`)}: SweepMemoryOptions = {}): Promise<SweepMemoryRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-sweep-memory-"));
  const rows: SweepMemoryRow[] = [];
  try {
    for (const n of runs) {
      const seeds = Math.ceil(n / 4);
      const spec = join(dir, `sweep-${seeds * 4}.json`);
      writeFileSync(spec, JSON.stringify(sweepSpec(seeds)));
      const args = [cli, "run", spec, "--out", join(dir, `out-${seeds * 4}`), "--no-cache", "--no-timings", "--workers", String(workers), ...(backend ? ["--backend", backend] : [])];
      rows.push({runs: seeds * 4, ...(await measure(args))});
      log(`bench: sweep of ${seeds * 4} runs: peak RSS ${rows.at(-1)!.peakRssMb.toFixed(0)} MiB (tree ${rows.at(-1)!.treePeakRssMb.toFixed(0)} MiB), ${rows.at(-1)!.seconds.toFixed(1)} s`);
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
  return rows;
}

/** Runs node with `args`, reading its process tree's memory every 20 ms until it exits (loaders/measure/process-tree.ts). */
function measure(args: readonly string[]): Promise<Omit<SweepMemoryRow, "runs">> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, {stdio: ["ignore", "ignore", "pipe"], env: {...process.env, GOODHART_REPORT_PEAK_RSS: "1"}});
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const watch = watchProcessTree(child.pid ?? -1, 20);
    child.on("error", reject);
    child.on("close", (code) => {
      const usage = watch.stop();
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`${args.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}`));
      const reported = /peak rss (\d+(?:\.\d+)?) MiB/.exec(stderr);
      const own = reported ? Number(reported[1]) : 0;
      resolve({peakRssMb: Math.max(Number.isFinite(usage.peakRssMb) ? usage.peakRssMb : 0, own), treePeakRssMb: Number.isFinite(usage.treePeakRssMb) ? usage.treePeakRssMb : 0, seconds});
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // node --import tsx bench/sweep-memory.ts [runs...]: a Markdown table.
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const rows = await benchSweepMemory(sizes.length ? {runs: sizes} : {});
  process.stdout.write(`| runs | peak RSS of the CLI (MiB) | peak RSS of the process tree (MiB) | seconds |\n|---:|---:|---:|---:|\n${rows.map((r) => `| ${r.runs} | ${r.peakRssMb.toFixed(0)} | ${r.treePeakRssMb.toFixed(0)} | ${r.seconds.toFixed(1)} |`).join("\n")}\n`);
}
