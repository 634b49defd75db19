// The reseeding check's record (goodhart reseed-check --record): built from two seed sets' findings,
// written and read back, turned into the pages' reseed table; and the headlines that leave out a
// finding the record marks reversed.
import assert from "node:assert/strict";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, describe, test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {fileSha256, readReseedRecord, reseedRecord, reseedRows, seedRange, writeReseedRecord} from "../../loaders/analysis/reseed-record.ts";
import {encodeRows} from "../../loaders/io/arrow.ts";
import {reseed} from "../../loaders/io/schema/index.ts";
import {declarationNote, findingSentence, reseedFailureSentence, reseedNote, survivingHeadlines} from "../../src/components/findings.ts";

const dir = mkdtempSync(join(tmpdir(), "goodhart-reseed-"));
after(() => rmSync(dir, {recursive: true, force: true}));

const finding = (id: string, verdict: string, effect: number, lower: number, upper: number, supporting = 8) => ({
  finding_id: id, claim: `Claim ${id}.`, verdict, effect, lower, upper, interval_level: 0.9, seeds_supporting: supporting, seeds_total: 10,
  kind: "beats", sesoi: 0.1, headline: true, role: "primary"
});
const first = [finding("aaa", "holds", 1.66, 0.28, 3.04), finding("bbb", "holds", 0.5, 0.2, 0.8), finding("ccc", "negligible", 0, -0.05, 0.05, 5)];
const second = [finding("aaa", "not_separable", -0.09, -1.08, 0.9, 5), finding("bbb", "not_separable", 0.2, -0.1, 0.5, 6), finding("ccc", "negligible", 0.01, -0.04, 0.06, 5)];
const options = {experiment: "demo", seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], against: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20], engineVersion: "0.0.0", date: new Date(Date.UTC(2026, 10, 30))};

describe("reseed record", () => {
  test("marks the finding whose other seed set gives an estimate of the opposite sign, and only it", () => {
    const record = reseedRecord(first, second, options);
    assert.equal(record.ok, false);
    assert.equal(record.date, "2026-11-30");
    assert.deepEqual(record.findings.map((f) => [f.finding_id, f.reversed]), [["aaa", true], ["bbb", false], ["ccc", false]]);
    assert.deepEqual(record.findings[0].b, {verdict: "not_separable", effect: -0.09, lower: -1.08, upper: 0.9, interval_level: 0.9, seeds_supporting: 5, seeds_total: 10});
    assert.deepEqual(record.missing, []);
    const partial = reseedRecord(first, second.slice(0, 2), options);
    assert.equal(reseedRecord(first.map((f) => ({...f, role: "exploratory"})), second, options).ok, true, "an exploratory reversal is reported, never a failure");
    assert.deepEqual(partial.missing, [{finding_id: "ccc", claim: "Claim ccc.", in: "seeds"}]);
    assert.equal(reseedRecord(first.slice(1), second.slice(1), options).ok, true);
  });

  test("round-trips through the file; a missing file reads as null, a foreign one throws naming it", () => {
    const record = reseedRecord(first, second, options);
    const path = join(dir, "data/reseed/demo.json");
    writeReseedRecord(path, record);
    assert.deepEqual(readReseedRecord(path), record);
    assert.equal(readReseedRecord(join(dir, "none.json")), null);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({experiment: "demo", findings: []}));
    assert.throws(() => readReseedRecord(bad), /bad\.json: not a reseed record/);
  });

  test("the reseed table: one row per matched finding, both seed sets named; empty without a record", () => {
    const rows = reseedRows(reseedRecord(first, second, options), first);
    assert.equal(rows.length, 3);
    assert.deepEqual({...rows[0], checked: undefined}, {
      current: true, finding_id: "aaa", claim: "Claim aaa.", role: "primary", reversed: true, seeds: "1-10", verdict: "holds", effect: 1.66, lower: 0.28, upper: 3.04, interval_level: 0.9, seeds_supporting: 8, seeds_total: 10,
      other_seeds: "11-20", other_verdict: "not_separable", other_effect: -0.09, other_lower: -1.08, other_upper: 0.9, other_interval_level: 0.9, other_seeds_supporting: 5, other_seeds_total: 10,
      checked: undefined, engine_version: "0.0.0", spec_path: null, spec_sha256: null, spec_current: null
    });
    const table = tableFromIPC(encodeRows(reseed, rows));
    assert.equal(table.numRows, 3);
    assert.deepEqual(table.schema.fields.map((f) => f.name), reseed.columns.map((c) => c.name));
    assert.equal(tableFromIPC(encodeRows(reseed, reseedRows(null, first))).numRows, 0);
    assert.equal(seedRange([1, 2, 5]), "1,2,5");
    // A build whose own findings moved since the record: stale there, and only there.
    const moved = reseedRows(reseedRecord(first, second, options), [{...first[0], effect: first[0].effect + 0.01}, {...first[1], verdict: "negligible"}]);
    assert.deepEqual(moved.map((r) => r.current), [false, false, false]);
    const one = reseedRows(reseedRecord(first, second, options), [first[0]]);
    assert.deepEqual(one.map((r) => r.current), [true, false, false], "a finding this build no longer states is stale");
  });

  test("the spec the claims were declared in: its path and hash, and whether the file still has them", () => {
    const specPath = join(dir, "spec.json");
    writeFileSync(specPath, '{"name": "demo"}\n');
    const sha256 = fileSha256(specPath)!;
    // sha256 of the 17 bytes {"name": "demo"}\n, computed by hand with sha256sum
    assert.equal(sha256, "a1036d2d6aec4148d4b1dd7681e829a51febd6085d899e13b020ac55fe47902d");
    const record = reseedRecord(first, second, {...options, spec: {path: specPath, sha256}});
    const path = join(dir, "data/reseed/spec.json");
    writeReseedRecord(path, record);
    assert.deepEqual(readReseedRecord(path)?.spec, {path: specPath, sha256});
    assert.deepEqual(reseedRows(record, first).map((r) => [r.spec_path, r.spec_sha256, r.spec_current]), [[specPath, sha256, true], [specPath, sha256, true], [specPath, sha256, true]]);
    writeFileSync(specPath, '{"name": "demo", "seeds": 20}\n');
    assert.equal(reseedRows(record, first)[0].spec_current, false, "an edited spec makes the record's declaration stale");
    assert.match(declarationNote(reseedRows(record, first))!, new RegExp(`^Primary claims declared in .*spec\\.json \\(sha256 ${sha256.slice(0, 12)}, as tested by the reseeding check of 2026-11-30\\); the spec has changed since`));
    assert.equal(declarationNote(reseedRows(reseedRecord(first, second, options), first)), null, "a record without its spec says nothing");
    assert.equal(declarationNote([]), null);
    writeFileSync(join(dir, "odd.json"), JSON.stringify({...record, spec: {path: 3}}));
    assert.throws(() => readReseedRecord(join(dir, "odd.json")), /not a reseed record/);
  });
});

describe("headlines and reseeding", () => {
  const rows = reseedRows(reseedRecord(first, second, options), first);

  test("a headline the record marks reversed is left out; the others stay, in order", () => {
    assert.deepEqual(survivingHeadlines(first, rows).map((f) => f.finding_id), ["bbb", "ccc"]);
    assert.deepEqual(survivingHeadlines(first).map((f) => f.finding_id), ["aaa", "bbb", "ccc"], "no record: every headline");
    assert.deepEqual(survivingHeadlines([{...first[1], headline: false}], rows), [], "not a headline to start with");
  });

  test("the sentences say what the other seeds gave, for a reversed finding only", () => {
    assert.equal(reseedNote(rows[0]), "Did not survive reseeding: seeds 11-20 gave not separable from seed noise median −0.09 (90% sign-test interval −1.08 to 0.90), 5 of 10 seeds in its favour.");
    assert.equal(reseedNote(rows[1]), "");
    assert.equal(reseedNote(undefined), "");
    assert.match(findingSentence(first[0], {reseed: rows[0]}), /in its favour\. Did not survive reseeding: seeds 11-20 gave/);
    assert.equal(findingSentence(first[1], {reseed: rows[1]}), findingSentence(first[1]));
    assert.equal(reseedFailureSentence(rows[0]), "Claim aaa. Seeds 1-10: holds median +1.66 (90% sign-test interval 0.28 to 3.04), 8 of 10 seeds in its favour; seeds 11-20: not separable from seed noise median −0.09 (90% sign-test interval −1.08 to 0.90), 5 of 10 seeds in its favour.");
  });
});
