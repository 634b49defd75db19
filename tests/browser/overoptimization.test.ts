// Page-specific checks of the Overoptimization page (site.test.ts checks every page generically):
// with the real data the samples chart draws its responses as points, says how many, and redraws
// when the colour input changes. Site folder as site.test.ts. Screenshot:
// test-results/screenshots/overoptimization-samples.png. (bench/page-scale.ts draws the density.)
import assert from "node:assert/strict";
import {join} from "node:path";
import {test} from "node:test";
import {pageFixture, root, timeout} from "./page-fixture.ts";

const fixture = pageFixture("overoptimization");

test("overoptimization: the samples chart draws the chosen responses and follows the colour input", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    await page.waitForFunction(() => document.querySelectorAll('#sample-chart g[aria-label="dot"] circle').length > 0, undefined, {timeout});
    const dots = await page.locator('#sample-chart g[aria-label="dot"] circle').count();
    const caption = (await page.locator("#sample-chart + p").textContent()) ?? "";
    const stated = Number(/^([\d,]+) responses/.exec(caption)?.[1]?.replaceAll(",", ""));
    assert.ok(stated > 0 && stated <= 5000, `caption: ${caption}`);
    assert.equal(dots, stated, "one dot per response");
    assert.match(caption, /one point each/);
    assert.match((await page.locator("#sample-chart").textContent()) ?? "", /√KL of the policy/);

    await page.locator('form:has(label:text-is("Colour by")) label:text-is("length feature")').click();
    await page.waitForFunction(() => (document.querySelector("#sample-chart")?.textContent ?? "").includes("length feature l"), undefined, {timeout});
    await page.locator("#sample-chart").screenshot({path: join(root, "test-results", "screenshots", "overoptimization-samples.png")});
  } finally {
    await context.close();
  }
});

test("overoptimization: the gold panel draws the fitted Gao curves the engine wrote (fit_curves), dashed", {skip: fixture.skip}, async () => {
  const {context, page} = await fixture.open();
  try {
    // Plot puts a constant dash on the mark's <g>, not on each path.
    const selector = '.gh-chart svg [stroke-dasharray="4,3"] path, .gh-chart svg path[stroke-dasharray="4,3"]';
    const dashed = () => page.$$eval(selector, (paths) => paths.filter((p) => (p.getAttribute("d") ?? "").length > 20).length);
    await page.waitForFunction((s) => document.querySelectorAll(s).length > 0, selector, {timeout});
    assert.ok((await dashed()) >= 1, "no fitted curve in the gold panel");
  } finally {
    await context.close();
  }
});
