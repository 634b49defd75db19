// npm run results: the Results of the default experiments' findings as Markdown, on stdout (or
// between <!-- results:start --> and <!-- results:end --> in README.md, if it has them)
// (run through the run cache, so after a build this takes seconds). Every sentence there is a
// findings row rendered by the same function the pages use.
import {readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {findingSentence, reseedFailureSentence, survivingHeadlines} from "../src/components/findings.ts";
import type {FindingRow} from "../src/components/rows.ts";
import {readReseedRecord, reseedPath, reseedRows, seedRange} from "../loaders/analysis/reseed-record.ts";
import {releaseBackends} from "../loaders/backend/backend.ts";
import {runExperiment} from "../loaders/run/experiment.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const specs = ["data/experiments/overoptimization.json", "data/experiments/robust-rl.json", "data/experiments/white-box.json"];
const [start, end] = ["<!-- results:start -->", "<!-- results:end -->"];

const lines: string[] = [];
const failed: string[] = [];
const checks: string[] = [];
for (const spec of specs) {
  const {spec: s, findings, backend} = await runExperiment(join(root, spec), {cacheDir: join(root, "data/runs/.cache"), timings: false});
  const rows = findings as (FindingRow & {finding_id: string; headline: boolean})[];
  // The last recorded reseeding check (goodhart reseed-check --record): a reversed finding is no headline.
  const record = readReseedRecord(join(root, reseedPath(s.name)));
  const reseed = reseedRows(record, rows);
  if (!record) checks.push(`- ${s.name}: no record (\`goodhart reseed-check ${spec} --record\`)`);
  else {
    const reversed = record.findings.filter((f) => f.reversed).length;
    const same = record.findings.filter((f) => f.a.verdict === f.b.verdict).length;
    checks.push(`- ${s.name} (${record.date}, seeds ${seedRange(record.seeds)} against ${seedRange(record.against)}): **${record.ok ? "passes" : "fails"}**, ${record.findings.length} findings on both seed sets${record.missing.length ? `, ${record.missing.length} on one only` : ""}, ${same} with the same verdict, ${reversed} reversed.`);
  }
  const count = (v: string) => rows.filter((f) => f.verdict === v).length;
  lines.push(`**${s.name}** (${s.seeds.length} seeds, \`${spec}\`, backend ${backend}): ${rows.length} findings, ${count("holds")} hold, ${count("negligible")} negligible, ${count("not_separable")} not separable from seed noise, ${count("reversed")} reversed. The headline ones:`, "");
  for (const f of survivingHeadlines(rows, reseed)) lines.push(`- ${findingSentence(f)}`);
  lines.push("");
  for (const r of reseed.filter((r) => r.reversed)) failed.push(`- ${s.name}: ${reseedFailureSentence(r)}`);
  const stale = reseed.filter((r) => !r.current).length;
  if (stale > 0) failed.push(`- ${s.name}: the record is stale for ${stale} of ${reseed.length} findings (this build's verdict or effect on the same seeds differs): rerun \`goodhart reseed-check ${spec} --record\`.`);
}
lines.push("**Reseeding check** (`goodhart reseed-check <spec> --record`, recorded in `data/reseed/`; the rule below):", "", ...checks, "");
lines.push("**Did not survive reseeding** (`goodhart reseed-check --record`, recorded in `data/reseed/`): these findings reversed on as many fresh seeds, so no headline states them:", "");
lines.push(...(failed.length ? failed : ["- none"]), "");
releaseBackends();
// The README no longer carries Results (the report's home page shows them): without its markers,
// the Markdown goes to stdout (release notes, a CHANGELOG entry); with them, between them.
const readme = readFileSync(join(root, "README.md"), "utf8");
const [i, j] = [readme.indexOf(start), readme.indexOf(end)];
if (i < 0 || j < i) {
  process.stdout.write(`${lines.join("\n")}\n`);
} else {
  writeFileSync(join(root, "README.md"), `${readme.slice(0, i + start.length)}\n${lines.join("\n")}${readme.slice(j)}`);
  process.stderr.write(`README.md: Results rewritten from ${specs.length} experiments' findings\n`);
}
