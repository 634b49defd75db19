/**
 * The goodhart command line. `goodhart run <spec.json> --out <dir>` runs an experiment spec and
 * writes its Arrow tables; `goodhart validate <spec.json>` checks a spec without running it;
 * `goodhart import <file>... --out <dir>` reads other tools' step logs as runs; `goodhart merge
 * <dir>... --out <dir>` joins the shards of a sweep run with --shard i/N.
 */
import {readFileSync, readdirSync, statSync} from "node:fs";
import {availableParallelism} from "node:os";
import {basename, join, relative} from "node:path";
import {parseArgs} from "node:util";
import {pathToFileURL} from "node:url";
import {compareFindings, type Finding as FindingOf} from "./analysis/findings-compare.ts";
import {reseedPath, reseedRecord, seedRange, writeReseedRecord} from "./analysis/reseed-record.ts";
import {BackendError, releaseBackends} from "./backend/backend.ts";
import {SpecError} from "./fields.ts";
import {ImportError, importLogs, logFormats, normalizeMapping, reportLines, summaryLines} from "./import/index.ts";
import type {LogFormat, Mapping} from "./import/index.ts";
import {Interrupted, runExperiment, writeTables} from "./run/experiment.ts";
import {importSpecLogs, importedArrow, isImportSpecFile, isLogName, loadImportSpec, logFiles} from "./run/import-spec.ts";
import {MergeError, mergeShards} from "./run/merge.ts";
import {parseShard} from "./run/shard.ts";
import {expandRuns, groupRuns, loadSpec} from "./run/spec.ts";
import {ENGINE_VERSION} from "./version.ts";

const usage = `goodhart ${ENGINE_VERSION}: proxy vs gold reward under optimisation (Goodhart's law in RLHF)

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
                       the run tables and shard.json, no findings (goodhart merge; README "Running on a cluster")

Options for reseed-check: --seeds, --against (above), --backend, --workers, --cache, --no-cache, and
  --record             write the result to data/reseed/<experiment>.json (both seed sets, the date, the engine
                       version, each finding's verdicts and effects on both, whether it reversed); the build
                       reads it: findings that reversed leave the headlines and are marked on their pages

Options for import (README "Importing runs from other tools"):
  --out <dir>          where runs.arrow, curves.arrow, imported_metrics.arrow, imported_analysis.arrow,
                       imported_runs.arrow, imported_bounds.arrow go (required)
  --format <name>      auto | ${logFormats.join(" | ")} (default: auto, from the name and the first characters)
  --map <file.json>    columns for the roles: {"step", "proxy", "gold", "kl", "kl_estimator", "tool"}
  --step, --proxy, --gold, --kl <column>
                       the column of each role (override --map; "none" for none; default: known aliases; gold:
                       detected, the reason printed: judge-named columns, a TRL reward function of weight 0,
                       win_rate, verl val-core/*, OpenRLHF eval/*, eval_*reward)
  --kl-estimator <k>   k1 | k2 | k3 | exact: how the log's KL was estimated (default k1)
  --samples <file or folder>
                       per-sample logs of the (one) log's run: OpenRLHF eval_samples_step_<N>.jsonl, TRL's
                       completions table (W&B JSON or JSONL with a step column); per step: samples/count,
                       mean_chars, mean_tokens, distinct_1, distinct_2, reward_mean in imported_metrics
  --strict             fail on the first problem (a row or value skipped, a duplicate step, a truncated file)
  --name <name>        runs.experiment (default: imported)

Exit status: 0 done; 2 bad input (spec, option, --out; nothing is written); 3 done, but a numerical
fault failed some runs (listed on stderr, recorded in runs.status and runs.error); 130 or 143
interrupted by Ctrl-C or SIGTERM (finished runs stay cached: rerun the same command to compute the
rest); 1 reseed-check found a difference, or an internal error.

Specs live in data/experiments/ (the default: data/experiments/overoptimization.json). An import spec
({"kind": "import", "name", "logs": "<folder>", "mapping", "files"}; data/experiments/imported.json) names a
folder of logs: goodhart run imports them all, as goodhart import does.
Columns of every table: src/data-contract.md.`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: {type: "string"},
        backend: {type: "string"},
        workers: {type: "string"},
        seeds: {type: "string"},
        against: {type: "string"},
        cache: {type: "string"},
        "no-cache": {type: "boolean"},
        "no-timings": {type: "boolean"},
        format: {type: "string"},
        samples: {type: "string", multiple: true},
        map: {type: "string"},
        step: {type: "string"},
        proxy: {type: "string"},
        gold: {type: "string"},
        kl: {type: "string"},
        "kl-estimator": {type: "string"},
        strict: {type: "boolean"},
        record: {type: "boolean"},
        name: {type: "string"},
        shard: {type: "string"},
        help: {type: "boolean", short: "h"},
        version: {type: "boolean"}
      }
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${usage}`);
  }
  const {values, positionals} = parsed;
  if (values.help) return (process.stdout.write(`${usage}\n`), 0);
  if (values.version) return (process.stdout.write(`${ENGINE_VERSION}\n`), 0);
  const [command, specPath, ...extra] = positionals;
  if (!command) return fail(`missing command\n\n${usage}`);
  if (command === "import") return importCommand(positionals.slice(1), values);
  if (command === "merge") return mergeCommand(positionals.slice(1), values.out);
  if (extra.length) return fail(`unexpected arguments: ${extra.join(" ")}`);
  if (command !== "run" && command !== "validate" && command !== "reseed-check") return fail(`unknown command "${command}" (expected run, validate, reseed-check, import or merge; see goodhart --help)`);
  if (!specPath) return fail(`missing spec: goodhart ${command} <spec.json>, e.g. data/experiments/overoptimization.json`);
  if (values.shard !== undefined && command !== "run") return fail(`--shard is an option of goodhart run, not of ${command}`);
  if (values.record && command !== "reseed-check") return fail(`--record is an option of goodhart reseed-check, not of ${command}`);
  try {
    if (isImportSpecFile(specPath)) return await importSpecCommand(command, specPath, values);
    if (command === "validate") {
      const spec = loadSpec(specPath);
      const plans = expandRuns(spec);
      process.stdout.write(`${specPath}: ok: ${spec.name}, ${plans.length} runs in ${groupRuns(plans).length} training groups, seeds ${spec.seeds.join(", ")}\n`);
      return 0;
    }
    const seeds = values.seeds === undefined ? undefined : parseSeeds(values.seeds, "--seeds");
    if (command === "reseed-check") {
      const first = seeds ?? loadSpec(specPath).seeds;
      const against = values.against === undefined ? Array.from(first, (_, i) => Math.max(...first) + 1 + i) : parseSeeds(values.against, "--against");
      const overlap = first.filter((s) => against.includes(s));
      if (overlap.length) return fail(`invalid --against: seeds ${overlap.join(", ")} are in both sets (expected disjoint seed sets)`);
      const common = {backend: values.backend, workers: workers(values.workers), cacheDir: values["no-cache"] ? null : values.cache ?? "data/runs/.cache"};
      const a = await runExperiment(specPath, {...common, seeds: first});
      const b = await runExperiment(specPath, {...common, seeds: against});
      const code = reseedReport(a.findings as never, b.findings as never, first, against);
      if (values.record) {
        const path = reseedPath(a.spec.name);
        writeReseedRecord(path, reseedRecord(a.findings as never, b.findings as never, {experiment: a.spec.name, seeds: first, against, engineVersion: ENGINE_VERSION}));
        process.stderr.write(`goodhart: reseed-check: recorded in ${path}\n`);
      }
      return code;
    }
    if (!values.out) return fail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, reward_models.arrow and samples.arrow");
    if (statSync(values.out, {throwIfNoEntry: false})?.isDirectory() === false) return fail(`invalid --out: ${values.out} is a file (expected a folder, new or existing)`);
    let shard;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard);
    } catch (error) {
      return fail((error as Error).message);
    }
    const stop = new AbortController();
    for (const name of Object.keys(signals)) process.on(name, () => stop.abort(name)); // the first one counts (Ctrl-C reaches bin/goodhart.js too, which passes it on)
    const start = performance.now();
    const output = await runExperiment(specPath, {
      signal: stop.signal,
      out: values.out,
      backend: values.backend,
      workers: workers(values.workers),
      seeds,
      cacheDir: values["no-cache"] ? null : values.cache ?? "data/runs/.cache",
      timings: !values["no-timings"],
      shard
    });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`goodhart: wrote ${output.written.join(", ")} to ${values.out} (${output.rows.runs.length} runs: ${output.computed} computed, ${output.cached} cached; backend ${output.backend}; ${seconds}s)\n`);
    if (process.env.GOODHART_REPORT_PEAK_RSS === "1") process.stderr.write(`goodhart: peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB (this process; bench/sweep-memory.ts)\n`);
    if (output.failed.length === 0) return 0;
    const failed = output.failed.map((r) => `  ${r.run_id} (sweep ${r.sweep}, seed ${r.seed}, ${r.optimizer}, ${r.objective}): ${r.error}`);
    process.stderr.write(`goodhart: ${output.failed.length} of ${output.rows.runs.length} runs FAILED (runs.status "failed"; not in the findings):\n${failed.join("\n")}\n`);
    return 3;
  } catch (error) {
    if (error instanceof Interrupted) return (process.stderr.write(`goodhart: ${error.message}\n`), signals[error.reason as keyof typeof signals] ?? 130);
    if (error instanceof SpecError || error instanceof BackendError || error instanceof UsageError) return fail(error.message);
    throw error;
  } finally {
    releaseBackends();
  }
}

class UsageError extends Error {}

type ImportValues = {out?: string; samples?: string[]; format?: string; map?: string; step?: string; proxy?: string; gold?: string; kl?: string; "kl-estimator"?: string; strict?: boolean; name?: string};

/** `goodhart import`: reads each file (the only file access), imports it, reports on stderr, writes the tables atomically. */
async function importCommand(files: readonly string[], values: ImportValues): Promise<number> {
  if (!files.length) return fail("missing log: goodhart import <file>... --out <dir>, e.g. trainer_state.json");
  if (!values.out) return fail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, imported_metrics.arrow and imported_analysis.arrow");
  const format = values.format ?? "auto";
  if (format !== "auto" && !(logFormats as readonly string[]).includes(format)) return fail(`invalid --format: ${format} (expected auto, ${logFormats.join(", ")})`);
  try {
    let mapping: Mapping = {};
    if (values.map !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(values.map, "utf8"));
      } catch (error) {
        return fail(`invalid --map ${values.map}: ${(error as Error).message} (expected a JSON file such as {"proxy": "reward", "gold": "judge"})`);
      }
      mapping = normalizeMapping(json, `--map ${values.map}`);
    }
    const flags: Record<string, unknown> = {};
    for (const role of ["step", "proxy", "gold", "kl"] as const) if (values[role] !== undefined) flags[role] = values[role] === "none" && role !== "proxy" ? null : values[role];
    if (values["kl-estimator"] !== undefined) flags.kl_estimator = values["kl-estimator"];
    mapping = {...mapping, ...normalizeMapping(flags, "flag")};
    const logs = expandLogPaths(files);
    const samples = [];
    for (const {path, name} of expandLogPaths(values.samples ?? [])) {
      try {
        samples.push({name, input: new Uint8Array(readFileSync(path))});
      } catch (error) {
        return fail(`cannot read --samples ${path}: ${(error as Error).message}`);
      }
    }
    if (values.samples?.length && logs.length !== 1) return fail(`--samples goes with one log (the run the samples come from), not ${logs.length}`);
    const imported = [];
    for (const {path, name} of logs) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(path));
      } catch (error) {
        return fail(`cannot read ${path}: ${(error as Error).message}`);
      }
      for (const one of await importLogs(bytes, {name, experiment: values.name ?? "imported", format: format as LogFormat | "auto", mapping, strict: values.strict ?? false, engineVersion: ENGINE_VERSION, samples})) {
        for (const line of reportLines(one)) process.stderr.write(`${line}\n`);
        imported.push(one);
      }
    }
    if (!imported.length) return fail(`no logs in ${files.join(", ")} (expected ${["events.out.tfevents.*", ".json", ".jsonl", ".csv", ".log", ".txt", ".parquet"].join(", ")} files)`);
    if (imported.length > 1) for (const line of summaryLines(imported)) process.stderr.write(`${line}\n`);
    const tables = importedArrow(imported);
    writeTables(values.out, tables);
    process.stderr.write(`goodhart import: wrote ${Object.keys(tables).map((t) => `${t}.arrow`).join(", ")} to ${values.out} (${imported.length} runs)\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) return fail(error.message);
    throw error;
  }
}
/** Files as given, and the logs under each folder given (recursively, in name order, numbers by value: step_4 before step_12), named by their path under it. */
function expandLogPaths(paths: readonly string[]): {path: string; name: string}[] {
  return paths.flatMap((path) => {
    if (!statSync(path, {throwIfNoEntry: false})?.isDirectory()) return [{path, name: basename(path)}];
    const under = (dir: string): string[] => readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name, "en", {numeric: true})).flatMap((e) => (e.isDirectory() ? under(join(dir, e.name)) : e.isFile() && isLogName(e.name) ? [join(dir, e.name)] : []));
    return under(path).map((file) => ({path: file, name: relative(path, file)}));
  });
}

/** validate or run on an import spec (kind "import", run/import-spec.ts): check it, or import its folder of logs as goodhart import does. */
async function importSpecCommand(command: string, specPath: string, values: {out?: string; shard?: string; seeds?: string}): Promise<number> {
  const spec = loadImportSpec(specPath);
  if (command === "validate") return (process.stdout.write(`${specPath}: ok: ${spec.name}, import of ${logFiles(spec).length} logs in ${spec.logs}\n`), 0);
  if (command !== "run") return fail(`${specPath} is an import spec (kind "import"): goodhart validate or run take it, not ${command}`);
  if (values.shard !== undefined || values.seeds !== undefined) return fail(`${specPath} is an import spec: --shard and --seeds do not apply`);
  if (!values.out) return fail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, imported_metrics.arrow and imported_analysis.arrow");
  try {
    const imported = await importSpecLogs(spec, {engineVersion: ENGINE_VERSION});
    const tables = importedArrow(imported);
    writeTables(values.out, tables);
    process.stderr.write(`goodhart: wrote ${Object.keys(tables).map((t) => `${t}.arrow`).join(", ")} to ${values.out} (${imported.length} runs imported from ${spec.logs})\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) return fail(error.message);
    throw error;
  }
}

/** `goodhart merge`: joins shard folders (run/merge.ts); shards that do not make one sweep exit 2, nothing written. */
function mergeCommand(dirs: readonly string[], out: string | undefined): number {
  if (!out) return fail("missing --out <dir>: the folder that receives the merged run tables and findings.arrow");
  if (statSync(out, {throwIfNoEntry: false})?.isDirectory() === false) return fail(`invalid --out: ${out} is a file (expected a folder, new or existing)`);
  try {
    const merged = mergeShards(dirs, {out});
    const failed = merged.rows.runs.filter((r) => r.status === "failed");
    process.stderr.write(`goodhart merge: wrote ${Object.keys(merged.arrow).map((t) => `${t}.arrow`).join(", ")} to ${out} (${merged.manifest.spec}: ${merged.rows.runs.length} runs from ${dirs.length} shards; backend ${merged.manifest.backend})\n`);
    if (failed.length) process.stderr.write(`goodhart merge: ${failed.length} of ${merged.rows.runs.length} runs FAILED (runs.status "failed"; not in the findings): ${failed.map((r) => r.run_id).join(", ")}\n`);
    return failed.length ? 3 : 0;
  } catch (error) {
    if (error instanceof MergeError) return fail(error.message);
    throw error;
  }
}

/** Signals that stop a run cleanly, and the exit status each gives (128 + its number). */
const signals = {SIGINT: 130, SIGTERM: 143} as const;

function workers(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`invalid --workers: ${text} (expected an integer >= 1)`);
  return n;
}

/** "11-20" or "1,2,5" or a mix ("1-3,7") -> distinct seeds. */
export function parseSeeds(text: string, option: string): number[] {
  const seeds = text.split(",").flatMap((part) => {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new UsageError(`invalid ${option}: ${text} (expected seeds such as 11-20 or 1,2,5)`);
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from) throw new UsageError(`invalid ${option}: ${part} (a range goes up, e.g. 11-20)`);
    return Array.from({length: to - from + 1}, (_, i) => from + i);
  });
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`invalid ${option}: ${text} (expected distinct seeds)`);
  return seeds;
}

type Finding = FindingOf;

/** Prints the reseeding check's result (stdout: one line per finding that changed, then a summary). */
function reseedReport(a: Finding[], b: Finding[], first: readonly number[], against: readonly number[]): number {
  const cmp = compareFindings(a, b);
  const range = seedRange;
  const f = (x: Finding) => `${x.verdict} ${x.effect.toFixed(2)} [${x.lower.toFixed(2)}, ${x.upper.toFixed(2)}] ${x.seeds_supporting}/${x.seeds_total}`;
  const lines = [`reseed-check: seeds ${range(first)} against ${range(against)}: ${cmp.matched.length} findings matched`];
  const counts = new Map<string, number>();
  for (const {a: x, b: y} of cmp.matched) counts.set(`${x.verdict} -> ${y.verdict}`, (counts.get(`${x.verdict} -> ${y.verdict}`) ?? 0) + 1);
  for (const [k, n] of [...counts].sort()) lines.push(`  ${k}: ${n}`);
  for (const {a: x, b: y} of cmp.matched.filter(({a: x, b: y}) => x.verdict !== y.verdict)) lines.push(`  changed ${x.finding_id}: ${f(x)} -> ${f(y)}: ${x.claim}`);
  for (const {a: x, b: y} of cmp.reversed) lines.push(`  REVERSED ${x.finding_id}: ${f(x)} -> ${f(y)}: ${x.claim}`);
  for (const x of cmp.onlyA) lines.push(`  MISSING in ${range(against)}: ${x.finding_id} ${x.claim}`);
  for (const x of cmp.onlyB) lines.push(`  MISSING in ${range(first)}: ${x.finding_id} ${x.claim}`);
  lines.push(cmp.ok ? "reseed-check: ok (ids match, no verdict reversed)" : `reseed-check: FAILED (${cmp.reversed.length} reversed, ${cmp.onlyA.length + cmp.onlyB.length} ids missing)`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return cmp.ok ? 0 : 1;
}

function fail(message: string): number {
  process.stderr.write(`goodhart: error: ${message.replace(/^goodhart: /, "")}\n`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
