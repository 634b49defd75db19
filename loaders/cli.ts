/**
 * The goodhart command line. `goodhart run <spec.json> --out <dir>` runs an experiment spec and
 * writes its Arrow tables; `goodhart validate <spec.json>` checks a spec without running it.
 */
import {availableParallelism} from "node:os";
import {parseArgs} from "node:util";
import {pathToFileURL} from "node:url";
import {BackendError, releaseBackends} from "./backend/backend.ts";
import {SpecError} from "./fields.ts";
import {runExperiment} from "./run/experiment.ts";
import {expandRuns, groupRuns, loadSpec} from "./run/spec.ts";
import {ENGINE_VERSION} from "./version.ts";

const usage = `goodhart ${ENGINE_VERSION}: proxy vs gold reward under optimisation (Goodhart's law in RLHF)

Usage:
  goodhart run <spec.json> --out <dir> [options]   run an experiment spec, write Arrow tables
  goodhart validate <spec.json>                     check a spec and count its runs
  goodhart --help | --version

Options for run:
  --out <dir>          where runs.arrow, curves.arrow, reward_models.arrow, samples.arrow go (required)
  --backend <name>     auto | tensorflow-gpu | tensorflow | webgpu | wasm | cpu (default: $GOODHART_BACKEND or auto)
  --workers <n>        parallel worker processes (default: ${availableParallelism()}, one per core)
  --cache <dir>        run cache (default: data/runs/.cache); --no-cache recomputes everything
  --no-timings         write runs.duration_s as null, so outputs are byte-identical across reruns

Specs live in data/experiments/ (the default: data/experiments/overoptimization.json).
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
        cache: {type: "string"},
        "no-cache": {type: "boolean"},
        "no-timings": {type: "boolean"},
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
  if (extra.length) return fail(`unexpected arguments: ${extra.join(" ")}`);
  if (command !== "run" && command !== "validate") return fail(`unknown command "${command}" (expected run or validate; see goodhart --help)`);
  if (!specPath) return fail(`missing spec: goodhart ${command} <spec.json>, e.g. data/experiments/overoptimization.json`);
  try {
    if (command === "validate") {
      const spec = loadSpec(specPath);
      const plans = expandRuns(spec);
      process.stdout.write(`${specPath}: ok: ${spec.name}, ${plans.length} runs in ${groupRuns(plans).length} training groups, seeds ${spec.seeds.join(", ")}\n`);
      return 0;
    }
    if (!values.out) return fail("missing --out <dir>: the folder that receives runs.arrow, curves.arrow, reward_models.arrow and samples.arrow");
    let workers: number | undefined;
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1) return fail(`invalid --workers: ${values.workers} (expected an integer >= 1)`);
    }
    const start = performance.now();
    const output = await runExperiment(specPath, {
      out: values.out,
      backend: values.backend,
      workers,
      cacheDir: values["no-cache"] ? null : values.cache ?? "data/runs/.cache",
      timings: !values["no-timings"]
    });
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    process.stderr.write(`goodhart: wrote ${Object.keys(output.arrow).map((t) => `${t}.arrow`).join(", ")} to ${values.out} (${output.rows.runs.length} runs: ${output.computed} computed, ${output.cached} cached; backend ${output.backend}; ${seconds}s)\n`);
    return 0;
  } catch (error) {
    if (error instanceof SpecError || error instanceof BackendError) return fail(error.message);
    throw error;
  } finally {
    releaseBackends();
  }
}

function fail(message: string): number {
  process.stderr.write(`goodhart: error: ${message.replace(/^goodhart: /, "")}\n`);
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
