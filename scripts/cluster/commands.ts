/**
 * The commands of a sharded sweep on a shared folder, from the shard count: one `goodhart run
 * --shard i/N` per shard (each its own process, machine or pod), then one `goodhart merge`.
 * slurm.sh and k8s-indexed-job.yaml issue these commands with the index from the scheduler
 * (tests/unit/shard.test.ts checks that they agree, and runs them as N local processes).
 *
 *   node --import tsx scripts/cluster/commands.ts <spec.json> <N> [<shared folder>]
 * prints them, one a line, for any other scheduler.
 */
import {pathToFileURL} from "node:url";

export interface ClusterOptions {
  /** the shared folder: shard-<i>/ per shard, cache/ (runs and pi_ref, shared), merged/ (default "shared") */
  dir?: string;
  /** the command that starts goodhart (default ["npx", "goodhart"]) */
  goodhart?: readonly string[];
  /** more options for every shard's run, e.g. ["--backend", "tensorflow"] (default none; --no-timings is always set) */
  runOptions?: readonly string[];
}

/** The run command of shard `index` of `count`; `index` may be a shell variable such as "$SLURM_ARRAY_TASK_ID". */
export function shardCommand(spec: string, index: number | string, count: number, {dir = "shared", goodhart = ["npx", "goodhart"], runOptions = []}: ClusterOptions = {}): string[] {
  return [...goodhart, "run", spec, "--shard", `${index}/${count}`, "--out", `${dir}/shard-${index}`, "--cache", `${dir}/cache`, "--no-timings", ...runOptions];
}

/** The merge command, once every shard has finished: writes <dir>/merged. */
export function mergeCommand(count: number, {dir = "shared", goodhart = ["npx", "goodhart"]}: ClusterOptions = {}): string[] {
  return [...goodhart, "merge", ...Array.from({length: count}, (_, i) => `${dir}/shard-${i}`), "--out", `${dir}/merged`];
}

/** Every shard's command, in index order, and the merge. */
export function clusterCommands(spec: string, count: number, options: ClusterOptions = {}): {shards: string[][]; merge: string[]} {
  return {shards: Array.from({length: count}, (_, i) => shardCommand(spec, i, count, options)), merge: mergeCommand(count, options)};
}

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [spec, n, dir] = process.argv.slice(2);
  const count = Number(n);
  if (!spec || !Number.isInteger(count) || count < 1) {
    process.stderr.write("usage: node --import tsx scripts/cluster/commands.ts <spec.json> <N> [<shared folder>]\n");
    process.exit(2);
  }
  const {shards, merge} = clusterCommands(spec, count, {dir});
  process.stdout.write(`${[...shards, merge].map((c) => c.map(quote).join(" ")).join("\n")}\n`);
}
