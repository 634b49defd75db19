// Import specs (loaders/run/spec/import-spec.ts): a folder of logs named in a spec, imported by the
// default build (src/data/imported.zip.ts) and by goodhart run; errors name the field, the value and the fix.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {SpecError} from "../../loaders/spec-validators.ts";
import {importSpecLogs, loadImportSpec, logFiles, normalizeImportSpec} from "../../loaders/run/spec/import-spec.ts";
import {normalizeSpec} from "../../loaders/run/spec/spec.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-import-spec-"));
const goodhart = (...args: string[]) => spawnSync(process.execPath, ["bin/goodhart.js", ...args], {encoding: "utf8"});
const base = {kind: "import", name: "imported", logs: "data/logs/"};
const specFile = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};

test("the default import spec names the shipped logs and imports each as a labelled run with gold and KL", async () => {
  const spec = loadImportSpec("data/experiments/imported.json");
  assert.deepEqual(logFiles(spec), readdirSync("data/logs").sort());
  const imported = await importSpecLogs(spec, {log: () => {}});
  assert.equal(imported.length, 3);
  for (const one of imported) {
    assert.equal(one.runs.world, "imported");
    assert.equal(one.runs.experiment, "imported");
    assert.ok(one.mapping.gold !== null && one.mapping.kl !== null, `${one.name}: ${JSON.stringify(one.mapping)}`);
    assert.ok(one.analysis.divergence_step !== null, `${one.name}: gold turns down while the proxy rises`);
    assert.deepEqual(one.issues.filter((i) => i.severity === "problem"), [], one.name);
  }
  assert.deepEqual(imported.map((i) => i.runs.optimizer), ["custom-ppo", "trl-rloo", "trl"]);
});

test("invalid import specs: the field, the value and the fix", () => {
  const error = (json: unknown) => {
    try {
      normalizeImportSpec(json);
    } catch (e) {
      assert.ok(e instanceof SpecError, String(e));
      return e.message;
    }
    assert.fail(`accepted ${JSON.stringify(json)}`);
  };
  assert.match(error({...base, maping: {}}), /^unknown field maping \(did you mean mapping\?\)/);
  assert.match(error({...base, name: "Has Space"}), /^invalid name: "Has Space" \(expected 1 to 64 lowercase/);
  assert.match(error({...base, logs: ""}), /^invalid logs: "" \(expected a non-empty string\)/);
  assert.match(error({...base, mapping: {gold: 3}}), /^invalid mapping\.gold: 3 \(expected a column name or null for none\)/);
  assert.match(error({...base, mapping: {kl_estimator: "k4"}}), /^invalid mapping\.kl_estimator: "k4" \(expected k1, k2, k3, exact\)/);
  assert.match(error({...base, files: {"a.json": {golf: "x"}}}), /^invalid files\.a\.json\.golf: unknown field/);
  assert.match(error({...base, files: []}), /^invalid files: \[\] \(expected an object of file name -> mapping/);
  assert.match(error({...base, strict: "yes"}), /^invalid strict: "yes" \(expected true or false\)/);
  assert.match(error({...base, samples: ["x"]}), /^invalid samples: \["x"\] \(expected an object such as \{"run\.json": "data\/logs\/samples\/"\}/);
  assert.match(error({...base, samples: {"a.csv": []}}), /^invalid samples\.a\.csv: \[\] \(expected a path, relative to the project root, of a per-sample log/);
  assert.match(error({...base, samples: {"a.csv": "s/"}, stop: "</s>"}), /^invalid stop: "<\/s>" \(expected a list of stop strings/);
  assert.match(error({...base, samples: {"a.csv": "s/"}, stop: ["</s>", ""]}), /^invalid stop\[1\]: "" \(expected the text a completion ends at/);
  assert.match(error({...base, stop: ["</s>"]}), /^invalid stop: \["<\/s>"\] \(expected stop strings with samples/);
  assert.throws(() => logFiles(normalizeImportSpec({...base, logs: join(dir, "absent")})), /^SpecError: invalid logs: .*absent" \(expected a folder of logs/);
  assert.throws(() => logFiles(normalizeImportSpec({...base, files: {"custom_ppo.json": {}}})), /invalid files\.custom_ppo\.json: no such log in data\/logs\/ \(did you mean custom-ppo\.json\?\)/);
  assert.throws(() => logFiles(normalizeImportSpec({...base, samples: {"rloo_wandb.csv": "data/logs/"}})), /invalid samples\.rloo_wandb\.csv: no such log in data\/logs\/ \(did you mean rloo-wandb\.csv\?\)/);
  assert.throws(() => logFiles(normalizeImportSpec({...base, samples: {"rloo-wandb.csv": join(dir, "no-samples")}})), /invalid samples\.rloo-wandb\.csv: ".*no-samples" \(expected a per-sample log or a folder of them that exists/);
  assert.throws(() => normalizeSpec(base), /invalid kind: "import" \(expected an experiment kind here: an import spec .* is read by loadImportSpec/);
});

test("goodhart validate and run take an import spec; a bad one exits 2 naming the file and field", () => {
  const ok = goodhart("validate", "data/experiments/imported.json");
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /ok: imported, import of 3 logs in data\/logs\//);
  const out = join(dir, "out");
  const run = goodhart("run", "data/experiments/imported.json", "--out", out);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(readdirSync(out).sort(), ["curves.arrow", "imported_analysis.arrow", "imported_bounds.arrow", "imported_metrics.arrow", "imported_runs.arrow", "imported_samples.arrow", "runs.arrow"]);
  assert.equal(tableFromIPC(readFileSync(join(out, "runs.arrow"))).numRows, 3);
  const bad = specFile("bad.json", {...base, files: {"rloo-wandb.csv": {gold: "judge_scor"}}});
  const badRun = goodhart("run", bad, "--out", join(dir, "bad-out"));
  assert.equal(badRun.status, 2);
  assert.match(badRun.stderr, /judge_scor/);
  const typo = goodhart("validate", specFile("typo.json", {...base, logz: "x"}));
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /typo\.json: unknown field logz \(did you mean logs\?\)/);
  assert.equal(goodhart("reseed-check", "data/experiments/imported.json").status, 2);
});

test("an import spec's per-sample logs: imported_samples beside the run, cut at the spec's stop strings, as goodhart import --samples --stop", async () => {
  const logs = "tests/fixtures/logs";
  const folder = mkdtempSync(join(dir, "logs-"));
  writeFileSync(join(folder, "openrlhf-wandb.csv"), readFileSync(join(logs, "openrlhf-wandb.csv")));
  writeFileSync(join(folder, "trl-grpo-trainer_state.json"), readFileSync(join(logs, "trl-grpo-trainer_state.json")));
  const spec = normalizeImportSpec({...base, logs: folder, samples: {"openrlhf-wandb.csv": join(logs, "openrlhf-samples"), "trl-grpo-trainer_state.json": [join(logs, "trl-completions-stop.jsonl")]}, stop: ["\n\nUser:", "</s>"]});
  const lines: string[] = [];
  const [openrlhf, trl] = await importSpecLogs(spec, {log: (line) => lines.push(line)});
  assert.deepEqual(openrlhf!.samples.map((r) => [r.step, r.source, r.samples, r.cut]), [[4, "eval_samples_step_4.jsonl", 3, 0], [8, "eval_samples_step_8.jsonl", 3, 0], [12, "eval_samples_step_12.jsonl", 3, 0]]);
  assert.deepEqual(trl!.samples.map((r) => r.source), ["trl-completions-stop.jsonl", "trl-completions-stop.jsonl"]);
  assert.equal(trl!.samples.reduce((n, r) => n + Number(r.cut), 0), 3, "3 completions cut at a stop string");
  assert.ok(lines.some((l) => /trl-completions-stop\.jsonl: 4 samples at 2 steps \(5-10\) as imported_samples .*3 cut at a stop string/.test(l)), lines.join("\n"));
  const plain = await importSpecLogs(normalizeImportSpec({...base, logs: folder}), {log: () => {}});
  assert.deepEqual(plain.map((i) => i.samples.length), [0, 0], "no samples named: none read");
});
