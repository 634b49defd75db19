import {machineColumns} from "./environment.ts";
import {table} from "./spec.ts";

/** `npm run bench`: every figure of one run, long format, with the machine on every row. */
export const bench = table("bench", "One row per figure of one `npm run bench` run (data/bench/bench.arrow): throughput, times, speed-ups and peak memory, per backend side by side, medians over timed repeats after an untimed warm-up, with the machine that measured them on every row. The Performance page plots it.", [
  {name: "section", type: "utf8", doc: "what was measured: matmul, reward_model, best_of_n, rl_step, kernel, language_model, lm_vs_pytorch, sweep, sweep_memory, page, build"},
  {name: "metric", type: "utf8", doc: "stable id of the figure within its section, e.g. gflops, tokens_per_s_cached, speedup"},
  {name: "label", type: "utf8", doc: "the figure in words, as the bench's Markdown and the Performance page print it"},
  {name: "backend", type: "utf8", nullable: true, doc: "TensorFlow.js backend (--backend name), or pytorch for the language model's PyTorch peer (section lm_vs_pytorch); null for figures that do not depend on one (page timings in Chromium)"},
  {name: "setting", type: "utf8", nullable: true, doc: "what varies within a metric: matrix size, architecture, algorithm, workers, rows; null when nothing does"},
  {name: "value", type: "float64", nullable: true, doc: "the figure, in `unit`; null when it could not be measured here (note says why)"},
  {name: "unit", type: "utf8", doc: "unit of value, e.g. GFLOP/s, tokens/s, ms, s, MiB, x (a ratio), % (a share)"},
  {name: "repeats", type: "int32", nullable: true, doc: "timed repeats the median is over (after one untimed warm-up); null for single measurements"},
  {name: "note", type: "utf8", nullable: true, doc: "how it was measured or why it is missing"},
  {name: "started_at", type: "utf8", doc: "ISO time the bench started"},
  {name: "bench_seconds", type: "float64", unit: "s", doc: "wall time of the whole bench run"},
  {name: "load_average", type: "float64", doc: "the machine's 1-minute load average when the bench started (other processes make times noisy; above the core count they are)"},
  {name: "git_commit", type: "utf8", nullable: true, doc: "the commit measured (null outside a git checkout), with -dirty when the tree had changes"},
  ...machineColumns
]);
