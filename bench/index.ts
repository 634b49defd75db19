/**
 * `npm run bench`: side-by-side measurements on this machine, every backend that loads (tensorflow
 * against wasm, and cpu where it is quick), medians over timed repeats after an untimed warm-up.
 * Prints Markdown on stdout and writes every figure to data/bench/bench.arrow (table `bench`,
 * loaders/io/schema/bench.ts), which the report's Performance page plots:
 *   1. matmul GFLOP/s (512, 1024) and at the language model's own shapes;
 *   2. reward-model training pairs x steps / s; 3. best-of-n scoring samples / s;
 *   4. feature-world policy-gradient step (RLOO, PPO); 5. the dense-layer kernel formulation;
 *   6. the language model: sampling tokens/s with and without the KV cache, SFT and RL training
 *      tokens/s and their achieved GFLOP/s as a share of the same backend's matmul 1024;
 *   6b. the language model against the same model in PyTorch (lm-vs-torch.ts), SFT and RL tokens/s
 *      at d 64 and d 256, alternated, as ratios (skipped, with the install line, without PyTorch);
 *   7. a sweep with 1 and 2 workers (speed-up, peak memory of the largest process), and the peak
 *      memory of goodhart run on sweeps of 100, 1,000 and 10,000 tiny runs (sweep-memory.ts);
 *   8. the Overoptimization page at 100k and 1M sample rows in headless Chromium (page-scale.ts):
 *      time to first chart and median re-query after an input change;
 *   9. the default build: time and largest process, as the last `npm run build` recorded them
 *      (data/runs/last-build.json), or measured here with --build;
 *  10. the importer's divergence test: false alarms and detection on synthetic logs, read from
 *      data/bench/import-calibration.arrow (bench/import-calibration.ts writes it).
 * Options: --build (run the default specs with no cache per backend: adds ~10 min per backend),
 * --threads (workers x libtensorflow threads on --spec; ~10 min), --quick (skip 7 and 8),
 * --only lm (only 6 and 6b: the language model), --repeats N (of 6 and 6b; default 3), --out FILE (default data/bench/bench.arrow).
 */
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import {parseArgs} from "node:util";
import {releaseBackends, selectBackend} from "../loaders/backend/backend.ts";
import type {BackendName} from "../loaders/backend/backend.ts";
import {encodeRows, writeFileAtomic} from "../loaders/io/arrow.ts";
import {bench} from "../loaders/io/schema/index.ts";
import type {Row} from "../loaders/io/schema/index.ts";
import {benchLm, lmMatmulShapes} from "../loaders/measure/lm-bench.ts";
import type {BenchLmResult} from "../loaders/measure/lm-bench.ts";
import {profileSft} from "../loaders/measure/lm-profile.ts";
import {machineInfo} from "../loaders/measure/machine.ts";
import {measureEnvironment} from "../loaders/measure/environment.ts";
import {timeMatmul, timeMatmulChain} from "../loaders/measure/matmul.ts";
import {benchRlLm} from "../loaders/measure/rl-lm-bench.ts";
import type {BenchRlLmResult} from "../loaders/measure/rl-lm-bench.ts";
import {benchRlStep} from "../loaders/measure/rl-step.ts";
import {readBuildRecord} from "../scripts/lib/build-record.ts";
import {benchBestOfN} from "./best-of-n.ts";
import {pageScale} from "./page-scale.ts";
import {benchSweepMemory} from "./sweep-memory.ts";
import {DEFAULT_SPECS, timeBuild} from "./build-time.ts";
import {benchDenseGradient} from "./kernels.ts";
import {benchLmAgainstTorch, pairedRatio, sftCeiling} from "./lm-vs-torch.ts";
import {benchRewardModel} from "./reward-model.ts";
import {importCalibrationFigures} from "./import-calibration-figures.ts";

const {values} = parseArgs({
  options: {
    build: {type: "boolean"},
    threads: {type: "boolean"},
    quick: {type: "boolean"},
    only: {type: "string"},
    repeats: {type: "string", default: "3"},
    spec: {type: "string", default: DEFAULT_SPECS[0]},
    out: {type: "string", default: "data/bench/bench.arrow"}
  }
});
if (values.only !== undefined && values.only !== "lm") throw new Error(`invalid --only: ${values.only} (expected lm, or no --only for every section)`);
/** Every section, unless --only picks one. */
const all = values.only === undefined;
const startedAt = new Date().toISOString();
const t0 = performance.now();
const loadAverage = loadavg()[0];
const out = (line = "") => process.stdout.write(`${line}\n`);
const log = (line: string) => process.stderr.write(`bench: ${line} (${((performance.now() - t0) / 1e3).toFixed(0)} s)\n`);
const COMPARED: readonly BackendName[] = ["tensorflow", "wasm"];
/** Repeats of the whole-function measurements below (each with its own warm-up); the median is kept. */
const REPEATS = Number(values.repeats);
if (!Number.isInteger(REPEATS) || REPEATS < 1) throw new Error(`invalid --repeats: ${values.repeats} (expected an integer >= 1; default 3)`);

type Figure = Pick<Row<typeof bench>, "section" | "metric" | "label" | "unit"> & Partial<Pick<Row<typeof bench>, "backend" | "setting" | "repeats" | "note">> & {value: number | null};
const figures: Figure[] = [];
const add = (figure: Figure) => figures.push(figure);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function medianOf<T>(reps: number, f: () => Promise<T>, key: (t: T) => number): Promise<number> {
  const xs: number[] = [];
  for (let r = 0; r < reps; ++r) xs.push(key(await f()));
  return median(xs);
}

const env = await measureEnvironment({size: 512, log: null});
const machine = machineInfo();
const loaded = env.filter((r) => r.loaded);
const compared = COMPARED.filter((name) => loaded.some((r) => r.backend === name));
out(`# goodhart ${machine.engine_version} benchmark`);
out();
out(`Machine: ${machine.cpu_model}, ${machine.cores} cores, ${machine.memory_gb.toFixed(0)} GiB, ${machine.platform}, Node ${machine.node_version}, tfjs ${machine.tfjs_version}; load average ${loadAverage.toFixed(1)} at the start.`);
for (const r of env.filter((r) => COMPARED.includes(r.backend) && !r.loaded)) out(`Not compared: ${r.backend} did not load (${r.reason}).`);
out();

// 1. Matmul: 512 from the environment probe, 1024 here; and the language model's own shapes.
const largeMatmul = new Map<BackendName, number>();
for (const row of all ? env : []) {
  if (!row.loaded) {
    add({section: "matmul", metric: "gflops", label: "matmul GFLOP/s", backend: row.backend, setting: "n = 512", value: null, unit: "GFLOP/s", note: `did not load: ${row.reason}`});
    continue;
  }
  add({section: "matmul", metric: "gflops", label: "matmul GFLOP/s", backend: row.backend, setting: "n = 512", value: row.gflops, unit: "GFLOP/s", repeats: 5, note: "n x n float32, read-back included"});
  if (!COMPARED.includes(row.backend)) continue;
  await selectBackend({flag: row.backend, log: null});
  const big = await timeMatmul({size: 1024, reps: 5});
  largeMatmul.set(row.backend, big.gflops);
  add({section: "matmul", metric: "gflops", label: "matmul GFLOP/s", backend: row.backend, setting: "n = 1024", value: big.gflops, unit: "GFLOP/s", repeats: big.reps, note: "n x n float32, read-back included"});
}
log("matmul done");

// 2-5. The feature-world kernels.
for (const backend of all ? compared : []) {
  await selectBackend({flag: backend, log: null});
  for (const architecture of ["linear", "mlp"] as const) {
    const r = await benchRewardModel({architecture});
    add({section: "reward_model", metric: "pairs_steps_per_s", label: "reward-model training, pairs x Adam steps / s", backend, setting: architecture === "mlp" ? "mlp (32 hidden)" : "linear", value: r.pairsPerSecond, unit: "pairs x steps/s", repeats: 5, note: "500 pairs, 100 full-batch Adam steps per fit"});
  }
  for (const architecture of ["linear", "mlp"] as const) {
    const r = await benchBestOfN({architecture});
    add({section: "best_of_n", metric: "samples_per_s", label: "best-of-n scoring, samples / s", backend, setting: `${architecture}, 4 members`, value: r.samplesPerSecond, unit: "samples/s", repeats: 5, note: `${r.samples.toLocaleString("en")} pool responses scored by every member, standardised, WCO, estimator for n = 1 ... 1024`});
  }
}
log("reward models and best-of-n done");
for (const row of all ? loaded : []) {
  await selectBackend({flag: row.backend, log: null});
  for (const algorithm of ["rloo", "ppo"] as const) {
    const ms = await medianOf(5, () => benchRlStep({algorithm, steps: 40}), (r) => r.msPerStep);
    add({section: "rl_step", metric: "ms_per_step", label: "policy-gradient step, ms", backend: row.backend, setting: algorithm, value: ms, unit: "ms", repeats: 5, note: "32 prompts x 1024 responses, linear policy; median over 5 runs of 40 steps"});
  }
  for (const rows of [500, 4096]) {
    const k = benchDenseGradient({rows});
    add({section: "kernel", metric: "us_per_step", label: "dense-layer gradient step, microseconds", backend: row.backend, setting: `tf.matMul, n = ${rows}`, value: k.matMul, unit: "us", note: "x [n, 41] . w [41, 1], 300 steps"});
    add({section: "kernel", metric: "us_per_step", label: "dense-layer gradient step, microseconds", backend: row.backend, setting: `plain 2-D custom gradient, n = ${rows}`, value: k.plain, unit: "us", note: "x [n, 41] . w [41, 1], 300 steps"});
  }
}
log("policy-gradient steps done");

// 6. The language model on every backend that loads but cpu (same world, same weights, same draws).
for (const backend of loaded.map((r) => r.backend).filter((b) => b !== "cpu")) {
  await selectBackend({flag: backend, log: null});
  const runs: {lm: BenchLmResult; rl: BenchRlLmResult}[] = [];
  for (let r = 0; r < REPEATS; ++r) runs.push({lm: await benchLm(), rl: await benchRlLm()});
  if (!largeMatmul.has(backend)) largeMatmul.set(backend, (await timeMatmul({size: 1024, reps: 5})).gflops);
  const matmul = largeMatmul.get(backend)!;
  const m = (key: (r: (typeof runs)[number]) => number) => median(runs.map(key));
  const lmFigure = (metric: string, label: string, value: number, unit: string, note: string) => add({section: "language_model", metric, label, backend, value, unit, repeats: REPEATS, note});
  const lm = runs[0].lm.config;
  const shapes = await timeMatmulChain(lmMatmulShapes(lm, 64 * lm.context), {reps: 5});
  const shape = `d ${lm.d_model}, ${lm.layers} layers, context ${lm.context}, vocabulary ${lm.vocab}, 64 sequences at once`;
  lmFigure("tokens_per_s_cached", "sampling tokens/s, key/value cache", m((r) => r.lm.cachedTokensPerSecond), "tokens/s", shape);
  lmFigure("tokens_per_s_recompute", "sampling tokens/s, full recompute", m((r) => r.lm.fullTokensPerSecond), "tokens/s", shape);
  lmFigure("sft_tokens_per_s", "SFT training tokens/s", m((r) => r.lm.trainTokensPerSecond), "tokens/s", `${shape}; 10 steps`);
  lmFigure("rl_tokens_per_s", "RL training tokens/s (RLOO)", m((r) => r.rl.tokensPerSecond), "tokens/s", `${shape} (8 prompts x 8 samples); 8 steps, evaluations excluded`);
  lmFigure("sft_gflops", "SFT GFLOP/s", m((r) => r.lm.trainGflops), "GFLOP/s", "3 forwards per token");
  lmFigure("sft_share", "SFT share of matmul 1024", (100 * m((r) => r.lm.trainGflops)) / matmul, "%", `of ${matmul.toFixed(1)} GFLOP/s measured in this run`);
  lmFigure("rl_gflops", "RL GFLOP/s", m((r) => r.rl.gflops), "GFLOP/s", "5 forwards per token (sampling, reference, update)");
  lmFigure("rl_share", "RL share of matmul 1024", (100 * m((r) => r.rl.gflops)) / matmul, "%", `of ${matmul.toFixed(1)} GFLOP/s measured in this run`);
  const shapesNote = `one forward pass's matmuls at the model's own shapes (64 x ${lm.context} positions), one read-back, median of 5`;
  lmFigure("shapes_gflops", "matmul at the model's own shapes, GFLOP/s", shapes.gflops, "GFLOP/s", shapesNote);
  lmFigure("shapes_share", "the model's shapes, share of matmul 1024", (100 * shapes.gflops) / matmul, "%", shapesNote);
  lmFigure("sft_share_of_shapes", "SFT share of the model's-shapes matmul", (100 * m((r) => r.lm.trainGflops)) / shapes.gflops, "%", shapesNote);
  const profile = await profileSft();
  const profileNote = `tf.profile of 5 SFT steps (64 sequences); ${profile.kernelsPerStep.toFixed(0)} kernels per step; ${((100 * profile.kernelMs) / profile.wallMs).toFixed(0)}% of wall time inside kernels`;
  for (const g of profile.groups) add({section: "language_model", metric: "sft_kernel_share", label: "SFT kernel time by kind", backend, setting: g.group, value: 100 * g.share, unit: "%", note: profileNote});
  const large = await profileSft({model: {d_model: 256, layers: 4}, steps: 3});
  lmFigure("sft_share_large", "SFT share of matmul 1024 at d 256, 4 layers", (100 * large.gflops) / matmul, "%", `white-box-large.json's model size; 3 profiled SFT steps of 64 sequences (${large.gflops.toFixed(1)} GFLOP/s), one measurement`);
  const largeNote = `tf.profile of 3 SFT steps (64 sequences) at d 256, 4 layers; ${large.kernelsPerStep.toFixed(0)} kernels per step; ${((100 * large.kernelMs) / large.wallMs).toFixed(0)}% of wall time inside kernels`;
  for (const g of large.groups) add({section: "language_model", metric: "sft_kernel_share_large", label: "SFT kernel time by kind at d 256, 4 layers", backend, setting: g.group, value: 100 * g.share, unit: "%", note: largeNote});
  log(`language model on ${backend} done`);
}

// 6b. The language model against PyTorch, alternated (lm-vs-torch.ts).
const peerBackends = loaded.map((r) => r.backend).filter((b) => COMPARED.includes(b));
const vsTorch = await benchLmAgainstTorch({backends: peerBackends, repeats: REPEATS, log});
{
  const {measurements, peer, skipped, loads} = vsTorch;
  const tfThreads = Number(process.env.TF_NUM_INTRAOP_THREADS) || 1;
  const about = peer ? `PyTorch ${peer.torch_version}, BLAS ${peer.blas}; goodhart's tensorflow backend with ${tfThreads} libtensorflow thread${tfThreads === 1 ? "" : "s"}` : skipped;
  const oversubscribed = Math.max(...loads) > machine.cores ? `; the load was above the ${machine.cores} cores: PyTorch's BLAS threads wait on each other when the cores are oversubscribed (far more than goodhart's), so these ratios flatter goodhart: rerun on a quiet machine` : "";
  const note = `${about}; same model, shapes and optimiser (bench/torch_lm.py); alternated, load average ${loads.map((l) => l.toFixed(1)).join(", ")} at each repeat${oversubscribed}`;
  const peerFigure = (metric: string, label: string, backend: string, setting: string, value: number | null, unit: string) => add({section: "lm_vs_pytorch", metric, label, backend, setting, value, unit, repeats: REPEATS, note});
  const threadsOf = (n: number) => `${n} thread${n === 1 ? "" : "s"}`;
  for (const m of measurements) {
    const backend = m.threads === null ? m.backend : `${m.backend}, ${threadsOf(m.threads)}`;
    peerFigure("sft_tokens_per_s", "SFT training tokens/s", backend, m.setting, median(m.sft), "tokens/s");
    peerFigure("rl_tokens_per_s", "RL training tokens/s (RLOO)", backend, m.setting, median(m.rl), "tokens/s");
    peerFigure("sft_gemm_gflops", "the SFT step's matrix products alone, GFLOP/s", backend, m.setting, median(m.gemm), "GFLOP/s");
    peerFigure("dispatch_us", "one tiny kernel (x + x, 8 x 8), microseconds", backend, m.setting, median(m.dispatch), "us");
    if (m.kernels !== null) peerFigure("sft_kernels", "kernels per SFT step", backend, m.setting, m.kernels, "kernels");
  }
  const peers = measurements.filter((t) => t.backend === "pytorch");
  for (const m of measurements.filter((m) => m.backend !== "pytorch")) {
    const against = peers.filter((t) => t.setting === m.setting);
    for (const torch of against.length > 0 ? against : [null]) {
      const setting = torch ? `${m.setting}; PyTorch on ${threadsOf(torch.threads ?? 0)}` : m.setting;
      peerFigure("sft_ratio", "SFT tokens/s, goodhart / PyTorch", m.backend, setting, torch ? pairedRatio(m.sft, torch.sft) : null, "x");
      peerFigure("rl_ratio", "RL tokens/s, goodhart / PyTorch", m.backend, setting, torch ? pairedRatio(m.rl, torch.rl) : null, "x");
      if (!torch) continue;
      // What bounds the SFT ratio: PyTorch's step time over goodhart's step reduced to its matrix products (and one fixed cost per kernel).
      const ceiling = (kernels: number) => median(torch.sft.map((torchSft, i) => sftCeiling({config: m.config, torchSft, gemmGflops: m.gemm[i], kernels, dispatchUs: m.dispatch[i]})));
      peerFigure("sft_ceiling", "SFT ratio if goodhart's step were its matrix products alone", m.backend, setting, ceiling(0), "x");
      if (m.kernels !== null) peerFigure("sft_ceiling_kernels", "SFT ratio if goodhart's step were its matrix products and one fixed cost per kernel", m.backend, setting, ceiling(m.kernels), "x");
    }
  }
  log("language model against PyTorch done");
}
releaseBackends();

// 7. A sweep with 1 and 2 workers, no cache, on the backend auto picks.
if (!values.quick && all) {
  const backend = env.find((r) => r.auto_choice)?.backend ?? "wasm";
  const spec = DEFAULT_SPECS[0];
  const times = [];
  for (const workers of [1, 2]) {
    const [t] = await timeBuild(backend, {workers, specs: [spec]});
    times.push(t);
    const setting = `${workers} worker${workers > 1 ? "s" : ""}`;
    const note = `${spec} (${JSON.parse(readFileSync(spec, "utf8")).seeds} seeds, the default build's size), --no-cache`;
    add({section: "sweep", metric: "seconds", label: "sweep wall time, s", backend, setting, value: t.seconds, unit: "s", note});
    add({section: "sweep", metric: "cpu_seconds", label: "sweep CPU time, s", backend, setting, value: t.cpuSeconds, unit: "s", note: `${note}; all processes`});
    add({section: "sweep", metric: "peak_rss_mb", label: "sweep's largest process, MiB", backend, setting, value: t.peakRssMb, unit: "MiB", note: `${note}; peak resident memory (VmHWM)`});
    log(`sweep with ${setting} done: ${t.seconds.toFixed(1)} s`);
  }
  add({section: "sweep", metric: "speedup", label: "sweep speed-up, 1 -> 2 workers", backend, setting: "2 workers", value: times[0].seconds / times[1].seconds, unit: "x", note: `wall time with 1 worker / with 2; the machine has ${machine.cores} cores`});
}

// 7b. Peak memory of goodhart run on sweeps of many small runs (tables stream to disk as record batches).
if (!values.quick && all) {
  const backend = env.find((r) => r.auto_choice)?.backend ?? "wasm";
  for (const r of await benchSweepMemory({runs: [100, 1000, 10000], backend, log: (line) => log(line)})) {
    const setting = `${r.runs.toLocaleString("en")} runs`;
    const note = "a generated pool spec of tiny runs (2 prompts x 16 responses; best-of-n and KL tilt, single and WCO), 1 worker, no cache";
    add({section: "sweep_memory", metric: "peak_rss_mb", label: "goodhart run's peak memory, MiB", backend, setting, value: r.peakRssMb, unit: "MiB", note: `${note}; peak resident set of the CLI process (VmHWM)`});
    add({section: "sweep_memory", metric: "seconds", label: "goodhart run's wall time, s", backend, setting, value: r.seconds, unit: "s", note});
  }
  log("sweep memory done");
}

// 8. The Overoptimization page at 100k and 1M sample rows in headless Chromium.
if (!values.quick && all) {
  try {
    for (const r of await pageScale({log: (line) => log(line)})) {
      const setting = `${r.rows.toLocaleString("en")} rows`;
      const note = `Overoptimization page, one-page site with the default build's tables and samples replicated to ${setting} (seeded jitter); the default selection drawn as ${r.drawn}`;
      add({section: "page", metric: "first_chart_ms", label: "time to first chart, ms", backend: null, setting, value: r.firstChartMs, unit: "ms", note: `${note}; navigation start to the first chart's svg`});
      add({section: "page", metric: "samples_chart_ms", label: "time to the samples chart, ms", backend: null, setting, value: r.samplesChartMs, unit: "ms", note});
      add({section: "page", metric: "requery_median_ms", label: "re-query after an input change, median ms", backend: null, setting, value: r.requeryMedianMs, unit: "ms", repeats: r.requeriesMs.length, note: `${note}; Label noise changed, every query reruns, until the samples chart is redrawn`});
      add({section: "page", metric: "page_table_mb", label: "page-facing sample tables, MB", backend: null, setting, value: Object.values(r.bytes).reduce((a, b) => a + b, 0) / 1e6, unit: "MB", note: `${Object.entries(r.bytes).map(([k, v]) => `${k} ${(v / 1e6).toFixed(2)} MB`).join(", ")}`});
    }
    log("page timings done");
  } catch (error) {
    add({section: "page", metric: "first_chart_ms", label: "time to first chart, ms", backend: null, setting: null, value: null, unit: "ms", note: `not measured: ${(error as Error).message.split("\n")[0]}`});
    log(`page timings failed: ${(error as Error).message}`);
  }
}

// 9. The default build.
if (values.build) {
  for (const backend of compared) {
    const times = await timeBuild(backend);
    const note = `goodhart run of ${DEFAULT_SPECS.join(", ")} with --no-cache (the engine's part of a cold npm run build)`;
    add({section: "build", metric: "seconds", label: "default build's experiments, s", backend, setting: "measured here", value: times.reduce((a, t) => a + t.seconds, 0), unit: "s", note});
    add({section: "build", metric: "peak_rss_mb", label: "default build's largest process, MiB", backend, setting: "measured here", value: Math.max(...times.map((t) => t.peakRssMb)), unit: "MiB", note});
    log(`default build's experiments on ${backend} done`);
  }
}
const record = all ? readBuildRecord(process.cwd()) : null;
if (!all) {
  // --only: the build's record is another section.
} else if (record) {
  const note = `the last npm run build on this checkout, finished ${record.finished_at}${record.ok ? "" : " (FAILED)"}; it computed ${record.runs_computed} runs (0: all from the run cache)`;
  const setting = record.runs_computed > 0 ? "last npm run build, computed runs" : "last npm run build, from cache";
  add({section: "build", metric: "seconds", label: "default build (npm run build), s", backend: record.backend, setting, value: record.seconds, unit: "s", note});
  add({section: "build", metric: "cpu_seconds", label: "default build (npm run build), CPU s", backend: record.backend, setting, value: record.cpu_seconds, unit: "s", note: `${note}; all processes`});
  add({section: "build", metric: "peak_rss_mb", label: "default build's largest process, MiB", backend: record.backend, setting, value: record.peak_rss_mb, unit: "MiB", note: `${note}; ${record.peak_command}`});
} else {
  add({section: "build", metric: "seconds", label: "default build (npm run build), s", backend: null, setting: null, value: null, unit: "s", note: "no record: run npm run build first (it records its time and largest process in data/runs/last-build.json)"});
}

// 10. The importer's divergence test: its error rates as the calibration file holds them (the
// calibration takes ~7 minutes of its own: node --import tsx bench/import-calibration.ts).
for (const figure of importCalibrationFigures("data/bench/import-calibration.arrow")) add(figure);

if (values.threads) {
  const configs: [BackendName, number, number][] = [["tensorflow", 1, 1], ["tensorflow", 1, 2], ["tensorflow", 2, 1], ["tensorflow", 2, 2], ["wasm", 1, 1], ["wasm", 2, 1]];
  for (const [backend, workers, threads] of configs.filter(([b]) => compared.includes(b))) {
    const [{seconds}] = await timeBuild(backend, {workers, specs: [values.spec], env: {TF_NUM_INTRAOP_THREADS: String(threads)}});
    add({section: "threads", metric: "seconds", label: "workers x libtensorflow threads, wall s", backend, setting: `${workers} worker(s) x ${backend === "tensorflow" ? threads : 1} thread(s)`, value: seconds, unit: "s", note: `${values.spec}, --no-cache`});
    log(`${backend}, ${workers} worker(s) x ${threads} thread(s): ${seconds.toFixed(1)} s`);
  }
}

// Markdown: one table per section, backends side by side.
const SECTION_TITLES: Record<string, string> = {
  matmul: "Matmul throughput (float32, median of reps, read-back included)",
  reward_model: "Reward-model training",
  best_of_n: "Best-of-n scoring",
  rl_step: "Policy-gradient step (feature world)",
  kernel: "Dense-layer gradient: tf.matMul against a plain-2-D custom gradient",
  language_model: "Language model",
  lm_vs_pytorch: "Language model against PyTorch (same model, shapes and optimiser)",
  sweep: "Sweep with 1 and 2 workers",
  sweep_memory: "Peak memory of large sweeps",
  page: "Pages at scale (headless Chromium)",
  build: "The default build",
  threads: "Workers x libtensorflow threads",
  import_calibration: "The importer's divergence test on synthetic logs (p <= 0.05; pooled over 20-200 steps)"
};
const format = (v: number | null, unit: string) => (v === null || !Number.isFinite(v) ? "—" : `${v >= 100 ? Math.round(v).toLocaleString("en") : v.toPrecision(3)}${unit === "x" ? "x" : unit === "%" ? "%" : ""}`);
for (const section of Object.keys(SECTION_TITLES)) {
  const rows = figures.filter((f) => f.section === section);
  if (rows.length === 0) continue;
  const backends = [...new Set(rows.map((f) => f.backend ?? "—"))];
  out(`## ${SECTION_TITLES[section]}`);
  out();
  out(`| figure | setting | unit | ${backends.join(" | ")} |`);
  out(`|---|---|---|${backends.map(() => "---|").join("")}`);
  const keys = [...new Set(rows.map((f) => `${f.label}\u0000${f.setting ?? ""}\u0000${f.unit}`))];
  for (const key of keys) {
    const [label, setting, unit] = key.split("\u0000");
    const cells = backends.map((b) => {
      const f = rows.find((r) => `${r.label}\u0000${r.setting ?? ""}\u0000${r.unit}` === key && (r.backend ?? "—") === b);
      return f ? format(f.value, f.unit) : "";
    });
    out(`| ${label} | ${setting} | ${unit} | ${cells.join(" | ")} |`);
  }
  const notes = [...new Set(rows.map((f) => f.note).filter(Boolean))];
  for (const note of notes) out(`- ${note}`);
  out();
}

const seconds = (performance.now() - t0) / 1e3;
const gitCommit = (() => {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], {encoding: "utf8", stdio: ["ignore", "pipe", "ignore"]}).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {encoding: "utf8", stdio: ["ignore", "pipe", "ignore"]}).trim() !== "";
    return `${head}${dirty ? "-dirty" : ""}`;
  } catch {
    return null;
  }
})();
const {node_version, engine_version, tfjs_version, platform, cpu_model, cores, memory_gb} = machine;
const rows = figures.map((f) => ({
  section: f.section, metric: f.metric, label: f.label, backend: f.backend ?? null, setting: f.setting ?? null,
  value: f.value === null || !Number.isFinite(f.value) ? null : f.value, unit: f.unit, repeats: f.repeats ?? null, note: f.note ?? null,
  started_at: startedAt, bench_seconds: seconds, load_average: loadAverage, git_commit: gitCommit,
  node_version, engine_version, tfjs_version, platform, cpu_model, cores, memory_gb
}));
writeFileAtomic(values.out, encodeRows(bench, rows));
out(`Bench took ${seconds.toFixed(0)} s; ${rows.length} figures written to ${values.out}.`);
