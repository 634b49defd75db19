// Sharded sweeps: the assignment (whole groups, deterministic, every run once), and sharded runs
// merged equal the unsharded run byte for byte: shards as separate processes sharing one cache,
// through the cluster helper's commands, the Slurm script (with a stand-in sbatch) and the
// Kubernetes Indexed Job's command; merge refuses shards that do not make one sweep.
import assert from "node:assert/strict";
import {spawn, spawnSync} from "node:child_process";
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {test} from "node:test";
import {runTables} from "../../loaders/io/schema/index.ts";
import {assignShards, groupCost, parseShard, shardPlans} from "../../loaders/run/schedule/shard.ts";
import {expandRuns, groupRuns, loadSpec} from "../../loaders/run/spec/spec.ts";
import {clusterCommands, shardCommand} from "../../scripts/cluster/commands.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-shard-"));
const goodhart = [process.execPath, resolve("bin/goodhart.js")];
const tables = [...Object.keys(runTables), "findings"];
const read = (out: string) => Object.fromEntries(tables.map((t) => [t, readFileSync(join(out, `${t}.arrow`))]));
const cli = (...args: string[]) => spawnSync(goodhart[0], [...goodhart.slice(1), ...args], {encoding: "utf8"});

/** Runs commands as concurrent processes; resolves with their exit codes and stderr. */
function parallel(commands: readonly string[][], env: NodeJS.ProcessEnv = process.env): Promise<{code: number | null; stderr: string}[]> {
  return Promise.all(commands.map(([cmd, ...args]) => new Promise<{code: number | null; stderr: string}>((done) => {
    const child = spawn(cmd, args, {env, stdio: ["ignore", "ignore", "pipe"]});
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => done({code, stderr}));
  })));
}

function assertSameBytes(expected: Record<string, Buffer>, out: string) {
  const got = read(out);
  for (const t of tables) assert.ok(expected[t].equals(got[t]), `${t}.arrow differs from the unsharded run's`);
}

const unsharded = (spec: string, name: string) => {
  const out = join(dir, name);
  if (!existsSync(join(out, "findings.arrow"))) {
    const result = cli("run", spec, "--out", out, "--no-cache", "--no-timings", "--workers", "1", "--backend", "wasm");
    assert.equal(result.status, 0, result.stderr);
  }
  return read(out);
};

/** The tiny spec's shards, N of them, in <dir>/tiny-N/shard-i (run once, by the first test that needs them). */
async function tinyShards(count: number): Promise<{shared: string; merge: string[]}> {
  const shared = join(dir, `tiny-${count}`);
  const {shards, merge} = clusterCommands("tests/fixtures/tiny.json", count, {dir: shared, goodhart, runOptions: ["--workers", "1", "--backend", "wasm"]});
  if (!existsSync(join(shared, `shard-${count - 1}`, "shard.json"))) {
    const results = await parallel(shards);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
  }
  return {shared, merge};
}

test("parseShard reads i/N (0-based) and names the fix otherwise", () => {
  assert.deepEqual(parseShard("0/1"), {index: 0, count: 1});
  assert.deepEqual(parseShard("3/4"), {index: 3, count: 4});
  for (const bad of ["4/4", "1/0", "-1/2", "1", "a/b", "1/2/3"]) assert.throws(() => parseShard(bad), /invalid --shard: .* \(expected i\/N/);
});

test("shards are whole groups, every run in exactly one, in plan order, the same from the spec alone, balanced by cost", () => {
  for (const path of ["data/experiments/overoptimization.json", "tests/fixtures/tiny-text.json"]) {
    const plans = expandRuns(loadSpec(path));
    const groups = groupRuns(plans);
    const groupOf = new Map(groups.flatMap((g, k) => g.map((p) => [p.run_id, k] as const)));
    for (const count of [1, 2, 3, 5, groups.length + 2]) {
      const shards = Array.from({length: count}, (_, index) => shardPlans(plans, {index, count}));
      assert.deepEqual(shards, Array.from({length: count}, (_, index) => shardPlans(expandRuns(loadSpec(path)), {index, count})), "deterministic");
      const all = shards.flat().map((p) => p.run_id);
      assert.equal(all.length, plans.length);
      assert.equal(new Set(all).size, plans.length);
      for (const shard of shards) {
        const order = shard.map((p) => plans.indexOf(p));
        assert.deepEqual(order, [...order].sort((a, b) => a - b), "plan order");
      }
      const owner = new Map(shards.flatMap((s, i) => s.map((p) => [groupOf.get(p.run_id)!, i] as const)));
      for (const [k, g] of groups.entries()) assert.ok(g.every((p) => shards[owner.get(k)!].includes(p)), "a group is never split");
      // Greedy longest-first: no shard exceeds the lightest by more than the largest group.
      const shardOf = assignShards(groups, count);
      const load = Array.from({length: count}, (_, i) => groups.filter((_, k) => shardOf[k] === i).reduce((s, g) => s + groupCost(g), 0));
      assert.ok(Math.max(...load) - Math.min(...load) <= Math.max(...groups.map(groupCost)), `${path} N=${count}: loads ${load}`);
    }
  }
});

test("tiny spec: N = 2 and 3 shards (separate processes, one shared cache, the helper's commands) merged equal the unsharded run byte for byte", async () => {
  const expected = unsharded("tests/fixtures/tiny.json", "tiny-full");
  for (const count of [2, 3]) {
    const {shared, merge} = await tinyShards(count);
    assert.ok(!existsSync(join(shared, "shard-0", "findings.arrow")), "a shard writes no findings");
    const [m] = await parallel([merge]);
    assert.equal(m.code, 0, m.stderr);
    assertSameBytes(expected, join(shared, "merged"));
  }
});

test("merge refuses shards that do not make one sweep: exit 2, a clear message, nothing written", async () => {
  const {shared} = await tinyShards(2);
  await tinyShards(3);
  unsharded("tests/fixtures/tiny.json", "tiny-full");
  const other = join(dir, "other-seeds");
  assert.equal(cli("run", "tests/fixtures/tiny.json", "--shard", "1/2", "--seeds", "5,6", "--out", other, "--cache", join(dir, "other-cache"), "--no-timings", "--backend", "wasm", "--workers", "1").status, 0);
  const cases: [string[], RegExp][] = [
    [[join(shared, "shard-0")], /missing shard 1\/2/],
    [[join(shared, "shard-0"), join(shared, "shard-0")], /shard 0\/2 given twice/],
    [[join(shared, "shard-0"), other], /plans_sha256 \w+ differs/],
    [[join(shared, "shard-0"), join(dir, "tiny-3", "shard-1")], /one of 2 shards/],
    [[join(shared, "shard-0"), join(dir, "tiny-full")], /no shard\.json/],
    [[], /missing shards/]
  ];
  for (const [dirs, message] of cases) {
    const out = join(dir, "refused");
    const result = cli("merge", ...dirs, "--out", out);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
    assert.ok(!existsSync(out), "nothing written");
  }
  const into = cli("merge", join(shared, "shard-0"), join(shared, "shard-1"), "--out", join(shared, "shard-1"));
  assert.equal(into.status, 2);
  assert.match(into.stderr, /is one of the shard folders/);
  assert.equal(cli("validate", "tests/fixtures/tiny.json", "--shard", "0/2").status, 2);
  assert.match(cli("run", "tests/fixtures/tiny.json", "--shard", "2/2", "--out", join(dir, "x")).stderr, /invalid --shard: 2\/2/);
});

test("scripts/cluster/slurm.sh: the array job's tasks (run by a stand-in sbatch as N processes) and the dependent merge give the unsharded bytes", () => {
  const expected = unsharded("tests/fixtures/tiny.json", "tiny-full");
  const bin = join(dir, "bin");
  mkdirSync(bin, {recursive: true});
  // A stand-in sbatch: records the job, runs an array's tasks concurrently (SLURM_ARRAY_TASK_ID), then returns.
  writeFileSync(join(bin, "sbatch"), `#!/usr/bin/env bash
set -u
array="" wrap=""
for a in "$@"; do case $a in --array=*) array=\${a#--array=};; --wrap=*) wrap=\${a#--wrap=};; esac; done
printf '%s\\n' "$wrap" >> "$SBATCH_LOG"
if [ -n "$array" ]; then
  pids=()
  for i in $(seq "\${array%-*}" "\${array#*-}"); do SLURM_ARRAY_TASK_ID=$i bash -c "$wrap" & pids+=($!); done
  for p in "\${pids[@]}"; do wait "$p" || exit 1; done
  echo 1001
else
  bash -c "$wrap" || exit 1
  echo 1002
fi
`);
  chmodSync(join(bin, "sbatch"), 0o755);
  const shared = join(dir, "slurm");
  const log = join(dir, "sbatch.log");
  const command = goodhart.join(" ");
  const result = spawnSync("bash", ["scripts/cluster/slurm.sh", "tests/fixtures/tiny.json", "3", shared, "--workers", "1", "--backend", "wasm"], {
    encoding: "utf8", env: {...process.env, PATH: `${bin}:${process.env.PATH}`, SBATCH_LOG: log, GOODHART: command}
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /shards job 1001 \(0-2\), merge job 1002/);
  const [task, merge] = readFileSync(log, "utf8").trim().split("\n").map((l) => l.trim());
  const helper = clusterCommands("tests/fixtures/tiny.json", 3, {dir: shared, goodhart: [command], runOptions: ["--workers", "1", "--backend", "wasm"]});
  assert.equal(task, shardCommand("tests/fixtures/tiny.json", "$SLURM_ARRAY_TASK_ID", 3, {dir: shared, goodhart: [command], runOptions: ["--workers", "1", "--backend", "wasm"]}).join(" "));
  assert.equal(merge, helper.merge.join(" "));
  assertSameBytes(expected, join(shared, "merged"));
});

test("scripts/cluster/k8s-indexed-job.yaml: its command with JOB_COMPLETION_INDEX 0 and 1 as two processes, then the merge job's, give the unsharded bytes", async () => {
  const expected = unsharded("tests/fixtures/tiny.json", "tiny-full");
  const job = readFileSync("scripts/cluster/k8s-indexed-job.yaml", "utf8");
  const mergeJob = readFileSync("scripts/cluster/k8s-merge-job.yaml", "utf8");
  const args = (yaml: string) => /^\s+args:\n\s+- (.+)$/m.exec(yaml)![1];
  const completions = /completions: (\d+)/.exec(job)![1];
  assert.match(job, new RegExp(`name: SHARDS, value: "${completions}"`), "SHARDS equals completions");
  assert.match(mergeJob, new RegExp(`name: SHARDS, value: "${completions}"`), "the merge job's SHARDS too");
  assert.match(job, /completionMode: Indexed/);
  const shared = join(dir, "k8s");
  const env = {...process.env, SPEC: "tests/fixtures/tiny.json", SHARDS: "2", SHARED: shared, GOODHART: goodhart.join(" ")};
  const shardArgs = `${args(job)} --workers 1 --backend wasm`;
  const results = await parallel([0, 1].map((i) => ["sh", "-c", `JOB_COMPLETION_INDEX=${i} && export JOB_COMPLETION_INDEX && ${shardArgs}`]), env);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const [m] = await parallel([["sh", "-c", args(mergeJob)]], env);
  assert.equal(m.code, 0, m.stderr);
  assertSameBytes(expected, join(shared, "merged"));
});

test("text spec: 2 shards started together (each trains pi_ref, identical bytes, written atomically to the one stage cache) merged equal the unsharded run", async () => {
  const expected = unsharded("tests/fixtures/tiny-text.json", "text-full");
  const shared = join(dir, "text-2");
  const {shards, merge} = clusterCommands("tests/fixtures/tiny-text.json", 2, {dir: shared, goodhart, runOptions: ["--workers", "1", "--backend", "wasm"]});
  const results = await parallel(shards);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const [m] = await parallel([merge]);
  assert.equal(m.code, 0, m.stderr);
  assertSameBytes(expected, join(shared, "merged"));
});
