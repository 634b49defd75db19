// What a reader sees, checked by machine on the built site: the sidebar and Next/Previous links work
// on a plain file server (one that serves /robust.html and not /robust, as python3 -m http.server
// does), the home page's first 1,000 px hold the findings' forest plot, no table, chart or label is
// cut, no results page is taller than 6,000 px, and a configuration has the same colour on every page
// that shows it.
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {after, before, test} from "node:test";
import type {Browser} from "playwright-core";
import {launchChromium} from "./chromium.ts";
import {legendColors, overflows} from "./layout.ts";
import {site, timeout} from "./page-fixture.ts";
import {discoverPages} from "./pages.ts";
import {serveStatic, type StaticServer} from "./server.ts";
import {checkPage} from "./check.ts";

/** The tallest a results page may be at 1280 px wide, with its details blocks closed (issue 22's target). */
const MAX_PAGE_HEIGHT = 6000;
/**
 * Pages not yet under that target, each with the most it may be now; none since 2026-12-07. `npm test`
 * builds on 2 seeds per experiment; on the full build (every seed) white-box measured 5,955 px and
 * robust 5,735 px at 1280 px (2026-12-07, the loaders of c8ed523 on every seed). What still grows
 * with the seed count is the monotonicity chart (4 px a seed per configuration). A chart cannot be folded into a closed details block (it is drawn at
 * width 0), so shortening a page means fewer or smaller sections.
 */
const TALL_PAGES: Record<string, number> = {};
const pages = existsSync(site) ? discoverPages(site) : [];
let server: StaticServer;
let browser: Browser;

before(async () => {
  if (pages.length === 0) return;
  server = await serveStatic(site, {plain: true});
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("every sidebar and Next/Previous link resolves on a plain file server", async () => {
  assert.ok(pages.length > 0, `no built site at ${site}: run npm run build first`);
  const page = await browser.newPage();
  const seen = new Set<string>();
  const queue = [`${server.origin}/`];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const response = await page.request.get(url);
    assert.equal(response.status(), 200, `${url} (linked from the sidebar or pager): ${response.status()}`);
    await page.setContent(await response.text(), {waitUntil: "commit"}).catch(() => undefined);
    const links = await page.$$eval("#observablehq-sidebar a[href], a[rel='prev'][href], a[rel='next'][href]", (as) => as.map((a) => a.getAttribute("href")!));
    for (const href of links) if (!/^[a-z]+:/.test(href)) queue.push(new URL(href, url).href);
  }
  await page.close();
  const linked = [...seen].map((u) => new URL(u).pathname);
  for (const p of pages) assert.ok(linked.some((l) => l === `/${p.name}.html` || (p.name === "index" && l === "/")), `${p.name} is not linked from the sidebar`);
});

test("the home page's first 1,000 px hold the findings' forest plot", async () => {
  const report = await checkPage(browser, `${server.origin}/`, {timeout});
  assert.deepEqual(report.problems, []);
  const page = await browser.newPage({viewport: {width: 1280, height: 1000}});
  await page.goto(`${server.origin}/`);
  await page.waitForSelector(".gh-forest svg", {timeout});
  const box = await page.$eval(".gh-forest svg", (svg) => svg.getBoundingClientRect().toJSON());
  assert.ok(box.top < 1000 && box.height > 40, `forest plot at ${box.top} px, ${box.height} px tall`);
  await page.close();
});

test("no table, chart or label is cut, and each configuration has one colour on every page", async () => {
  const colours = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  for (const p of pages) {
    const page = await browser.newPage({viewport: {width: 1280, height: 1000}});
    await page.goto(`${server.origin}/${p.name === "index" ? "" : `${p.name}.html`}`);
    await checkPage(browser, `${server.origin}/${p.name === "index" ? "" : `${p.name}.html`}`, {timeout});
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(2000);
    for (const o of await overflows(page)) problems.push(`${p.name}: ${o.what} (${o.pixels} px)`);
    // A results page is read, not searched: folded method notes keep it short. Reference pages under
    // docs/ (the API, the spec fields) are exempt.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const limit = TALL_PAGES[p.name] ?? MAX_PAGE_HEIGHT;
    if (!p.name.startsWith("docs/") && height > limit) problems.push(`${p.name}: ${height} px tall at 1280 px wide (at most ${limit})`);
    for (const [label, fill] of Object.entries(await legendColors(page))) {
      if (!colours.has(label)) colours.set(label, new Map());
      colours.get(label)!.set(p.name, fill);
    }
    await page.close();
  }
  assert.deepEqual(problems, []);
  for (const label of ["single", "mean", "wco", "uwo"]) {
    const fills = colours.get(label);
    if (fills) assert.equal(new Set(fills.values()).size, 1, `${label}: ${JSON.stringify(Object.fromEntries(fills))}`);
  }
});
