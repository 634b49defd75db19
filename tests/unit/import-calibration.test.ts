// The Import page's calibration loader (src/data/import-calibration.arrow.ts): the committed file as is,
// an empty table with the declared columns without one, an error naming the command for an old file; the bench's figures from it.
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {spawnSync} from "node:child_process";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {importCalibration} from "../../loaders/io/schema/index.ts";
import {importCalibrationFigures} from "../../bench/import-calibration-figures.ts";

const root = new URL("../..", import.meta.url).pathname;

test("the calibration loader: the committed file as is, an empty table without one, an error for an old file", () => {
  const dir = mkdtempSync(join(tmpdir(), "goodhart-calibration-"));
  const run = () => spawnSync(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "src", "data", "import-calibration.arrow.ts")], {cwd: dir, encoding: "buffer"});
  try {
    let r = run();
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(tableFromIPC(r.stdout).schema.fields.map((f) => f.name), importCalibration.columns.map((c) => c.name));
    assert.equal(tableFromIPC(r.stdout).numRows, 0);
    const committed = readFileSync(join(root, "data", "bench", "import-calibration.arrow"));
    mkdirSync(join(dir, "data", "bench"), {recursive: true});
    writeFileSync(join(dir, "data", "bench", "import-calibration.arrow"), committed);
    r = run();
    assert.equal(r.status, 0, r.stderr.toString());
    assert.deepEqual(new Uint8Array(r.stdout), new Uint8Array(committed));
    writeFileSync(join(dir, "data", "bench", "import-calibration.arrow"), encodeRows({name: "old", doc: "", columns: importCalibration.columns.slice(0, 2)}, [{section: "divergence", metric: "fall_test_rate"}]));
    r = run();
    assert.notEqual(r.status, 0);
    assert.match(r.stderr.toString(), /columns gold, noise, .* rerun node --import tsx bench\/import-calibration.ts/);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test("the bench's calibration section: a false-alarm figure per null and noise, a detection figure per fall and noise, from the committed file", () => {
  const path = join(root, "data", "bench", "import-calibration.arrow");
  const figures = importCalibrationFigures(path);
  const rows = tableFromIPC(readFileSync(path)).toArray().map((r) => r.toJSON());
  const pooled = (gold: string, noise: string, metric: string, fall: number | null = null) => rows.find((r) => r.section === "divergence" && r.steps === null && r.gold === gold && r.noise === noise && r.metric === metric && r.fall_sd === fall)!;
  assert.equal(figures.filter((f) => f.metric === "false_alarm_rate").length, 6);
  assert.equal(figures.filter((f) => f.metric === "detection_rate").length, 8);
  const flat = figures.find((f) => f.setting === "flat, ar1 noise")!;
  assert.ok(Math.abs(flat.value! - 100 * pooled("flat", "ar1", "fall_test_rate").value) < 1e-9);
  assert.match(flat.note, new RegExp(`seed ${pooled("flat", "ar1", "fall_test_rate").seed}\\), MC se .*; target <= 0.05: (met|missed)`));
  const three = figures.find((f) => f.setting === "peak falling 3 sd, white noise")!;
  assert.ok(Math.abs(three.value! - 100 * pooled("peak", "white", "divergence_rate", 3).value) < 1e-9);
  assert.match(three.note, /target >= 0.8: (met|missed)/);
  const absent = importCalibrationFigures(join(tmpdir(), "goodhart-no-such-calibration.arrow"));
  assert.equal(absent.length, 1);
  assert.match(absent[0].note, /is absent: run node --import tsx bench\/import-calibration.ts/);
});
