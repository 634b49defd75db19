/**
 * The goodhart command line. `goodhart run <spec.json> --out <dir>` runs an experiment spec and
 * writes its Arrow tables; `goodhart validate <spec.json>` checks a spec without running it;
 * `goodhart import <file>... --out <dir>` reads other tools' step logs as runs; `goodhart merge
 * <dir>... --out <dir>` joins the shards of a sweep run with --shard i/N.
 */
import {readFileSync, statSync} from "node:fs";
import {join, relative, resolve, sep} from "node:path";
import {pathToFileURL} from "node:url";
import {requestedBackend} from "./backend/names.ts";
import {reportCommand} from "./create/command.ts";
import {SpecError} from "./spec-validators.ts";
import {plural} from "./plural.ts";
import {UsageError, parseCommandLine, type Values} from "./cli/args.ts";
import {nextStep} from "./cli/next-step.ts";
import {fewSeedsWarning, parseSeeds} from "./cli/seeds.ts";
import {usage} from "./cli/usage.ts";
import {ENGINE_VERSION} from "./version.ts";
import {messageOf} from "./narrow.ts";
import {expandLogPaths} from "./io/log-paths.ts";

export {parseSeeds};

/**
 * The engine's modules. They pull in TensorFlow.js and Arrow, which take seconds to load, so they
 * load after the arguments are checked: --help, --version and a bad option answer at once.
 */
async function loadEngine() {
  const [experiment, files, spec, importSpec, importLogs, merge, shard, reseed, compare, backend] = await Promise.all([
    import("./run/experiment.ts"), import("./run/store/files.ts"), import("./run/spec/spec.ts"), import("./run/spec/import-spec.ts"), import("./import/index.ts"),
    import("./run/schedule/merge.ts"), import("./run/schedule/shard.ts"), import("./analysis/reseed-record.ts"), import("./analysis/findings-compare.ts"),
    import("./backend/backend.ts")
  ]);
  return {...experiment, ...files, ...spec, ...importSpec, ...importLogs, ...merge, ...shard, ...reseed, ...compare, ...backend};
}
type Engine = Awaited<ReturnType<typeof loadEngine>>;

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "create" || first === "build" || first === "preview") return reportCommand(first, rest);
  let values: Values, positionals: string[];
  try {
    ({values, positionals} = parseCommandLine(argv));
  } catch (error) {
    if (error instanceof UsageError) return usageFail(error.message);
    throw error;
  }
  if (values.help) return (process.stdout.write(`${usage}\n`), 0);
  if (values.version) return (process.stdout.write(`${ENGINE_VERSION}\n`), 0);
  const [command, specPath, ...extra] = positionals;
  if (!command) return usageFail("missing command (run, validate, reseed-check, import or merge)");
  if (command !== "run" && command !== "validate" && command !== "reseed-check" && command !== "import" && command !== "merge") return usageFail(`unknown command "${command}" (expected run, validate, reseed-check, import or merge)`);
  if (command !== "import" && command !== "merge") {
    if (extra.length) return usageFail(`unexpected arguments: ${extra.join(" ")}`);
    if (!specPath) return usageFail(`missing spec: goodhart ${command} <spec.json>, e.g. data/experiments/overoptimization.json`);
    if (values.shard !== undefined && command !== "run") return usageFail(`--shard is an option of goodhart run, not of ${command}`);
    if (values.record && command !== "reseed-check") return usageFail(`--record is an option of goodhart reseed-check, not of ${command}`);
  }
  let checked;
  try {
    checked = {workers: workers(values.workers), seeds: values.seeds === undefined ? undefined : parseSeeds(values.seeds, "--seeds")};
    if (command === "run" || command === "reseed-check") requestedBackend({flag: values.backend});
  } catch (error) {
    return usageFail(messageOf(error));
  }
  const engine = await loadEngine();
  if (command === "import") return importCommand(engine, positionals.slice(1), values);
  if (command === "merge") return mergeCommand(engine, positionals.slice(1), values.out);
  try {
    if (engine.isImportSpecFile(specPath)) return await importSpecCommand(engine, command, specPath, values);
    const spec = engine.loadSpec(specPath);
    const seeds = checked.seeds;
    const warning = fewSeedsWarning(seeds ?? spec.seeds, seeds ? "--seeds" : `the spec's seeds`);
    if (warning) process.stderr.write(`goodhart: ${warning}\n`);
    if (command === "validate") {
      const plans = engine.expandRuns(spec);
      process.stdout.write(`${specPath}: ok: ${spec.name}, ${plural(plans.length, "run")} in ${plural(engine.groupRuns(plans).length, "training group")}, ${plural(spec.seeds.length, "seed")} ${spec.seeds.join(", ")} over ${plural(engine.countWorlds(plans), "world")}, ${plural(spec.primaries.length, "primary claim")}${spec.primaries.length ? ` (${spec.primaries.map((p) => p.id).join(", ")}; Holm at a 5% family-wise error, sign test)` : " (every finding exploratory)"}
`);
      return 0;
    }
    const cacheDir = values["no-cache"] ? null : values.cache ?? "data/runs/.cache";
    if (command === "reseed-check") {
      const first = seeds ?? spec.seeds;
      const against = values.against === undefined ? Array.from(first, (_, i) => Math.max(...first) + 1 + i) : parseSeeds(values.against, "--against");
      const overlap = first.filter((s) => against.includes(s));
      if (overlap.length) return usageFail(`invalid --against: seeds ${overlap.join(", ")} are in both sets (expected disjoint seed sets)`);
      // The seed sets must not share a world: a text spec with a fixed world.seed has one for every seed.
      const worlds = (set: readonly number[]) => engine.countWorlds(engine.expandRuns({...spec, seeds: set}));
      const shared = worlds(first) + worlds(against) - worlds([...first, ...against]);
      process.stderr.write(`goodhart: reseed-check: seeds ${engine.seedRange(first)} over ${plural(worlds(first), "world")} against ${engine.seedRange(against)} over ${plural(worlds(against), "world")}${shared ? `; WARNING: the two sets share ${plural(shared, "world")} (a fixed world.seed: the check covers RL noise only, not other worlds; set world.seed and sft.seed to "per_seed" to draw a world per seed)` : " (fresh worlds)"}
`);
      const common = {backend: values.backend, workers: checked.workers, cacheDir};
      const a = await engine.runExperiment(specPath, {...common, seeds: first});
      const b = await engine.runExperiment(specPath, {...common, seeds: against});
      const code = reseedReport(engine, a.findings, b.findings, first, against);
      if (values.record) {
        const path = engine.reseedPath(a.spec.name);
        engine.writeReseedRecord(path, engine.reseedRecord(a.findings, b.findings, {experiment: a.spec.name, seeds: first, against, engineVersion: ENGINE_VERSION, spec: {path: relative(process.cwd(), resolve(specPath)).split(sep).join("/"), sha256: engine.fileSha256(specPath)!}}));
        process.stderr.write(`goodhart: reseed-check: recorded in ${path}\n`);
      }
      return code;
    }
    if (!values.out) return usageFail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, reward_models.arrow and samples.arrow");
    if (statSync(values.out, {throwIfNoEntry: false})?.isDirectory() === false) return usageFail(`invalid --out: ${values.out} is a file (expected a folder, new or existing)`);
    let shard;
    try {
      shard = values.shard === undefined ? undefined : engine.parseShard(values.shard);
    } catch (error) {
      return usageFail(messageOf(error));
    }
    const stop = new AbortController();
    for (const name of Object.keys(signals)) process.on(name, () => stop.abort(name)); // the first one counts (Ctrl-C reaches bin/goodhart.js too, which passes it on)
    const start = performance.now();
    const output = await engine.runExperiment(specPath, {
      signal: stop.signal,
      out: values.out,
      backend: values.backend,
      workers: checked.workers,
      seeds,
      cacheDir,
      timings: !values["no-timings"],
      shard
    });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`goodhart: wrote ${output.written.join(", ")} to ${values.out} (${plural(output.rows.runs.length, "run")}: ${output.computed} computed, ${output.cached} cached; backend ${output.backend}; ${seconds}s)\n`);
    if (process.env.GOODHART_REPORT_PEAK_RSS === "1") process.stderr.write(`goodhart: peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB (this process; bench/sweep-memory.ts)\n`);
    if (output.failed.length === 0) return (process.stderr.write(`goodhart: ${nextStep(specPath, values.out, {cacheDir})}\n`), 0);
    const failed = output.failed.map((r) => `  ${r.run_id} (sweep ${r.sweep}, seed ${r.seed}, ${r.optimizer}, ${r.objective}): ${r.error}`);
    process.stderr.write(`goodhart: ${output.failed.length} of ${plural(output.rows.runs.length, "run")} FAILED (runs.status "failed"; not in the findings):\n${failed.join("\n")}\n`);
    return 3;
  } catch (error) {
    if (error instanceof engine.Interrupted) return (process.stderr.write(`goodhart: ${error.message}\n`), (new Map<string, number>(Object.entries(signals)).get(error.reason) ?? 130));
    if (error instanceof UsageError) return usageFail(error.message);
    if (error instanceof SpecError || error instanceof engine.BackendError) return fail(error.message);
    throw error;
  } finally {
    engine.releaseBackends();
  }
}

type ImportValues = {out?: string; samples?: string[]; stop?: string[]; format?: string; map?: string; step?: string; proxy?: string; gold?: string; kl?: string; "kl-estimator"?: string; strict?: boolean; name?: string; group?: string};

/** `goodhart import`: reads each file (the only file access), imports it, reports on stderr, writes the tables atomically. */
async function importCommand(engine: Engine, files: readonly string[], values: ImportValues): Promise<number> {
  const {ImportError, importLogs, importedArrow, isLogName, logFormats, normalizeGrouping, normalizeMapping, reportLines, runLabel, summaryLines, writeTables} = engine;
  if (!files.length) return usageFail("missing log: goodhart import <file>... --out <dir>, e.g. trainer_state.json");
  if (!values.out) return usageFail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, imported_metrics.arrow, imported_analysis.arrow and the other imported_* tables");
  const given = values.format ?? "auto";
  const format = given === "auto" ? given : logFormats.find((f) => f === given);
  if (format === undefined) return usageFail(`invalid --format: ${given} (expected auto, ${logFormats.join(", ")})`);
  try {
    let mapping: ReturnType<typeof normalizeMapping> = {};
    if (values.map !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(values.map, "utf8"));
      } catch (error) {
        return fail(`invalid --map ${values.map}: ${messageOf(error)} (expected a JSON file such as {"proxy": "reward", "gold": "judge"})`);
      }
      mapping = normalizeMapping(json, `--map ${values.map}`);
    }
    const flags: Record<string, unknown> = {};
    for (const role of ["step", "proxy", "gold", "kl"] as const) if (values[role] !== undefined) flags[role] = values[role] === "none" && role !== "proxy" ? null : values[role];
    if (values["kl-estimator"] !== undefined) flags.kl_estimator = values["kl-estimator"];
    mapping = {...mapping, ...normalizeMapping(flags, "flag")};
    const logs = expandLogPaths(files, isLogName);
    const samples = [];
    for (const {path, name} of expandLogPaths(values.samples ?? [], isLogName)) {
      try {
        samples.push({name, input: new Uint8Array(readFileSync(path))});
      } catch (error) {
        return fail(`cannot read --samples ${path}: ${messageOf(error)}`);
      }
    }
    if (values.samples?.length && logs.length !== 1) return fail(`--samples goes with one log (the run the samples come from), not ${logs.length}`);
    const stop = values.stop ?? [];
    if (stop.length && !values.samples?.length) return usageFail("--stop goes with --samples (it cuts the completions of per-sample logs)");
    if (stop.includes("")) return usageFail('invalid --stop: "" (expected the text a completion ends at, e.g. --stop "</s>")');
    const imported = [];
    for (const {path, name} of logs) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(path));
      } catch (error) {
        return fail(`cannot read ${path}: ${messageOf(error)}`);
      }
      for (const one of await importLogs(bytes, {name, experiment: values.name ?? "imported", format, mapping, strict: values.strict ?? false, engineVersion: ENGINE_VERSION, samples, stop})) {
        for (const line of reportLines(one)) process.stderr.write(`${line}\n`);
        imported.push(one);
      }
    }
    if (!imported.length) return fail(`no logs in ${files.join(", ")} (expected ${["events.out.tfevents.*", ".json", ".jsonl", ".csv", ".log", ".txt", ".parquet"].join(", ")} files)`);
    let group: unknown = values.group ?? null;
    if (values.group?.endsWith(".json")) {
      try {
        group = JSON.parse(readFileSync(values.group, "utf8"));
      } catch (error) {
        return fail(`invalid --group ${values.group}: ${messageOf(error)} (expected a JSON file such as {"run-a": 0.05, "run-b": 0.1})`);
      }
    }
    const grouping = group === null ? null : normalizeGrouping(group, imported.map(runLabel));
    if (imported.length > 1 || grouping !== null) for (const line of summaryLines(imported, {group: grouping})) process.stderr.write(`${line}\n`);
    const tables = importedArrow(imported);
    writeTables(values.out, tables);
    process.stderr.write(`goodhart import: wrote ${Object.keys(tables).map((t) => `${t}.arrow`).join(", ")} to ${values.out} (${plural(imported.length, "run")})\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) return fail(error.message);
    throw error;
  }
}

/** validate or run on an import spec (kind "import", run/spec/import-spec.ts): check it, or import its folder of logs as goodhart import does. */
async function importSpecCommand(engine: Engine, command: string, specPath: string, values: {out?: string; shard?: string; seeds?: string}): Promise<number> {
  const {ImportError, importSpecLogs, importedArrow, loadImportSpec, logFiles, writeTables} = engine;
  const spec = loadImportSpec(specPath);
  if (command === "validate") return (process.stdout.write(`${specPath}: ok: ${spec.name}, import of ${plural(logFiles(spec).length, "log")} in ${spec.logs}\n`), 0);
  if (command !== "run") return fail(`${specPath} is an import spec (kind "import"): goodhart validate or run take it, not ${command}`);
  if (values.shard !== undefined || values.seeds !== undefined) return fail(`${specPath} is an import spec: --shard and --seeds do not apply`);
  if (!values.out) return usageFail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, imported_metrics.arrow and imported_analysis.arrow");
  try {
    const imported = await importSpecLogs(spec, {engineVersion: ENGINE_VERSION});
    const tables = importedArrow(imported);
    writeTables(values.out, tables);
    process.stderr.write(`goodhart: wrote ${Object.keys(tables).map((t) => `${t}.arrow`).join(", ")} to ${values.out} (${plural(imported.length, "run")} imported from ${spec.logs})\n`);
    return 0;
  } catch (error) {
    if (error instanceof ImportError) return fail(error.message);
    throw error;
  }
}

/** `goodhart merge`: joins shard folders (run/schedule/merge.ts); shards that do not make one sweep exit 2, nothing written. */
function mergeCommand(engine: Engine, dirs: readonly string[], out: string | undefined): number {
  const {MergeError, mergeShards} = engine;
  if (!out) return usageFail("missing --out <dir>: the folder that receives the merged run tables and findings.arrow");
  if (statSync(out, {throwIfNoEntry: false})?.isDirectory() === false) return usageFail(`invalid --out: ${out} is a file (expected a folder, new or existing)`);
  try {
    const merged = mergeShards(dirs, {out});
    const failed = merged.rows.runs.filter((r) => r.status === "failed");
    process.stderr.write(`goodhart merge: wrote ${Object.keys(merged.arrow).map((t) => `${t}.arrow`).join(", ")} to ${out} (${merged.manifest.spec}: ${plural(merged.rows.runs.length, "run")} from ${plural(dirs.length, "shard")}; backend ${merged.manifest.backend})\n`);
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

type Finding = import("./analysis/findings-compare.ts").Finding;

/** Prints the reseeding check's result (stdout: one line per finding that changed, then a summary). */
function reseedReport({compareFindings, seedRange}: Engine, a: Finding[], b: Finding[], first: readonly number[], against: readonly number[]): number {
  const cmp = compareFindings(a, b);
  const range = seedRange;
  const num = (v: number | null) => (v === null || Number.isNaN(v) ? "-" : v.toFixed(2));
  const f = (x: Finding) => `${x.role ?? "exploratory"} ${x.verdict} ${num(x.effect)} [${num(x.lower)}, ${num(x.upper)}] ${x.seeds_supporting}/${x.seeds_total}`;
  const lines = [`reseed-check: seeds ${range(first)} against ${range(against)}: ${plural(cmp.matched.length, "finding")} matched`];
  const counts = new Map<string, number>();
  for (const {a: x, b: y} of cmp.matched) counts.set(`${x.verdict} -> ${y.verdict}`, (counts.get(`${x.verdict} -> ${y.verdict}`) ?? 0) + 1);
  for (const [k, n] of [...counts].sort()) lines.push(`  ${k}: ${n}`);
  for (const {a: x, b: y} of cmp.matched.filter(({a: x, b: y}) => x.verdict !== y.verdict)) lines.push(`  changed ${x.finding_id}: ${f(x)} -> ${f(y)}: ${x.claim}`);
  for (const {a: x, b: y} of cmp.reversed) lines.push(`  REVERSED ${x.finding_id}: ${f(x)} -> ${f(y)}: ${x.claim}`);
  for (const x of cmp.onlyA) lines.push(`  MISSING in ${range(against)}: ${x.finding_id} ${x.claim}`);
  for (const x of cmp.onlyB) lines.push(`  MISSING in ${range(first)}: ${x.finding_id} ${x.claim}`);
  const primaries = cmp.reversed.filter(({a: x}) => x.role === "primary").length;
  lines.push(cmp.ok ? `reseed-check: ok (ids match, no primary claim reversed; ${cmp.reversed.length} exploratory reversed)` : `reseed-check: FAILED (${primaries} primary and ${cmp.reversed.length - primaries} exploratory reversed, ${cmp.onlyA.length + cmp.onlyB.length} ids missing)`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return cmp.ok ? 0 : 1;
}

function fail(message: string): number {
  process.stderr.write(`goodhart: error: ${message.replace(/^goodhart: /, "")}\n`);
  return 2;
}

/** A bad option or command: the one line, and where the options are described. */
function usageFail(message: string): number {
  return fail(`${message}; see goodhart --help`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
