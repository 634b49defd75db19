// A sweep killed with SIGKILL at random moments of its computation leaves no corrupt or partial
// file; rerunning it computes only what is missing and ends with the bytes of an uninterrupted run.
// A corrupt cache entry is recomputed; SIGTERM stops cleanly with one line and status 143.
import assert from "node:assert/strict";
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {unseal} from "../../loaders/run/store/cache.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-kill-"));
const args = (out: string, cache: string, workers = "1") => ["bin/goodhart.js", "run", "tests/fixtures/tiny.json", "--seeds", "1-12", "--out", out, "--cache", cache, "--no-timings", "--workers", workers];
const tables = ["runs", "curves", "reward_models", "samples", "checkpoints", "checkpoint_prompts", "findings"];

/** Starts the CLI in its own process group; once it starts computing, waits `delay` ms and SIGKILLs the group. */
function killDuringComputation(argv: string[], delay: number): Promise<{stderr: string; killed: boolean}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, {detached: true, stdio: ["ignore", "ignore", "pipe"]});
    let stderr = "";
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      // "N runs (k cached, m to compute ...)": cache reads are done, computation starts.
      if (!timer && /to compute in/.test(stderr)) timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), delay);
    });
    child.on("exit", (_, signal) => {
      clearTimeout(timer);
      resolve({stderr, killed: signal === "SIGKILL"});
    });
  });
}

/** Every visible file is complete: cache entries pass their checksum, Arrow files decode. */
function assertNoPartialFile(out: string, cache: string, what: string): number {
  let entries = 0;
  if (existsSync(cache)) {
    for (const name of readdirSync(cache)) {
      if (name.startsWith(".") || name === "stages") continue;
      assert.ok(unseal(readFileSync(join(cache, name), "utf8")) !== undefined, `${what}: corrupt cache entry ${name}`);
      entries += 1;
    }
  }
  if (existsSync(out)) {
    for (const name of readdirSync(out).filter((n) => !n.startsWith("."))) {
      assert.match(name, /^\w+\.arrow$/, `${what}: unexpected file ${name}`);
      assert.doesNotThrow(() => tableFromIPC(readFileSync(join(out, name))), `${what}: partial ${name}`);
    }
  }
  return entries;
}

const hidden = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((n) => n.startsWith(".")) : []);

test("SIGKILL at random moments of a sweep, then a rerun: no partial file, only the missing runs computed, the bytes of an uninterrupted run", async () => {
  const ref = join(dir, "ref");
  const done = spawnSync(process.execPath, args(ref, join(dir, "ref-cache")), {encoding: "utf8"});
  assert.equal(done.status, 0, done.stderr);
  const expected = Object.fromEntries(tables.map((t) => [t, readFileSync(join(ref, `${t}.arrow`))]));

  // A seeded stream of kill delays (ms after computation starts), so a failure can be replayed.
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = join(dir, "out");
  const cache = join(dir, "cache");
  let killed = 0;
  for (let trial = 0; trial < 5; ++trial) {
    const delay = Math.round(20 + random() * 400);
    const {stderr, killed: wasKilled} = await killDuringComputation(args(out, cache, trial === 2 ? "2" : "1"), delay);
    killed += Number(wasKilled);
    const entries = assertNoPartialFile(out, cache, `trial ${trial} (killed ${delay} ms in)`);
    const m = /48 runs \((\d+) cached/.exec(stderr);
    assert.ok(m, stderr);
    assert.ok(entries >= Number(m[1]), `trial ${trial}: ${entries} entries after a start with ${m[1]} cached`);
  }
  assert.ok(killed >= 3, `${killed} of 5 trials were killed while computing`);

  // The rerun reuses every entry the kills left, and computes the rest.
  const before = assertNoPartialFile(out, cache, "before the rerun");
  const rerun = spawnSync(process.execPath, args(out, cache), {encoding: "utf8"});
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stderr, new RegExp(`48 runs \\(${before} cached, ${48 - before} to compute`));
  for (const t of tables) assert.ok(readFileSync(join(out, `${t}.arrow`)).equals(expected[t]), `${t}.arrow differs from the uninterrupted run`);
  assert.deepEqual([...hidden(out), ...hidden(cache)], [], "temporary files of killed runs are cleaned up");

  // A corrupt entry (one byte changed) fails its checksum and is recomputed, to the same bytes.
  const entry = readdirSync(cache).find((n) => n.endsWith(".json"))!;
  const text = readFileSync(join(cache, entry), "utf8");
  writeFileSync(join(cache, entry), text.slice(0, 100) + (text[100] === "1" ? "2" : "1") + text.slice(101));
  const again = spawnSync(process.execPath, args(out, cache), {encoding: "utf8"});
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /48 runs \(47 cached, 1 to compute/);
  for (const t of tables) assert.ok(readFileSync(join(out, `${t}.arrow`)).equals(expected[t]), `${t}.arrow after recomputing a corrupt entry`);
});

test("SIGTERM stops a sweep cleanly: workers end, one line says what finished, status 143, nothing written to --out", async () => {
  const out = join(dir, "term");
  const child = spawn(process.execPath, args(out, join(dir, "term-cache"), "2"), {stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  let workers: number[] = [];
  let started = false;
  const children = (pid: number) => spawnSync("pgrep", ["-P", String(pid)], {encoding: "utf8"}).stdout.split("\n").filter(Boolean).map(Number);
  const status = await new Promise<number | null>((resolve) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (!started && /to compute in/.test(stderr)) {
        started = true;
        setTimeout(() => {
          workers = children(child.pid!).flatMap(children); // bin/goodhart.js -> cli.ts -> its workers
          child.kill("SIGTERM");
        }, 300);
      }
    });
    child.on("exit", (code) => resolve(code));
  });
  assert.equal(status, 143, stderr);
  assert.match(stderr, /goodhart: interrupted \(SIGTERM\): \d+ of 48 runs computed before the stop .* rerun the same command/);
  assert.equal(stderr.match(/interrupted/g)?.length, 1);
  assert.ok(!existsSync(out));
  assert.ok(workers.length >= 1, "workers ran");
  await new Promise((resolve) => setTimeout(resolve, 500));
  // Running, not a zombie waiting for a reaper (where the container has none).
  const alive = (pid: number) => /^[^Z]/.test(spawnSync("ps", ["-o", "stat=", "-p", String(pid)], {encoding: "utf8"}).stdout.trim());
  assert.deepEqual(workers.filter(alive), [], "no worker is left running");
});
