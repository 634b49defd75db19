// goodhart import, the formats of verl, OpenRLHF, W&B exports, TensorBoard and Trackio: each fixture
// (tests/fixtures/logs/; the binary ones from binary-logs.ts) imports with the right steps, proxy,
// gold and KL; CRC corruption and truncation are reported, not crashed on; several runs out of one
// file; W&B bounds kept as bounds; the CLI imports a folder of event files through the same code.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {crc32c, maskedCrc32c} from "../../loaders/import/crc32c.ts";
import {ImportError, detectFormatOf, importLog, importLogs, logColumns, readLogColumns} from "../../loaders/import/index.ts";
import type {ImportedLog, Issue} from "../../loaders/import/index.ts";
import {runCli} from "../fixtures/cli-run.ts";
import {binaryFixtures, openrlhfEvents, tfRecord, verlEvents} from "../fixtures/logs/binary-logs.ts";

const logs = new URL("../fixtures/logs/", import.meta.url).pathname;
const bytes = (path: string) => new Uint8Array(readFileSync(join(logs, path)));
const brief = (issues: readonly Issue[], severity = "problem") => issues.filter((i) => i.severity === severity).map((i) => `${i.line} ${i.code}`);
const roles = (i: ImportedLog) => [i.mapping.step, i.mapping.proxy, i.mapping.gold, i.mapping.kl];
const points = (i: ImportedLog) => i.curves.map((c) => c.point);
const golds = (i: ImportedLog) => i.curves.filter((c) => c.gold_reward !== null).map((c) => [c.point, c.gold_reward]);
const tb = {openrlhf: "tensorboard/openrlhf/events.out.tfevents.1733490000.gpu-node-3.41873.0", verl: "tensorboard/verl/events.out.tfevents.1733500000.gpu-node-7.52011.0", corrupt: "tensorboard-corrupt/events.out.tfevents.1733490000.gpu-node-3.41873.0"};

test("CRC-32C and its TFRecord mask match the published check value", () => {
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283, "CRC-32C check value (RFC 3720)");
  const crc = 0xe3069283;
  assert.equal(maskedCrc32c(new TextEncoder().encode("123456789")), ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa, "32 zero bytes (RFC 3720 B.4)");
});

test("the binary fixtures are what binary-logs.ts writes (regenerate: node --import tsx tests/fixtures/logs/binary-logs.ts)", () => {
  for (const [path, make] of Object.entries(binaryFixtures)) assert.deepEqual(bytes(path), make(), path);
});

test("formats are told from bytes: Parquet magic, TFRecord header or tfevents name, else text", () => {
  assert.equal(detectFormatOf(bytes("trackio-project.parquet"), "x"), "parquet");
  assert.equal(detectFormatOf(openrlhfEvents(), "x.bin"), "tfevents", "a header whose length CRC checks out");
  assert.equal(detectFormatOf(new Uint8Array([1, 2, 3]), "events.out.tfevents.1.host"), "tfevents", "by name");
  assert.equal(detectFormatOf(bytes("openrlhf-wandb.csv"), "h.csv"), "csv");
  assert.equal(detectFormatOf(bytes("trl-grpo-trainer_state.json"), "s.json"), "trl");
  assert.equal(detectFormatOf(bytes("wandb-group.csv"), "export"), "csv", "quoted W&B names with ':' and ' - '");
  assert.equal(detectFormatOf(bytes("verl-console.log"), "out"), "text");
});

test("TensorBoard, PyTorch's SummaryWriter (OpenRLHF): simple_value scalars by step, eval/pass1 as gold, a histogram skipped", async () => {
  const run = await importLog(bytes(tb.openrlhf), {name: "events"});
  assert.equal(run.format, "tfevents");
  assert.deepEqual(roles(run), ["step", "train/reward", "eval/pass1", "train/kl"]);
  assert.equal(run.gold.source, "eval_metric");
  assert.deepEqual(points(run), Array.from({length: 20}, (_, i) => i + 1));
  assert.deepEqual(run.curves.slice(0, 3).map((c) => [c.proxy_reward, c.kl]), [[0.15, 0.0015], [0.2, 0.006], [0.25, 0.0135]], "float32 read as the decimal written");
  assert.deepEqual(golds(run), [[5, 0.4], [10, 0.46], [15, 0.47], [20, 0.42]]);
  assert.deepEqual(brief(run.issues), []);
  assert.match(run.issues.find((i) => i.code === "not_scalar")!.reason, /1 summary values that are not scalars skipped \(tags: train\/advantages\)/);
  assert.deepEqual(run.metrics.filter((m) => m.step === 1).map((m) => [m.name, m.value]), [["completion_length", 205]]);
});

test("TensorBoard, TF2 tensor scalars (verl): float and double tensors, the plugin named once, val-core at step 0 aligned to step 1", async () => {
  const run = await importLog(verlEvents(), {name: "verl-events"});
  assert.deepEqual(roles(run), ["step", "critic/score/mean", "val-core/openai/gsm8k/reward/mean@1", "actor/reward_kl_penalty"]);
  assert.equal(run.gold.source, "val_core");
  assert.deepEqual(points(run), Array.from({length: 12}, (_, i) => i + 1));
  assert.deepEqual(golds(run), [[1, 0.3], [4, 0.41], [8, 0.44], [12, 0.36]], "double tensors exact; step 0's validation on step 1");
  assert.equal(run.curves[0].proxy_reward, 0.16);
  assert.ok(run.issues.some((i) => i.code === "eval_aligned" && /\(0->1\)/.test(i.reason)));
  assert.ok(run.issues.some((i) => i.code === "not_scalar" && /config\/text_summary/.test(i.reason)), "a text summary is not a scalar");
});

test("TensorBoard corruption: a bad data CRC skips its record, a bad length CRC the rest; reported by record, never a crash", async () => {
  const run = await importLog(bytes(tb.corrupt), {name: "corrupt"});
  assert.deepEqual(brief(run.issues), ["8 bad_crc", "9 no_proxy", "60 bad_crc"]);
  assert.match(run.issues.find((i) => i.line === 8)!.reason, /record 8 at byte \d+: the data's CRC does not match \(a corrupted record\): skipped/);
  assert.match(run.issues.find((i) => i.line === 60)!.reason, /record 60 at byte \d+: the length's CRC does not match .*the remaining \d+ bytes are skipped/);
  assert.deepEqual(points(run), [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18], "record 8 held step 3's train/reward; the file is unreadable from step 18's KL on");
  await assert.rejects(importLog(bytes(tb.corrupt), {name: "corrupt", strict: true}), /corrupt:8: record 8 .*--strict/);
  const whole = openrlhfEvents();
  const cut = await importLog(whole.subarray(0, whole.length - 7), {name: "cut"});
  assert.deepEqual(brief(cut.issues).at(-1)?.split(" ")[1], "truncated");
  assert.match(cut.issues.find((i) => i.code === "truncated")!.reason, /the file ends inside its \d+ data bytes/);
  const notEvent = await importLog(new Uint8Array([...openrlhfEvents(), ...tfRecord(new Uint8Array([0xff, 0xff, 0xff]))]), {name: "junk"});
  assert.ok(notEvent.issues.some((i) => i.code === "malformed" && /not an Event protobuf/.test(i.reason)));
});

test("Trackio's Parquet export: one run per run_name, the trainer's step, eval rows (own log calls) merged", async () => {
  const runs = await importLogs(bytes("trackio-project.parquet"), {name: "trackio-project.parquet"});
  assert.deepEqual(runs.map((r) => [r.run, r.name, r.format]), [["dainty-meadow-1", "trackio-project.parquet [dainty-meadow-1]", "parquet"], ["autumn-willow-2", "trackio-project.parquet [autumn-willow-2]", "parquet"]]);
  for (const run of runs) {
    assert.deepEqual(roles(run), ["train/global_step", "train/reward", "eval/win_rate", "train/kl"]);
    assert.deepEqual(points(run), Array.from({length: 12}, (_, i) => i + 1));
    assert.equal(run.gold.source, "win_rate");
    assert.deepEqual(brief(run.issues), []);
  }
  assert.deepEqual(golds(runs[0]), [[4, 0.55], [8, 0.61], [12, 0.52]]);
  assert.deepEqual(golds(runs[1]), [[4, 0.56], [8, 0.62], [12, 0.53]]);
  assert.equal(runs[0].curves[0].proxy_reward, 0.25);
  assert.ok(runs[0].metrics.some((m) => m.key === "_step"), "Trackio's own counter is kept as a metric");
  assert.notEqual(runs[0].runs.run_id, runs[1].runs.run_id);
  await assert.rejects(importLog(bytes("trackio-project.parquet"), {name: "t.parquet"}), /t.parquet holds 2 runs \(dainty-meadow-1, autumn-willow-2\): pass run/);
  assert.equal((await importLog(bytes("trackio-project.parquet"), {name: "t.parquet", run: "autumn-willow-2"})).run, "autumn-willow-2");
  await assert.rejects(importLog(new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]), {name: "bad.parquet"}), (e: Error) => e instanceof ImportError && /bad.parquet: not a readable Parquet file/.test(e.message));
  await assert.rejects(importLog("PAR1", {name: "x.parquet"}), /must be read as bytes/);
  assert.deepEqual(await readLogColumns(bytes("trackio-project.parquet"), {name: "t.parquet"}), ["_step", "train/global_step", "train/reward", "train/kl", "eval/win_rate"]);
  assert.throws(() => logColumns("PAR1", {name: "t.parquet"}), /must be read as bytes/);
  assert.deepEqual(logColumns(readFileSync(join(logs, "wandb-group.csv"), "utf8"), {name: "g.csv"}), ["Step", "train/reward", "train/kl", "judge/helpfulness"], "a W&B export's metrics, without run prefixes and bounds");
});

test("a W&B export of several runs gives several runs; __MIN/__MAX are bounds, not metrics; a bucketed run is flagged downsampled", async () => {
  const runs = await importLogs(bytes("wandb-runs.csv"), {name: "wandb-runs.csv"});
  assert.deepEqual(runs.map((r) => r.run), ["ppo-seed1", "ppo-seed2"]);
  const [one, two] = runs;
  for (const run of runs) assert.deepEqual(roles(run), ["Step", "train/reward", "eval_win_rate", "train/kl"]);
  assert.deepEqual(points(one), [0, 10, 20, 30, 40, 50, 60, 70, 80]);
  assert.deepEqual(points(two), [0, 10, 20, 30, 40, 50, 60], "seed2 stopped at step 60: its empty cells are not rows");
  assert.deepEqual(one.curves.slice(0, 2).map((c) => [c.proxy_reward, c.kl, c.gold_reward]), [[0.1, 0, 0.5], [0.21, 0.01, 0.554]]);
  assert.ok(!one.metrics.some((m) => /__M(IN|AX)$/.test(String(m.key))), "no bound is a metric");
  assert.deepEqual(one.bounds.slice(0, 2).map((b) => [b.step, b.key, b.min, b.max]), [[0, "train/reward", 0.1, 0.1], [10, "train/reward", 0.18, 0.23]]);
  assert.equal(two.bounds.length, 7);
  assert.deepEqual([one.importedRun.downsampled, two.importedRun.downsampled], [true, false]);
  assert.match(String(one.importedRun.downsampled_reason), /8 points have train\/reward__MIN < __MAX \(the first at step 10\)/);
  assert.ok(one.issues.some((i) => i.code === "wandb_runs" && /2 runs \(ppo-seed1, ppo-seed2\)/.test(i.reason)));
  assert.deepEqual(brief(one.issues), []);
});

test("a grouped W&B export (Group: <g> - <metric>) imports with the judge as gold; its bounds are the group's range, not downsampling", async () => {
  const [run] = await importLogs(bytes("wandb-group.csv"), {name: "wandb-group.csv"});
  assert.equal(run.run, "rloo-sweep-a");
  assert.deepEqual(roles(run), ["Step", "train/reward", "judge/helpfulness", "train/kl"]);
  assert.equal(run.gold.source, "judge");
  assert.equal(run.curves.length, 12);
  assert.equal(run.bounds.length, 24, "train/reward and judge/helpfulness at 12 steps");
  assert.equal(run.importedRun.downsampled, false);
  assert.deepEqual(run.metrics, [], "every column plays a role or is a bound");
});

test("verl's console log and OpenRLHF's W&B history: their names, eval rows on their own step, and TRL's weight-0 reward function", async () => {
  const verl = await importLog(bytes("verl-console.log"), {name: "verl-console.log"});
  assert.equal(verl.format, "text");
  assert.deepEqual(roles(verl), ["step", "critic/score/mean", "val-core/openai/gsm8k/reward/mean@4", "actor/reward_kl_penalty"]);
  assert.deepEqual(points(verl), Array.from({length: 12}, (_, i) => i + 1));
  assert.deepEqual(golds(verl), [[1, 0.312], [4, 0.428], [8, 0.451], [12, 0.377]]);
  assert.deepEqual(brief(verl.issues), []);
  assert.equal(verl.curves[0].beta, 0.001, "actor/reward_kl_penalty_coeff is curves.beta");
  assert.ok(verl.metrics.some((m) => m.name === "completion_length" && m.key === "response_length/mean"));
  const openrlhf = await importLog(bytes("openrlhf-wandb.csv"), {name: "openrlhf-wandb.csv"});
  assert.deepEqual(roles(openrlhf), ["train/global_step", "train/reward", "eval/pass1", "train/kl"]);
  assert.deepEqual(points(openrlhf), Array.from({length: 16}, (_, i) => i + 1));
  assert.deepEqual(golds(openrlhf), [[4, 0.41], [8, 0.47], [12, 0.49], [16, 0.44]], "eval rows read eval/global_step");
  assert.deepEqual(brief(openrlhf.issues), []);
  const grpo = await importLog(bytes("trl-grpo-trainer_state.json"), {name: "trainer_state.json"});
  assert.deepEqual(roles(grpo), ["step", "reward", "rewards/helpfulness_rm/mean", "kl"]);
  assert.equal(grpo.gold.source, "zero_weight_reward");
  assert.match(grpo.gold.reason, /reward = 1\.00 x rewards\/format_reward\/mean \+ 0\.50 x rewards\/accuracy_reward\/mean \+ 0\.00 x rewards\/helpfulness_rm\/mean/);
  assert.deepEqual(points(grpo), [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  const tqdm = await importLog("Train step of episode 0:  10%|█  | 1/10 [00:05<00:45, 5.0s/it, policy_loss=0.1, reward=0.5, kl=0.01, response_length=120]\n", {name: "openrlhf.log"});
  assert.deepEqual(tqdm.curves.map((c) => [c.proxy_reward, c.kl]), [[0.5, 0.01]], "OpenRLHF's tqdm postfix");
});

test("goodhart import takes a folder (TensorBoard log dir) and binary files, through the same importer; imported_runs names gold and why", async () => {
  const out = mkdtempSync(join(tmpdir(), "goodhart-import-"));
  try {
    const {code, stderr} = await runCli(["import", join(logs, "tensorboard"), join(logs, "trackio-project.parquet"), join(logs, "wandb-runs.csv"), join(logs, "tensorboard-corrupt"), "--out", out]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /openrlhf\/events\.out\.tfevents\.1733490000\.gpu-node-3\.41873\.0 \(tfevents\): 20 rows read/);
    assert.match(stderr, /note: gold val-core\/openai\/gsm8k\/reward\/mean@1: "val-core\/openai\/gsm8k\/reward\/mean@1" is verl's core validation metric/);
    assert.match(stderr, /events\.out\.tfevents\.1733490000\.gpu-node-3\.41873\.0:8: problem: record 8 at byte \d+: the data's CRC does not match/);
    assert.match(stderr, /wrote runs\.arrow, curves\.arrow, imported_metrics\.arrow, imported_analysis\.arrow, imported_runs\.arrow, imported_bounds\.arrow, imported_samples\.arrow to .* \(7 runs\)/);
    const rows = tableFromIPC(readFileSync(join(out, "imported_runs.arrow"))).toArray().map((r) => r.toJSON());
    assert.deepEqual(rows.map((r) => [r.source, r.run, r.format, r.gold_source, r.downsampled]), [
      ["openrlhf/events.out.tfevents.1733490000.gpu-node-3.41873.0", null, "tfevents", "eval_metric", false],
      ["verl/events.out.tfevents.1733500000.gpu-node-7.52011.0", null, "tfevents", "val_core", false],
      ["trackio-project.parquet", "dainty-meadow-1", "parquet", "win_rate", false],
      ["trackio-project.parquet", "autumn-willow-2", "parquet", "win_rate", false],
      ["wandb-runs.csv", "ppo-seed1", "csv", "win_rate", true],
      ["wandb-runs.csv", "ppo-seed2", "csv", "win_rate", false],
      ["events.out.tfevents.1733490000.gpu-node-3.41873.0", null, "tfevents", "eval_metric", false]
    ]);
    assert.ok(rows.every((r) => typeof r.gold_reason === "string" && r.gold_reason.length > 20));
    const bounds = tableFromIPC(readFileSync(join(out, "imported_bounds.arrow"))).toArray();
    assert.equal(bounds.length, 9 + 7);
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});
