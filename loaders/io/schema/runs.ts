import {columns, table} from "./spec.ts";

/*
 * The run outputs of an experiment: one row per run in `runs`, and everything else joined to it by
 * run_id. runExperiment and the CLI's --out folder write these four tables.
 */

/** The key every per-run table joins `runs` on. */
export const runId = columns({name: "run_id", type: "utf8", doc: "joins runs"});

/** Standardised rewards of the policy (curves) or of one response (samples). */
const rewards = (what: string) =>
  columns(
    {name: "proxy_reward", type: "float64", unit: "member std under pi_0", doc: `the objective's value ${what}; members standardised to mean 0, std 1 under pi_0 (policy gradient, rloo and ppo: the objective itself standardised again to mean 0, std 1 under pi_0, so it reads in its own pi_0 std)`},
    {name: "gold_reward", type: "float64", unit: "gold std under pi_0", doc: `gold reward ${what}; recentred so pi_0 scores 0 and scaled to unit variance under pi_0`},
    {name: "proxy_std", type: "float64", nullable: true, unit: "member std under pi_0", doc: `std across ensemble members (disagreement) ${what}; null for one member`}
  );

/** One row per run: the resolved config and provenance. Join every other table on run_id. */
export const runs = table("runs", "One row per run (one point of a sweep for one seed): what was run, on what, by which engine.", [
  {name: "run_id", type: "utf8", doc: "stable id: first 16 hex digits of sha256 of the resolved config (canonical JSON); of an imported log, of its bytes and its resolved column mapping"},
  {name: "experiment", type: "utf8", doc: "name of the experiment spec"},
  {name: "sweep", type: "utf8", doc: "name of the sweep inside the spec that produced the run"},
  {name: "world", type: "utf8", doc: "world preset (heavy_tailed, extremal_length, light_tailed), text for a language-model run, or imported for a log read by goodhart import"},
  {name: "optimizer", type: "utf8", doc: "best_of_n, kl_tilt, or a policy-gradient optimiser (rloo, ppo); for an imported log the tool that wrote it (trl, or imported when unknown)"},
  {name: "kl_coef", type: "float64", nullable: true, doc: "initial KL coefficient beta of a policy-gradient optimiser (optimizer.kl_coef); null for best_of_n, kl_tilt and exact_target (each run's solved beta is in curves.beta)"},
  {name: "kl_control", type: "utf8", nullable: true, doc: "fixed, adaptive or exact_target KL coefficient (optimizer.kl_control; exact_target: the beta at which the exact KL-regularised optimum of the run's proxy reaches kl_target); null for best_of_n and kl_tilt"},
  {name: "kl_target", type: "float64", nullable: true, unit: "nats", doc: "target KL of an adaptive (the policy's) or exact_target (the exact optimum's) KL control (optimizer.kl_target); null otherwise"},
  {name: "policy", type: "utf8", nullable: true, doc: "architecture of the RL policy: linear or mlp (a tilted pool policy's score, optimizer.policy), or transformer (a language model); null for best_of_n and kl_tilt"},
  {name: "policy_optimizer", type: "utf8", nullable: true, doc: "adam or sgd (optimizer.policy_optimizer); null for best_of_n and kl_tilt"},
  {name: "objective", type: "utf8", doc: "aggregation of the ensemble that is optimised (single, mean, wco, uwo, ...); imported for an imported log"},
  {name: "objective_param", type: "float64", nullable: true, doc: "the objective's parameter (lambda for uwo and mean_minus_std, nominal_weight for robust, beta2 for uncertainty_penalized); null when it takes none"},
  {name: "reward_source", type: "utf8", doc: "reward model architecture: linear, mlp or brme (reward_model.architecture), or a white-box RER reward of a text run: rer_li, rer_li_rp, rer_li_rp_rel, rer_full (reward.variant), or the proxy column of an imported log"},
  {name: "ensemble_size", type: "int32", doc: "reward-model members aggregated, or BRME heads (1 for single)"},
  {name: "n_pairs", type: "int32", nullable: true, doc: "training preference pairs per member; null for a white-box reward"},
  {name: "label_noise", type: "float64", nullable: true, unit: "probability", doc: "probability that a training label was flipped; null for a white-box reward"},
  {name: "seed", type: "int32", doc: "run seed: world, pairs, labels, initialisation and sampling all derive from it (text runs: everything but the world and pi_ref, which come from world.seed and sft.seed); 0 for an imported log"},
  {name: "backend", type: "utf8", doc: "TensorFlow.js backend that trained the reward models; none for an imported log"},
  {name: "engine_version", type: "utf8", doc: "goodhart version (package.json)"},
  {name: "config_json", type: "utf8", doc: "the resolved run config as canonical JSON (every default filled): provenance; pages filter on the columns above. An imported log's: source file, format, sha256 and the resolved column mapping"},
  {name: "duration_s", type: "float64", nullable: true, unit: "s", doc: "wall time of the run, shared world and reward-model time split equally among runs that share it; null with --no-timings"},
  {name: "status", type: "utf8", doc: "ok, or failed: a numerical fault (a non-finite loss, reward, gradient or KL) stopped the run, which then has no rows in the other tables and no part in the findings"},
  {name: "error", type: "utf8", nullable: true, doc: "the fault that failed the run (what was non-finite, where); null when status is ok"}
]);

/** One row per optimisation point of a run: the overoptimization curve. */
export const curves = table("curves", "Proxy and gold reward along the optimisation path of each run, against KL from the initial policy. An imported log (runs.world = imported) keeps its own units, unstandardised, one point per logged step.", [
  ...runId,
  {name: "point", type: "int32", doc: "n for best_of_n, beta-grid index for kl_tilt, step for policy gradient and imported logs"},
  {name: "beta", type: "float64", nullable: true, doc: "KL coefficient at this point (null for best_of_n, and for an imported log that does not log it)"},
  {name: "kl", type: "float64", nullable: true, unit: "nats", doc: "KL(pi || pi_0), computed as kl_method says; null only at a step of an imported log without a KL value (a sampled estimate there may be negative)"},
  {name: "kl_method", type: "utf8", doc: "how kl was computed: exact (enumerated over the pool: best_of_n's best of n draws without replacement, whose infinite-pool limit is Gao et al.'s log n - (n-1)/n; kl_tilt; the policy-gradient optimisers on a pool), exact_per_token (a language model: per-token KL between the two models' next-token distributions on sampled prefixes, summed over the response), or the sampled estimator k1, k2 or k3 that a policy which cannot be enumerated reports (imported logs: the estimator the mapping names, default k1)"},
  {name: "sqrt_kl", type: "float64", nullable: true, unit: "sqrt(nats)", doc: "sqrt(kl), Gao et al.'s distance d; sqrt(max(kl, 0)) for an imported log's negative sampled estimate; null with kl"},
  {name: "kl_k1", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k1 = mean log ratio lr over responses drawn from the policy (policy gradient only)"},
  {name: "kl_k2", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k2 = mean lr^2 / 2 (policy gradient only)"},
  {name: "kl_k3", type: "float64", nullable: true, unit: "nats", doc: "sampled estimator k3 = mean exp(-lr) - 1 + lr (policy gradient only)"},
  ...rewards("expected under the policy").map((c) => (c.name === "gold_reward" ? {...c, nullable: true, doc: `${c.doc}; null at a step of an imported log without gold`} : c)),
  {name: "entropy", type: "float64", nullable: true, unit: "nats", doc: "policy entropy over the pool, averaged over prompts (policy gradient only; an imported log's entropy metric)"},
  {name: "exact_gold_reward", type: "float64", nullable: true, unit: "gold std under pi_0", doc: "pool policy gradient only: gold of the exact KL-regularised optimum pi* ∝ pi_0 exp(r / beta') of the run's own proxy over the pool, at the beta' where KL(pi* || pi_0) equals this point's kl: the best gold that proxy's optimum offers at the policy's distance, a reference for what the policy's family reaches"}
]);

/** One row per reward-model member of a run. */
export const rewardModels = table("reward_models", "The proxy reward models behind each run: one row per ensemble member.", [
  ...runId,
  {name: "member", type: "int32", doc: "member index; member 0 is trained on all pairs, others on bootstrap resamples (diversity bootstrap)"},
  {name: "architecture", type: "utf8", doc: "linear or mlp, or brme for a head of a BRME (reward_model.architecture \"brme\": member = head)"},
  {name: "heldout_accuracy", type: "float64", unit: "fraction", doc: "agreement with clean gold labels on held-out pairs from pi_0"},
  {name: "train_accuracy", type: "float64", unit: "fraction", doc: "agreement with the (noisy) training labels"},
  {name: "train_loss", type: "float64", unit: "nats", doc: "final mean Bradley-Terry negative log-likelihood on the training pairs"}
]);

/** A bounded subsample of individual responses drawn from the optimised policies. */
export const samples = table("samples", "For samples.points curve points evenly spaced along each run (first and last included) and the first samples.prompts prompts, one response drawn from the policy at that point. Pool worlds fill the feature columns; language-model runs fill the text columns (held-out prompts, at the evaluation temperature).", [
  ...runId,
  {name: "point", type: "int32", doc: "the curve point the policy was taken at (joins curves on run_id, point)"},
  {name: "prompt_id", type: "int32", doc: "prompt index in the world"},
  {name: "response_id", type: "int32", nullable: true, doc: "index of the response in the prompt's pool; null for text"},
  ...rewards("of this response"),
  {name: "member_rewards", type: "list_float64", doc: "each member's standardised reward for this response"},
  {name: "quality", type: "float64", nullable: true, doc: "the quality part of gold, w . q (raw units); null for text"},
  {name: "length", type: "float64", doc: "the length-like feature l (raw units; the extremal penalty starts at l0); for text, tokens before <eos>"},
  {name: "nuisance_max_abs", type: "float64", nullable: true, doc: "largest |nuisance feature| of the response (heavy tails show here); null for text"},
  {name: "features", type: "list_float64", nullable: true, doc: "all raw features in world order: quality_0.., length, nuisance_0..; null for text"},
  {name: "prompt_text", type: "utf8", nullable: true, doc: "the prompt (text runs; null for pool worlds)"},
  {name: "text", type: "utf8", nullable: true, doc: "the generated response, decoded up to <eos> (text runs; null for pool worlds)"},
  {name: "proxy_raw", type: "float64", nullable: true, doc: "a white-box reward's own value, the paper's scale (null otherwise)"},
  {name: "repetition", type: "float64", nullable: true, unit: "fraction", doc: "1 - distinct words / words (text runs)"},
  {name: "copying", type: "float64", nullable: true, unit: "fraction", doc: "share of the response's trigrams found in the prompt (text runs)"},
  {name: "correct", type: "float64", nullable: true, doc: "1 when a closed-ended answer is right, 0 when not; null for open-ended prompts and pool worlds"},
  {name: "ended", type: "bool", nullable: true, doc: "whether the response ended with <eos> inside its window (text runs)"}
]);

/** Language-model runs: every checkpoint (curve point) answers the same held-out prompts. */
export const checkpoints = table("checkpoints", "Language-model runs: at every curve point (checkpoint), the policy answers evaluation.heldout_prompts held-out prompts evaluation.samples times at evaluation.temperature; means over those responses. Empty for pool worlds.", [
  ...runId,
  {name: "point", type: "int32", doc: "RL step of the checkpoint (joins curves on run_id, point)"},
  {name: "prompts", type: "int32", doc: "held-out prompts answered"},
  {name: "samples", type: "int32", doc: "responses per prompt"},
  {name: "temperature", type: "float64", doc: "sampling temperature"},
  {name: "proxy_reward", type: "float64", unit: "member std under pi_ref", doc: "the proxy this run optimised (its objective), members standardised on pi_ref's samples (unless reward.scale is raw)"},
  {name: "proxy_raw", type: "float64", nullable: true, doc: "a white-box reward's own value (the paper's scale); null for learned rewards"},
  {name: "gold_reward", type: "float64", unit: "gold std under pi_ref", doc: "gold, in standard deviations of pi_ref's samples on the RL prompts (pi_ref's mean there at 0)"},
  {name: "proxy_std", type: "float64", nullable: true, unit: "member std under pi_ref", doc: "mean disagreement across members; null for one member"},
  {name: "length", type: "float64", unit: "tokens", doc: "mean tokens before <eos>"},
  {name: "repetition", type: "float64", unit: "fraction", doc: "mean of 1 - distinct words / words"},
  {name: "copying", type: "float64", unit: "fraction", doc: "mean share of response trigrams found in the prompt"},
  {name: "correct", type: "float64", nullable: true, unit: "fraction", doc: "share of right answers on closed-ended prompts; null when none were asked"},
  {name: "ended", type: "float64", unit: "fraction", doc: "share of responses that ended with <eos> inside the window"}
]);

/** Per checkpoint and held-out prompt: what the prompt-resampled monotonicity intervals resample. */
export const checkpointPrompts = table("checkpoint_prompts", "Language-model runs: the checkpoint table per held-out prompt (means over its evaluation.samples responses), for rank correlations with intervals that resample prompts. Empty for pool worlds.", [
  ...runId,
  {name: "point", type: "int32", doc: "RL step of the checkpoint"},
  {name: "prompt_id", type: "int32", doc: "held-out prompt index in the world"},
  {name: "closed", type: "bool", doc: "whether the prompt is a closed-ended question (with a reference answer)"},
  {name: "proxy_reward", type: "float64", unit: "member std under pi_ref", doc: "mean proxy (the run's objective) of the prompt's responses"},
  {name: "gold_reward", type: "float64", unit: "gold std under pi_ref", doc: "mean gold of the prompt's responses"}
]);

/** Every table of the run-output contract, in the order the docs list them. */
export const runTables = {runs, curves, reward_models: rewardModels, samples, checkpoints, checkpoint_prompts: checkpointPrompts} as const;
