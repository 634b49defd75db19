/**
 * The Arrow data contract: every table goes through here. Long (tidy) format, snake_case, the
 * same columns across optimisers so DuckDB can UNION ALL. `src/data-contract.md` renders these
 * docs for readers.
 */

export interface ColumnSpec {
  /** snake_case column name */
  name: string;
  /** Arrow type: utf8, float64, int32, bool, or a list of float64 */
  type: "utf8" | "float64" | "int32" | "bool" | "list_float64";
  /** whether nulls are allowed (default false) */
  nullable?: boolean;
  /** unit or normalisation, if any */
  unit?: string;
  /** one-line meaning */
  doc: string;
}

export interface TableSpec {
  name: string;
  doc: string;
  columns: readonly ColumnSpec[];
}

/** Build environment: one row per compute backend, measured on the machine that builds the report. */
export const environment: TableSpec = {
  name: "environment",
  doc: "One row per TensorFlow.js backend that goodhart knows, as found on the machine that built the report.",
  columns: [
    {name: "backend", type: "utf8", doc: "backend name as used by --backend (tensorflow-gpu, tensorflow, webgpu, wasm, cpu)"},
    {name: "loaded", type: "bool", doc: "whether the backend loaded and passed a smoke test"},
    {name: "reason", type: "utf8", nullable: true, doc: "why it did not load, or why it loaded but was not timed (null when loaded and timed)"},
    {name: "device", type: "utf8", nullable: true, doc: "what it runs on, e.g. \"WebAssembly SIMD, 1 thread\" or the GPU adapter (null when not loaded)"},
    {name: "auto_order", type: "int32", doc: "position in the order --backend auto tries backends (1 = tried first)"},
    {name: "auto_choice", type: "bool", doc: "whether --backend auto picks this backend on this machine"},
    {name: "matmul_size", type: "int32", nullable: true, doc: "side n of the n x n float32 matmul timed"},
    {name: "seconds", type: "float64", nullable: true, unit: "s", doc: "median wall-clock seconds per matmul, including reading the result back (null when not timed)"},
    {name: "gflops", type: "float64", nullable: true, unit: "GFLOP/s", doc: "matmul throughput, 2 n^3 / median seconds per matmul (null when not timed)"},
    {name: "node_version", type: "utf8", doc: "Node.js version"},
    {name: "engine_version", type: "utf8", doc: "goodhart engine version"},
    {name: "tfjs_version", type: "utf8", doc: "@tensorflow/tfjs-core version"},
    {name: "platform", type: "utf8", doc: "os platform and architecture"},
    {name: "cpu_model", type: "utf8", doc: "CPU model string"},
    {name: "cores", type: "int32", doc: "logical CPU cores"},
    {name: "memory_gb", type: "float64", unit: "GiB", doc: "total memory"}
  ]
};

/** One row per run: the resolved config and provenance. Join every other table on run_id. */
export const runs: TableSpec = {
  name: "runs",
  doc: "One row per run (one point of a sweep for one seed): what was run, on what, by which engine.",
  columns: [
    {name: "run_id", type: "utf8", doc: "stable id: first 16 hex digits of sha256 of the resolved config (canonical JSON)"},
    {name: "experiment", type: "utf8", doc: "name of the experiment spec"},
    {name: "sweep", type: "utf8", doc: "name of the sweep inside the spec that produced the run"},
    {name: "world", type: "utf8", doc: "world preset (heavy_tailed, extremal_length, light_tailed)"},
    {name: "optimizer", type: "utf8", doc: "best_of_n, kl_tilt, or a policy-gradient optimiser"},
    {name: "objective", type: "utf8", doc: "aggregation of the ensemble that is optimised (single, mean, wco, uwo, ...)"},
    {name: "objective_param", type: "float64", nullable: true, doc: "the objective's parameter (lambda for uwo and mean_minus_std, nominal_weight for robust, beta2 for uncertainty_penalized); null when it takes none"},
    {name: "ensemble_size", type: "int32", doc: "reward-model members aggregated (1 for single)"},
    {name: "n_pairs", type: "int32", doc: "training preference pairs per member"},
    {name: "label_noise", type: "float64", unit: "probability", doc: "probability that a training label was flipped"},
    {name: "seed", type: "int32", doc: "run seed: world, pairs, labels, initialisation and sampling all derive from it"},
    {name: "backend", type: "utf8", doc: "TensorFlow.js backend that trained the reward models"},
    {name: "engine_version", type: "utf8", doc: "goodhart version (package.json)"},
    {name: "config_json", type: "utf8", doc: "the resolved run config as canonical JSON (every default filled)"},
    {name: "duration_s", type: "float64", nullable: true, unit: "s", doc: "wall time of the run, shared world and reward-model time split equally among runs that share it; null with --no-timings"}
  ]
};

/** One row per optimisation point of a run: the overoptimization curve. */
export const curves: TableSpec = {
  name: "curves",
  doc: "Proxy and gold reward along the optimisation path of each run, against KL from the initial policy.",
  columns: [
    {name: "run_id", type: "utf8", doc: "joins runs"},
    {name: "point", type: "int32", doc: "n for best_of_n, beta-grid index for kl_tilt, step for policy gradient"},
    {name: "beta", type: "float64", nullable: true, doc: "KL coefficient at this point (null for best_of_n)"},
    {name: "kl", type: "float64", unit: "nats", doc: "KL(pi || pi_0), computed as kl_method says"},
    {name: "kl_method", type: "utf8", doc: "how kl was computed: analytic_best_of_n (log n - (n-1)/n), exact (enumerated over the pool), or a sampled estimator k1, k2, k3"},
    {name: "sqrt_kl", type: "float64", unit: "sqrt(nats)", doc: "sqrt(kl), Gao et al.'s distance d"},
    {name: "kl_k1", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k1 = mean log ratio (policy gradient only)"},
    {name: "kl_k2", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k2 = mean (log ratio)^2 / 2"},
    {name: "kl_k3", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k3 = mean exp(-lr) - 1 + lr"},
    {name: "proxy_reward", type: "float64", unit: "member std under pi_0", doc: "expected objective value under the policy; members standardised to mean 0, std 1 under pi_0"},
    {name: "gold_reward", type: "float64", unit: "gold std under pi_0", doc: "expected gold reward; recentred so pi_0 scores 0 and scaled to unit variance under pi_0"},
    {name: "proxy_std", type: "float64", nullable: true, unit: "member std under pi_0", doc: "expected std across ensemble members (disagreement); null for one member"},
    {name: "entropy", type: "float64", nullable: true, unit: "nats", doc: "policy entropy over the pool, averaged over prompts (policy gradient only)"}
  ]
};

/** One row per reward-model member of a run. */
export const rewardModels: TableSpec = {
  name: "reward_models",
  doc: "The proxy reward models behind each run: one row per ensemble member.",
  columns: [
    {name: "run_id", type: "utf8", doc: "joins runs"},
    {name: "member", type: "int32", doc: "member index; member 0 is trained on all pairs, others on bootstrap resamples (diversity bootstrap)"},
    {name: "architecture", type: "utf8", doc: "linear or mlp, or brme for a head of a BRME (reward_model.architecture \"brme\": member = head)"},
    {name: "heldout_accuracy", type: "float64", unit: "fraction", doc: "agreement with clean gold labels on held-out pairs from pi_0"},
    {name: "train_accuracy", type: "float64", unit: "fraction", doc: "agreement with the (noisy) training labels"},
    {name: "train_loss", type: "float64", unit: "nats", doc: "final mean Bradley-Terry negative log-likelihood on the training pairs"}
  ]
};

/** A bounded subsample of individual responses drawn from the optimised policies. */
export const samples: TableSpec = {
  name: "samples",
  doc: "For samples.points curve points evenly spaced along each run (first and last included) and the first samples.prompts prompts, one response drawn from the policy at that point.",
  columns: [
    {name: "run_id", type: "utf8", doc: "joins runs"},
    {name: "point", type: "int32", doc: "the curve point the policy was taken at (joins curves on run_id, point)"},
    {name: "prompt_id", type: "int32", doc: "prompt index in the world"},
    {name: "response_id", type: "int32", doc: "index of the response in the prompt's pool"},
    {name: "proxy_reward", type: "float64", unit: "member std under pi_0", doc: "the objective's value for this response"},
    {name: "gold_reward", type: "float64", unit: "gold std under pi_0", doc: "gold reward of this response"},
    {name: "proxy_std", type: "float64", nullable: true, doc: "std across members for this response (null for one member)"},
    {name: "member_rewards", type: "list_float64", doc: "each member's standardised reward for this response"},
    {name: "quality", type: "float64", doc: "the quality part of gold, w . q (raw units)"},
    {name: "length", type: "float64", doc: "the length-like feature l (raw units; the extremal penalty starts at l0)"},
    {name: "nuisance_max_abs", type: "float64", doc: "largest |nuisance feature| of the response (heavy tails show here)"},
    {name: "features", type: "list_float64", doc: "all raw features in world order: quality_0.., length, nuisance_0.."}
  ]
};

/** Every table of the run-output contract, in the order the docs list them. */
export const runTables = {runs, curves, reward_models: rewardModels, samples} as const;
