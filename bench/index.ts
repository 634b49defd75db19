/**
 * `npm run bench`: side-by-side measurements on this machine, printed as Markdown.
 *   1. the machine and backend;
 *   2. matmul throughput of every backend that loads;
 *   3. a sweep (the default overoptimization spec) with 1 worker and with 2 workers, no cache:
 *      the parallel speedup;
 *   4. policy-gradient step time (RLOO, PPO) on every backend that loads;
 *   5. the language model's sampling tokens/s with and without the key/value cache, and its
 *      training tokens/s, on every backend that loads.
 * Options: --reps N (sweep repetitions, default 1), --spec FILE (the sweep, default data/experiments/overoptimization.json),
 * --skip-sweep.
 */
import {availableParallelism} from "node:os";
import {parseArgs} from "node:util";
import {releaseBackends, selectBackend} from "../loaders/backend/backend.ts";
import {measureEnvironment} from "../loaders/machine/measure.ts";
import {benchLm} from "../loaders/machine/lm-bench.ts";
import {benchRlStep} from "../loaders/machine/rl-step.ts";
import {runExperiment} from "../loaders/run/experiment.ts";
import {expandRuns, groupRuns, loadSpec} from "../loaders/run/spec.ts";
import {ENGINE_VERSION} from "../loaders/version.ts";

const {values} = parseArgs({options: {reps: {type: "string", default: "1"}, spec: {type: "string", default: "data/experiments/overoptimization.json"}, "skip-sweep": {type: "boolean"}}});
const reps = Number(values.reps);
const out = (line = "") => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const env = await measureEnvironment({size: 512, log});
const machine = env[0];
out(`# goodhart ${ENGINE_VERSION} benchmark`);
out();
out(`Machine: ${machine.cpu_model}, ${machine.cores} cores, ${machine.memory_gb.toFixed(0)} GiB, ${machine.platform}, Node ${machine.node_version}, tfjs ${machine.tfjs_version}.`);
out();
out("## Matmul throughput (512 x 512 float32, median of reps)");
out();
out("| backend | loaded | GFLOP/s | note |");
out("|---|---|---|---|");
for (const row of env) out(`| ${row.backend}${row.auto_choice ? " (auto)" : ""} | ${row.loaded ? "yes" : "no"} | ${row.gflops?.toFixed(1) ?? ""} | ${row.reason ?? row.device ?? ""} |`);
out();

if (!values["skip-sweep"]) {
  const spec = loadSpec(values.spec);
  const time = async (workers: number) => {
    const start = performance.now();
    await runExperiment(spec, {workers, cacheDir: null, timings: false, log: () => {}});
    return (performance.now() - start) / 1000;
  };
  const results: Record<number, number[]> = {1: [], 2: []};
  for (let r = 0; r < reps; ++r) {
    for (const workers of [1, 2]) {
      const s = await time(workers);
      results[workers].push(s);
      log(`bench: sweep with ${workers} worker(s): ${s.toFixed(1)} s`);
    }
  }
  const best = (xs: number[]) => Math.min(...xs);
  out(`## Sweep: ${values.spec} (${groupRuns(expandRuns(spec)).length} training groups, ${expandRuns(spec).length} runs), no cache`);
  out();
  out("| workers | wall time (s, best of " + reps + ") |");
  out("|---|---|");
  out(`| 1 | ${best(results[1]).toFixed(1)} |`);
  out(`| 2 | ${best(results[2]).toFixed(1)} |`);
  out();
  out(`Speedup with 2 workers: **${(best(results[1]) / best(results[2])).toFixed(2)}x** (${availableParallelism()} cores available).`);
  out();
}

// Policy-gradient step time on every backend that loads (same world, same options).
out("## Policy-gradient step (32 prompts x 1024 responses, linear policy)");
out();
out("| backend | algorithm | ms / step | samples / s |");
out("|---|---|---|---|");
for (const row of env.filter((r) => r.loaded)) {
  await selectBackend({flag: row.backend, log: null});
  for (const algorithm of ["rloo", "ppo"] as const) {
    const r = await benchRlStep({algorithm});
    out(`| ${row.backend} | ${algorithm} | ${r.msPerStep.toFixed(2)} | ${r.samplesPerSecond.toFixed(0)} |`);
  }
}
out();

// The language model on every backend that loads (same world, same weights, same draws).
out("## Language model (d 64, 2 layers, 4 heads, context 32; 64 sequences at once)");
out();
out("| backend | sampling tokens/s, KV cache | sampling tokens/s, full recompute | cache speedup | SFT training tokens/s | training GFLOP/s (vs matmul above) |");
out("|---|---|---|---|---|---|");
for (const row of env.filter((r) => r.loaded)) {
  await selectBackend({flag: row.backend, log: null});
  const r = await benchLm();
  out(`| ${row.backend} | ${r.cachedTokensPerSecond.toFixed(0)} | ${r.fullTokensPerSecond.toFixed(0)} | ${(r.cachedTokensPerSecond / r.fullTokensPerSecond).toFixed(1)}x | ${r.trainTokensPerSecond.toFixed(0)} | ${r.trainGflops.toFixed(2)} of ${row.gflops?.toFixed(1) ?? "?"} |`);
}
out();
releaseBackends();
