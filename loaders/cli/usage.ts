/** The text of goodhart --help. */
import {availableParallelism} from "node:os";
import {reportUsage} from "../create/command.ts";
import {logFormats} from "../import/formats.ts";
import {ENGINE_VERSION} from "../version.ts";

export const usage = `goodhart ${ENGINE_VERSION}: proxy vs gold reward under optimisation (Goodhart's law in RLHF)

Usage:
  goodhart run <spec.json> --out <dir> [options]   run an experiment spec, write Arrow tables
  goodhart validate <spec.json>                     check a spec and count its runs (or, an import spec, its logs)
  goodhart reseed-check <spec.json> [options]       run the spec on its seeds and on as many disjoint
                                                    seeds, compare the findings (exit 1 when an id is
                                                    missing from one run or a finding reverses: holds
                                                    or reversed in one run, the other direction or an
                                                    effect of the other sign in the other); --record
                                                    writes the result to data/reseed/<experiment>.json,
                                                    which the build reads to mark findings that reversed
  goodhart import <file or folder>... --out <dir>  read step logs of other RLHF tools (TRL trainer_state.json,
                                                    JSON, JSONL, W&B CSV, text and console logs of TRL, verl
                                                    and OpenRLHF, TensorBoard events.out.tfevents.*, Trackio
                                                    Parquet) as runs, with their gold column and analysis; a
                                                    folder: every log under it (a TensorBoard log dir)
  goodhart merge <dir>... --out <dir>              join the shards of a sweep (run --shard i/N) into the files
                                                    one machine writes, findings included
${reportUsage}
  goodhart --help | --version

Options for run:
  --out <dir>          where runs.arrow, curves.arrow, reward_models.arrow, samples.arrow, findings.arrow go (required)
  --seeds <list>       seeds to run instead of the spec's, e.g. 11-20 or 1,2,5 (reseed-check: the first set,
                       default the spec's; --against <list>: the second, default the next seeds of the same size)
  --backend <name>     auto | tensorflow-gpu | tensorflow | webgpu | wasm | cpu (default: $GOODHART_BACKEND or auto)
  --workers <n>        parallel worker processes (default: ${availableParallelism()}, one per core)
  --cache <dir>        run cache (default: data/runs/.cache); --no-cache recomputes everything
  --no-timings         write runs.duration_s as null, so outputs are byte-identical across reruns
  --shard <i/N>        run shard i (0 to N-1) of N: whole training groups, balanced by estimated cost; writes
                       the run tables and shard.json, no findings (goodhart merge; the Cluster recipes page, src/docs/cluster.md)

Options for reseed-check: --seeds, --against (above), --backend, --workers, --cache, --no-cache, and
  --record             write the result to data/reseed/<experiment>.json (both seed sets, the date, the engine
                       version, each finding's verdicts and effects on both, whether it reversed); the build
                       reads it: findings that reversed leave the headlines and are marked on their pages

Options for import (the Import formats page, src/docs/import-formats.md):
  --out <dir>          where runs.arrow, curves.arrow, imported_metrics.arrow, imported_analysis.arrow,
                       imported_runs.arrow, imported_bounds.arrow, imported_samples.arrow go (required)
  --format <name>      auto | ${logFormats.join(" | ")} (default: auto, from the name and the first characters)
  --map <file.json>    columns for the roles: {"step", "proxy", "gold", "kl", "kl_estimator", "tool"}
  --step, --proxy, --gold, --kl <column>
                       the column of each role (override --map; "none" for none; default: known aliases; gold:
                       detected, the reason printed: judge-named columns, a TRL reward function of weight 0,
                       win_rate, verl val-core/*, OpenRLHF eval/*, eval_*reward)
  --kl-estimator <k>   k1 | k2 | k3 | exact: how the log's KL was estimated (default k1)
  --samples <file or folder>
                       per-sample logs of the (one) log's run: OpenRLHF eval_samples_step_<N>.jsonl, TRL's
                       completions table (W&B JSON or JSONL with a step column); per step in imported_samples:
                       samples, mean_chars, mean_tokens, Kim & Seo's mean_li and mean_rp, distinct_1,
                       distinct_2, reward_mean
  --stop <string>      with --samples: cut each completion at this stop string before measuring it
                       (repeat for several; the first occurrence of any; default none)
  --strict             fail on the first problem (a row or value skipped, a duplicate step, a truncated file)
  --name <name>        runs.experiment (default: imported)
  --group <key or file.json>
                       group runs side by side: a setting in every run name (beta, kl_coef, seed: beta0.05,
                       kl_coef=0.1) or a file {"<run>": <number>} for every run; the per-run table gains the
                       group's column and how the fitted peaks move with it (Gao et al. expect them not to move with beta)

Exit status: 0 done; 2 bad input (spec, option, --out; nothing is written); 3 done, but a numerical
fault failed some runs (listed on stderr, recorded in runs.status and runs.error); 130 or 143
interrupted by Ctrl-C or SIGTERM (finished runs stay cached: rerun the same command to compute the
rest); 1 reseed-check found a difference, or an internal error.

Specs live in data/experiments/ (the default: data/experiments/overoptimization.json). An import spec
({"kind": "import", "name", "logs": "<folder>", "mapping", "files"}; data/experiments/imported.json) names a
folder of logs: goodhart run imports them all, as goodhart import does.
Columns of every table: src/data-contract.md.`;
