/**
 * `npm run bench`: side-by-side measurements on this machine, printed as Markdown, tensorflow
 * (libtensorflow through tfjs-node) against wasm wherever both load:
 *   1. the machine, and matmul throughput of every backend that loads (512 and 1024);
 *   2. reward-model training: Bradley-Terry fits, pairs x epochs per second;
 *   3. policy-gradient step time (RLOO, PPO) on every backend that loads;
 *   4. the default build's experiments (both default specs, no cache, default workers) per backend;
 *   5. the language model: sampling tokens/s with and without the key/value cache, SFT and RL
 *      (RLOO) training tokens/s, and their achieved GFLOP/s against the same backend's matmul 1024
 *      GFLOP/s measured in this run, on every backend that loads but cpu (pure JS: minutes);
 *   6. with --threads: the overoptimization spec with 1 or 2 workers x 1 or 2 libtensorflow threads.
 * Options: --skip-build (no section 4), --threads (add section 6; about 10 more minutes),
 * --spec FILE (section 6's spec, default the overoptimization spec).
 */
import {availableParallelism} from "node:os";
import {parseArgs} from "node:util";
import {releaseBackends, selectBackend} from "../loaders/backend/backend.ts";
import type {BackendName} from "../loaders/backend/backend.ts";
import {measureEnvironment} from "../loaders/machine/measure.ts";
import {timeMatmul} from "../loaders/machine/matmul.ts";
import {benchLm} from "../loaders/machine/lm-bench.ts";
import {benchRlLm} from "../loaders/machine/rl-lm-bench.ts";
import {benchDenseGradient} from "./kernels.ts";
import {benchRlStep} from "../loaders/machine/rl-step.ts";
import {ENGINE_VERSION} from "../loaders/version.ts";
import {DEFAULT_SPECS, timeBuild} from "./build-time.ts";
import {benchRewardModel} from "./reward-model.ts";

const {values} = parseArgs({options: {"skip-build": {type: "boolean"}, threads: {type: "boolean"}, spec: {type: "string", default: DEFAULT_SPECS[0]}}});
const out = (line = "") => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const COMPARED: readonly BackendName[] = ["tensorflow", "wasm"];

const env = await measureEnvironment({size: 512, log});
const machine = env[0];
const loaded = env.filter((r) => r.loaded);
const compared = COMPARED.filter((name) => loaded.some((r) => r.backend === name));
const missing = env.filter((r) => COMPARED.includes(r.backend) && !r.loaded);
out(`# goodhart ${ENGINE_VERSION} benchmark`);
out();
out(`Machine: ${machine.cpu_model}, ${machine.cores} cores, ${machine.memory_gb.toFixed(0)} GiB, ${machine.platform}, Node ${machine.node_version}, tfjs ${machine.tfjs_version}.`);
for (const r of missing) out(`Not compared: ${r.backend} did not load (${r.reason}).`);
out();

out("## 1. Matmul throughput (n x n float32, median of reps, read-back included)");
out();
out("| backend | device | GFLOP/s, n = 512 | GFLOP/s, n = 1024 | note |");
out("|---|---|---|---|---|");
const largeMatmul = new Map<BackendName, number>(); // GFLOP/s at n = 1024, for the language model's ratio
for (const row of env) {
  if (row.loaded && COMPARED.includes(row.backend)) {
    await selectBackend({flag: row.backend, log: null});
    largeMatmul.set(row.backend, (await timeMatmul({size: 1024, reps: 5})).gflops);
  }
  out(`| ${row.backend}${row.auto_choice ? " (auto)" : ""} | ${row.device ?? ""} | ${row.gflops?.toFixed(1) ?? ""} | ${largeMatmul.get(row.backend)?.toFixed(1) ?? ""} | ${row.loaded ? "" : row.reason ?? ""} |`);
}
out();

out("## 2. Reward-model training (500 pairs, 100 full-batch Adam steps, median of 5 fits)");
out();
out("| backend | architecture | s / fit | pairs x steps / s |");
out("|---|---|---|---|");
for (const backend of compared) {
  await selectBackend({flag: backend, log: null});
  for (const architecture of ["linear", "mlp"] as const) {
    const r = await benchRewardModel({architecture});
    out(`| ${backend} | ${architecture}${architecture === "mlp" ? " (32 hidden)" : ""} | ${r.seconds.toFixed(3)} | ${r.pairsPerSecond.toFixed(0)} |`);
  }
}
out();

out("## 3. Policy-gradient step (32 prompts x 1024 responses, linear policy)");
out();
out("| backend | algorithm | ms / step | samples / s |");
out("|---|---|---|---|");
for (const row of loaded) {
  await selectBackend({flag: row.backend, log: null});
  for (const algorithm of ["rloo", "ppo"] as const) {
    const r = await benchRlStep({algorithm});
    out(`| ${row.backend} | ${algorithm} | ${r.msPerStep.toFixed(2)} | ${r.samplesPerSecond.toFixed(0)} |`);
  }
}
out();

// Kernel formulation of the small dense layers (reward models, pool policy) on every backend that loads.
out("## Dense-layer gradient: tf.matMul against a plain-2-D custom gradient (x [n, 41] . w [41, 1], microseconds per step)");
out();
out("| backend | n | tf.matMul | plain 2-D custom gradient | faster |");
out("|---|---|---|---|---|");
for (const row of loaded) {
  await selectBackend({flag: row.backend, log: null});
  for (const rows of [500, 4096]) {
    const k = benchDenseGradient({rows});
    out(`| ${row.backend} | ${rows} | ${k.matMul.toFixed(0)} | ${k.plain.toFixed(0)} | ${k.matMul <= k.plain ? "tf.matMul" : "plain 2-D"} |`);
  }
}
out();

// The language model on every backend that loads but cpu (same world, same weights, same draws).
// FLOP accounting: SFT 3 and RL 5 forwards per token (lm-bench.ts, rl-lm-bench.ts); matmul 1024 from table 1.
out("## Language model (d 64, 2 layers, 4 heads, context 32; 64 sequences at once: SFT batch 64, RLOO 8 prompts x 8 samples)");
out();
out("| backend | sampling tokens/s, KV cache | sampling tokens/s, full recompute | cache speedup | SFT training tokens/s | RL training tokens/s (RLOO) | matmul 1024 GFLOP/s | SFT GFLOP/s | SFT / matmul | RL GFLOP/s | RL / matmul |");
out("|---|---|---|---|---|---|---|---|---|---|---|");
for (const row of loaded.filter((r) => r.backend !== "cpu")) {
  await selectBackend({flag: row.backend, log: null});
  const start = performance.now();
  const r = await benchLm();
  const rl = await benchRlLm();
  if (!largeMatmul.has(row.backend)) largeMatmul.set(row.backend, (await timeMatmul({size: 1024, reps: 5})).gflops);
  const matmul = largeMatmul.get(row.backend)!;
  const pct = (gflops: number) => `${((100 * gflops) / matmul).toFixed(1)}%`;
  log(`bench: language model on ${row.backend}: ${((performance.now() - start) / 1e3).toFixed(1)} s (RL evaluations excluded from its rate: ${(rl.evaluationMs / 1e3).toFixed(1)} s)`);
  out(`| ${row.backend} | ${r.cachedTokensPerSecond.toFixed(0)} | ${r.fullTokensPerSecond.toFixed(0)} | ${(r.cachedTokensPerSecond / r.fullTokensPerSecond).toFixed(1)}x | ${r.trainTokensPerSecond.toFixed(0)} | ${rl.tokensPerSecond.toFixed(0)} | ${matmul.toFixed(1)} | ${r.trainGflops.toFixed(2)} | ${pct(r.trainGflops)} | ${rl.gflops.toFixed(2)} | ${pct(rl.gflops)} |`);
}
if (loaded.some((r) => r.backend === "cpu")) out("cpu (pure JavaScript, about 1 GFLOP/s) is left out of this table: it would take minutes.");
out();
releaseBackends();

if (!values["skip-build"]) {
  out(`## 4. The default build's experiments (${DEFAULT_SPECS.join(", ")}; no cache, ${availableParallelism()} workers)`);
  out();
  out("| backend | overoptimization (s) | robust-rl (s) | total (s) | CPU time, total (s) |");
  out("|---|---|---|---|---|");
  for (const backend of compared) {
    const times = await timeBuild(backend);
    const sum = (key: "seconds" | "cpuSeconds") => times.reduce((a, t) => a + t[key], 0).toFixed(1);
    log(`bench: default build on ${backend}: ${times.map((t) => t.seconds.toFixed(1)).join(" + ")} s`);
    out(`| ${backend} | ${times.map((t) => t.seconds.toFixed(1)).join(" | ")} | ${sum("seconds")} | ${sum("cpuSeconds")} |`);
  }
  out();
}

if (values.threads) {
  out(`## 5. Workers x libtensorflow threads (${values.spec}, no cache)`);
  out();
  out("| backend | workers | threads per worker | wall time (s) | CPU time (s) |");
  out("|---|---|---|---|---|");
  const configs: [BackendName, number, number][] = [["tensorflow", 1, 1], ["tensorflow", 1, 2], ["tensorflow", 2, 1], ["tensorflow", 2, 2], ["wasm", 1, 1], ["wasm", 2, 1]];
  for (const [backend, workers, threads] of configs.filter(([b]) => compared.includes(b))) {
    const [{seconds, cpuSeconds}] = await timeBuild(backend, {workers, specs: [values.spec], env: {TF_NUM_INTRAOP_THREADS: String(threads)}});
    log(`bench: ${backend}, ${workers} worker(s) x ${threads} thread(s): ${seconds.toFixed(1)} s`);
    out(`| ${backend} | ${workers} | ${backend === "tensorflow" ? threads : "1 (wasm)"} | ${seconds.toFixed(1)} | ${cpuSeconds.toFixed(1)} |`);
  }
  out();
}
