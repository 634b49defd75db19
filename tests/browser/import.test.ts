// Page-specific checks of the "Import a log" page (site.test.ts checks every page generically, with
// its demo log): a log set on the file input is analysed in the page, its report names the file and
// its charts draw, with no request off 127.0.0.1. Site folder as site.test.ts.
import assert from "node:assert/strict";
import {join} from "node:path";
import {test} from "node:test";
import {pageFixture, root, timeout} from "./page-fixture.ts";

const fixture = pageFixture("import");
const logs = join(root, "tests", "fixtures", "logs");

test("import: a log set on the file input is analysed in the page, nothing leaves it", {skip: fixture.skip}, async () => {
  const context = await fixture.newContext();
  const offsite: string[] = [];
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    const isLocal = (href: string) => {
      const {protocol, hostname} = new URL(href);
      return !/^(https?|wss?|ftp):$/.test(protocol) || hostname === "127.0.0.1";
    };
    await context.route((url) => !isLocal(url.href), (route) => (offsite.push(route.request().url()), route.abort("blockedbyclient")));
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.goto(fixture.url, {waitUntil: "load", timeout});
    const report = () => page.$eval(".import-report", (el) => el.textContent ?? "");
    // The demo first.
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("overopt.json"), undefined, {timeout});
    // Its analysis: the divergence test with its p-value and interval, the best checkpoint and the cost
    // of picking by proxy, both Gao fits with a peak interval, and the forecast against what happened.
    await page.waitForFunction(() => (document.querySelector(".import-analysis")?.textContent ?? "").includes("forecast"), undefined, {timeout});
    const analysis = await page.$eval(".import-analysis", (el) => el.textContent ?? "");
    assert.match(analysis, /divergence test\s*p = 0\.\d{3}/);
    assert.match(analysis, /gold's fall after its smoothed peak.*95% interval \[/);
    assert.match(analysis, /best checkpoint by gold\s*50/);
    assert.match(analysis, /cost of picking by proxy\s*−0\.\d{3}/);
    assert.match(analysis, /Gao RL peak d.*block-bootstrap interval \[/);
    assert.match(analysis, /best-of-n form peak d/);
    // The Gao fit of gold, drawn from the import library's importedFitCurveRows (the chart computes none).
    await page.waitForFunction(() => (document.querySelector(".import-reward")?.textContent ?? "").includes("Gao fit of gold"), undefined, {timeout});
    assert.match(analysis, /forecast \(from the first half\)\s*peak at step \d+.*What happened: smoothed gold peaked at step \d+/);
    // The calibration: false alarms per null gold, detection per fall, forecast error.
    // Its cell may render after the analysis: wait for it.
    await page.waitForFunction(() => (document.querySelector(".import-calibration")?.textContent ?? "").includes("False alarms"), undefined, {timeout});
    const calibration = await page.$eval(".import-calibration", (el) => el.textContent ?? "");
    assert.match(calibration, /False alarms/);
    for (const gold of ["flat", "rising", "saturating", "peak, falls 3 sd"]) assert.ok(calibration.includes(gold), `calibration row ${gold}`);
    assert.match(calibration, /<= 0\.05: (met|missed)/);
    assert.match(calibration, /Forecast/);
    assert.match(calibration, /Forecast on goodhart's own runs[\s\S]*rloo/);

    // A W&B export: another format, no gold, with a skipped value.
    await page.locator('input[type="file"]').first().setInputFiles(join(logs, "wandb-export.csv"));
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("wandb-export.csv"), undefined, {timeout});
    assert.match(await report(), /wandb-export\.csv \(csv\): \d+ rows read/);
    assert.match(await report(), /Your file, read in this browser/);

    // A JSONL log with NaN values and a cut-off last line: problems listed with their lines.
    await page.locator('input[type="file"]').first().setInputFiles(join(logs, "nonfinite.jsonl"));
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("nonfinite.jsonl"), undefined, {timeout});
    assert.match(await report(), /nonfinite\.jsonl \(jsonl\): \d+ rows read/);
    await page.waitForFunction(() => document.body.textContent?.includes("the last line is cut off"), undefined, {timeout});
    const lines = await page.$$eval(".gh-result table tbody tr", (rows) => rows.map((r) => r.textContent ?? ""));
    assert.ok(lines.some((l) => /^\s*3\s*problem/.test(l) && /NaN/.test(l)), `no line-3 NaN problem in ${lines.join(" | ")}`);

    // Charts drawn from it: the proxy (this log has no gold), and the other metrics (loss).
    // The charts re-render when the file changes: wait until a snapshot has all three drawn with text
    // (reading them in a second step could catch one mid-render), then check that snapshot.
    const drawn = await page.waitForFunction(() => {
      const charts = Array.from(document.querySelectorAll(".gh-chart")).map((el) => ({svgs: el.querySelectorAll("svg").length, text: el.textContent ?? ""}));
      return charts.length === 3 && charts.every((c) => c.svgs > 0 && c.text !== "") ? charts : null;
    }, undefined, {timeout});
    const charts = (await drawn.jsonValue()) as {svgs: number; text: string}[];
    assert.equal(charts.length, 3); // the dropped log's two, then the runs imported at build time
    assert.match(charts[0].text, /proxy/);
    assert.ok(charts[1].svgs >= 1 && /loss/.test(charts[1].text), `metrics grid: ${charts[1].text.slice(0, 200)}`);
    assert.equal(await page.locator(".observablehq--error").count(), 0);
    assert.deepEqual(offsite, [], "requests off 127.0.0.1");
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("import: a TensorBoard event file and a two-run W&B export dropped together are read as bytes, each run with its gold reason and test, side by side", {skip: fixture.skip}, async () => {
  const context = await fixture.newContext();
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(fixture.url, {waitUntil: "load", timeout});
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("overopt.json"), undefined, {timeout});
    // The demo is one run: no side-by-side charts.
    assert.match(await page.$eval(".import-side-by-side", (el) => el.textContent ?? ""), /One run here/);
    const tensorboard = join(logs, "tensorboard", "openrlhf", "events.out.tfevents.1733490000.gpu-node-3.41873.0");
    await page.locator('input[type="file"]').first().setInputFiles([tensorboard, join(logs, "wandb-runs.csv")]);
    // Three runs: the event file's and the export's two (ppo-seed1, ppo-seed2).
    await page.waitForFunction(() => document.querySelectorAll(".import-runs table tbody tr").length === 3, undefined, {timeout});
    const runs = await page.$$eval(".import-runs table tbody tr", (rows) => rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "")));
    const names = runs.map((cells) => cells.find((c) => /tfevents|ppo-seed/.test(c)) ?? "");
    assert.deepEqual(names.sort(), ["events.out.tfevents.1733490000.gpu-node-3.41873.0", "wandb-runs.csv [ppo-seed1]", "wandb-runs.csv [ppo-seed2]"]);
    const text = (cells: string[]) => cells.join(" | ");
    assert.ok(runs.some((cells) => /eval\/pass1/.test(text(cells)) && /eval_metric/.test(text(cells))), `TensorBoard run's gold: ${runs.map(text).join(" / ")}`);
    assert.equal(runs.filter((cells) => /eval_win_rate/.test(text(cells)) && /win_rate/.test(text(cells))).length, 2);
    // Grouped by the seed parsed from the run names.
    assert.match(await page.$eval(".import-runs", (el) => el.textContent ?? ""), /seed/);
    // Overlay: proxy and gold panels, a colour per run; the peaks against the key, and the verdict.
    await page.waitForFunction(() => document.querySelectorAll(".import-side-by-side svg").length >= 2 && document.querySelectorAll(".import-peaks svg").length >= 1, undefined, {timeout});
    const overlay = await page.$eval(".import-side-by-side", (el) => el.textContent ?? "");
    for (const label of ["ppo-seed1", "ppo-seed2", "tfevents"]) assert.ok(overlay.includes(label), `overlay legend lacks ${label}`);
    assert.match(await page.$eval(".import-peaks-verdict", (el) => el.textContent ?? ""), /peak fits every run|No single peak fits|Not every run has a peak interval/);
    // The first run (the event file) in the report: its gold, found as OpenRLHF's eval metric, with the reason.
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("(tfevents)"), undefined, {timeout});
    const report = await page.$eval(".import-report", (el) => el.textContent ?? "");
    assert.match(report, /events\.out\.tfevents\.1733490000\.gpu-node-3\.41873\.0 \(tfevents\): \d+ rows read/);
    assert.match(report, /Gold: eval\/pass1, found as eval_metric: "eval\/pass1" is OpenRLHF's evaluation metric on held-out prompts/);
    assert.match(report, /Not downsampled/);
    // The W&B run ppo-seed1 picked: its gold reason, its downsampled flag (its __MIN < __MAX), its test.
    await page.locator("select").filter({has: page.locator("option", {hasText: "wandb-runs.csv [ppo-seed1]"})}).selectOption({label: "wandb-runs.csv [ppo-seed1]"});
    await page.waitForFunction(() => (document.querySelector(".import-report")?.textContent ?? "").includes("[ppo-seed1] (csv)"), undefined, {timeout});
    const seed1 = await page.$eval(".import-report", (el) => el.textContent ?? "");
    assert.match(seed1, /Gold: eval_win_rate, found as win_rate: "eval_win_rate" is a win rate against a reference policy/);
    assert.match(seed1, /Downsampled: downsampled export: \d+ points have train\/reward__MIN < __MAX/);
    await page.waitForFunction(() => /Gao RL peak d/.test(document.querySelector(".import-analysis")?.textContent ?? ""), undefined, {timeout});
    assert.match(await page.$eval(".import-analysis", (el) => el.textContent ?? ""), /divergence test\s*(—|p = )/);
    await page.screenshot({path: join(root, "test-results", "screenshots", "import-side-by-side.png"), fullPage: true});
    assert.equal(await page.locator(".observablehq--error").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("import: a folder picked is read as the CLI reads one: its logs, each event file a run", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    await page.locator('input[type="file"][webkitdirectory]').setInputFiles(join(logs, "tensorboard"));
    await page.waitForFunction(() => document.querySelectorAll(".import-runs table tbody tr").length === 2, undefined, {timeout});
    const names = await page.$$eval(".import-runs table tbody tr td:nth-child(2)", (cells) => cells.map((c) => c.textContent ?? ""));
    // Named by their path under the folder in a browser (webkitRelativePath); Playwright's upload sets the name only.
    assert.deepEqual(names.map((n) => n.split("/").at(-1)).sort(), ["events.out.tfevents.1733490000.gpu-node-3.41873.0", "events.out.tfevents.1733500000.gpu-node-7.52011.0"]);
    assert.equal(await page.locator(".observablehq--error").count(), 0);
  } finally {
    await context.close();
  }
});

test("import: the runs imported at build time (data/experiments/imported.json) are drawn and tabled, labelled imported", {skip: fixture.skip}, async () => {
  const context = await fixture.newContext();
  try {
    const page = await context.newPage();
    await page.goto(fixture.url, {waitUntil: "load", timeout});
    await page.waitForFunction(() => document.querySelectorAll(".imported-runs > figure svg").length > 0, undefined, {timeout});
    const figures = await page.$$eval(".imported-runs > figure", (els) => els.map((el) => ({caption: el.querySelector(":scope > figcaption")?.textContent ?? "", svgs: el.querySelectorAll("svg").length})));
    assert.deepEqual(figures.map((f) => f.caption.split(" ")[0]), ["custom-ppo.json", "rloo-wandb.csv", "trl-ppo-trainer_state.json"]);
    for (const f of figures) {
      assert.match(f.caption, /\(imported, /);
      assert.ok(f.svgs >= 1, f.caption);
    }
    const section = await page.$eval("h2#runs-imported-at-build-time", (h) => {
      let text = "";
      for (let el = h.nextElementSibling; el && el.tagName !== "H2"; el = el.nextElementSibling) text += ` ${el.textContent ?? ""}`;
      return text;
    });
    assert.match(section, /3 runs made elsewhere, imported by the default build/);
    assert.match(section, /runs\.world = imported/);
    assert.equal(await page.locator(".observablehq--error").count(), 0);
  } finally {
    await context.close();
  }
});

test("import: a per-sample log beside a log draws length, LI, RP and distinct n-grams per step under proxy and gold; stop strings cut", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    // The demo's completions table: five steps, longer and more repetitive as gold falls.
    await page.waitForFunction(() => document.querySelectorAll(".import-samples table tbody tr").length === 5, undefined, {timeout});
    const demo = await page.$$eval(".import-samples table tbody tr", (rows) => rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "")));
    assert.ok(demo.every((cells) => cells.includes("overopt-completions.table.json")), demo.map((c) => c.join(" | ")).join(" / "));
    const panels = await page.waitForFunction(() => (document.querySelectorAll(".import-samples-chart svg").length >= 7 ? document.querySelector(".import-samples-chart")?.textContent ?? null : null), undefined, {timeout});
    const text = String(await panels.jsonValue());
    for (const title of ["proxy", "gold", "characters", "LI (length)", "RP (repetition)", "distinct-1", "distinct-2"]) assert.ok(text.includes(title), `panel ${title}`);
    // Each panel's title is one line (they wrapped over three in 160-px panels).
    const titleLines = await page.$$eval(".import-samples-chart figure h2", (titles) => titles.map((h) => {
      const range = document.createRange();
      range.selectNodeContents(h);
      return [h.textContent ?? "", new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size] as const;
    }));
    assert.ok(titleLines.length >= 7, `panel titles found: ${titleLines.length}`);
    for (const [title, lines] of titleLines) assert.equal(lines, 1, `panel title "${title}" takes ${lines} lines`);
    // A TRL log with its completions (JSONL) and a stop string: the next turn is cut off before measuring.
    await page.locator('input[type="file"]').first().setInputFiles(join(logs, "trl-grpo-trainer_state.json"));
    await page.locator('input[type="file"][accept=".json,.jsonl"]').setInputFiles(join(logs, "trl-completions-stop.jsonl"));
    await page.locator("textarea").fill("\\n\\nUser:");
    await page.waitForFunction(() => document.querySelectorAll(".import-samples table tbody tr").length === 2, undefined, {timeout});
    // The import's note, in the issues table.
    await page.waitForFunction(() => document.body.textContent?.includes("4 samples at 2 steps (5-10) as imported_samples (length, LI, RP, distinct n-grams, reward); 3 cut at a stop string"), undefined, {timeout});
    const rows = await page.$$eval(".import-samples table tbody tr", (trs) => trs.map((r) => Array.from(r.querySelectorAll("td"), (td) => (td.textContent ?? "").trim())));
    // step, source, completions, cut, characters, tokens, LI, RP (as tests/unit/import-samples.test.ts counts them by hand)
    assert.deepEqual(rows.map((cells) => cells.slice(1, 9)), [
      ["5", "trl-completions-stop.jsonl", "2", "1", "19.0", "6.0", "0.060", "1.000"],
      ["10", "trl-completions-stop.jsonl", "2", "2", "41.5", "13.5", "0.135", "0.913"]
    ]);
    // proxy, its gold if the log has one, and the five text metrics
    await page.waitForFunction(() => document.querySelectorAll(".import-samples-chart svg").length >= 6, undefined, {timeout});
    await page.screenshot({path: join(root, "test-results", "screenshots", "import-samples.png"), fullPage: true});
    assert.equal(await page.locator(".observablehq--error").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
