// Page-specific checks of the Performance page (site.test.ts checks every page generically): it states
// the machine and date of the bench file the build read (data/bench/bench.arrow), draws its figures,
// and its table and sentences show the file's values.
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {test} from "node:test";
import {tableFromIPC} from "apache-arrow";
import {pageFixture, root, timeout} from "./page-fixture.ts";

const fixture = pageFixture("performance");
const file = join(root, "data", "bench", "bench.arrow");
const rows = existsSync(file) ? tableFromIPC(readFileSync(file)).toArray().map((r) => r.toJSON() as Record<string, unknown>) : [];

test("performance: the bench's machine, date and figures are on the page", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    await page.waitForFunction(() => /Measured \d{4}-|No benchmark in this checkout/.test(document.querySelector("main")?.textContent ?? ""), undefined, {timeout});
    await page.waitForFunction(() => /SFT reaches|Not measured/.test(document.querySelector("main")?.textContent ?? ""), undefined, {timeout}).catch(() => undefined);
    const text = await page.locator("main").innerText();
    if (rows.length === 0) {
      assert.match(text, /No benchmark in this checkout/);
      return;
    }
    const first = rows[0];
    assert.ok(text.includes(String(first.cpu_model)), `the page does not name the bench machine ${first.cpu_model}`);
    assert.ok(text.includes(String(first.started_at).slice(0, 10)), "the page does not date the bench");
    assert.ok(text.includes(`${rows.length} figures`), `the page does not count ${rows.length} figures`);
    // One chart per section measured, at least matmul, reward models, best-of-n, RL steps, language model.
    await page.waitForFunction(() => document.querySelectorAll(".gh-chart svg, .card svg").length >= 5, undefined, {timeout});
    const lm = rows.find((r) => r.section === "language_model" && r.metric === "sft_share" && r.value != null);
    if (lm) {
      const value = Number(lm.value);
      const shown = value >= 100 ? Math.round(value).toLocaleString("en") : value.toPrecision(3);
      assert.ok(text.includes(`SFT reaches ${shown}% of matmul 1024`), `the LM sentence does not show ${shown}% for ${lm.backend}`);
    }
    // What bounds the PyTorch ratios: each SFT ceiling of the file is in the bounds table, as the page formats it.
    const ceilings = rows.filter((r) => r.section === "lm_vs_pytorch" && r.metric === "sft_ceiling" && r.value != null);
    for (const c of ceilings) assert.ok(text.includes(`${Number(c.value).toPrecision(2)}×`), `the bounds table does not show the ${c.backend} ceiling ${Number(c.value).toPrecision(2)}× (${c.setting})`);
    if (ceilings.length > 0) assert.match(text, /What bounds a ratio/);
    // The table of every figure lists the first figure's label.
    assert.ok(text.includes(String(first.label)));
  } finally {
    await context.close();
  }
});
