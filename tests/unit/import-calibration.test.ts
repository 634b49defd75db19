// The Import page's calibration loader (src/data/import-calibration.arrow.ts): the committed file as is,
// an empty table with the declared columns without one, an error naming the command for an old file.
import assert from "node:assert/strict";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {spawnSync} from "node:child_process";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {importCalibration} from "../../loaders/io/schema/index.ts";

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
