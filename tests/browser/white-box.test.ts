// Page-specific checks of the White-box rewards page (site.test.ts checks every page generically):
// it shows generated text, and its inputs re-render what they drive. Site folder as site.test.ts.
import assert from "node:assert/strict";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {pageFixture, timeout} from "./page-fixture.ts";

const fixture = pageFixture("white-box");

/** The texts of the generated responses the sample picker shows. */
const responses = (page: Page) => page.$$eval(".wb-samples .wb-text", (els) => els.map((el) => el.textContent ?? ""));

test("white-box: generated text shows and follows the sample picker", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    await page.waitForFunction(() => document.querySelectorAll(".wb-samples .wb-text").length > 0, undefined, {timeout});
    const before = await responses(page);
    assert.ok(before.some((t) => t.trim().length > 0), "no generated text in the samples table");

    const select = page.locator('form:has(label:text-is("Configuration")) select');
    const options = await select.locator("option").allTextContents();
    assert.ok(options.length > 1, `expected several configurations, got ${options.length}`);
    await select.selectOption({index: options.length - 1});
    await page.waitForFunction((old) => {
      const now = Array.from(document.querySelectorAll(".wb-samples .wb-text"), (el) => el.textContent ?? "");
      return now.length > 0 && now.join("\n") !== old;
    }, before.join("\n"), {timeout});

    const axis = () => page.$$eval(".gh-chart svg", (svgs) => svgs.map((s) => s.textContent ?? "").join("\n"));
    assert.match(await axis(), /tokens before <eos>/);
    await page.locator('form:has(label:text-is("Alongside")) label:text-is("repetition")').click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".gh-chart svg"), (s) => s.textContent ?? "").join("\n").includes("distinct words"), undefined, {timeout});
  } finally {
    await context.close();
  }
});

test("white-box: the monotonicity summary and the hack report come from the engine's tables", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    // text_changes as sentences: from step 0 to the last checkpoint, a 90% t-interval over seeds, seeds that moved.
    await page.waitForFunction(() => /90% t-interval over seeds .* in \d+ of \d+ seeds\)/.test(document.body.textContent ?? ""), undefined, {timeout});
    // monotonicity_summary: a table row per configuration with its seeds rho > 0 ("k of n").
    await page.waitForFunction(() => Array.from(document.querySelectorAll(".gh-result table tbody tr"), (r) => r.textContent ?? "").some((t) => /\d+ of \d+/.test(t)), undefined, {timeout});
    // One folded block per configuration, its summary line naming gold's change and the hacks.
    const summaries = await page.$$eval(".wb-hacks details > summary", (els) => els.map((el) => el.textContent ?? ""));
    assert.ok(summaries.length > 1, `expected a hack summary per configuration, got ${summaries.length}`);
    for (const s of summaries) assert.match(s, /held-out gold .*; (hacks: |no hack beyond seed noise)/, s);
    // The monotonicity chart: a seed-mean mark per configuration, and a dot per run under it.
    const means = await page.$$eval('.gh-chart svg g.seed-mean line', (lines) => lines.length);
    assert.equal(means, summaries.length, "a seed-mean mark per configuration in the monotonicity chart");
    const dots = await page.$$eval('.gh-chart svg:has(g.seed-mean) g[aria-label="dot"] circle', (circles) => circles.length);
    assert.ok(dots >= 2 * means, `a dot per seed under each mean (${dots} dots for ${means} configurations)`);
  } finally {
    await context.close();
  }
});
