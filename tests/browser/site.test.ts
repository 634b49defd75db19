// Visits every page of the built site in Chromium and fails on any problem check.ts finds.
// Site folder: $GOODHART_SITE_DIR, default dist/. Screenshots: test-results/screenshots/<page>.png.
// Per-page wait: $GOODHART_PAGE_TIMEOUT_S seconds, default 60.
import assert from "node:assert/strict";
import {existsSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {after, before, test} from "node:test";
import {fileURLToPath} from "node:url";
import type {Browser} from "playwright-core";
import {checkPage} from "./check.ts";
import {launchChromium} from "./chromium.ts";
import {discoverPages} from "./pages.ts";
import {serveStatic, type StaticServer} from "./server.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const site = resolve(root, process.env.GOODHART_SITE_DIR || "dist");
const shots = join(root, "test-results", "screenshots");
const timeout = 1000 * Number(process.env.GOODHART_PAGE_TIMEOUT_S || 60);
const pages = existsSync(site) ? discoverPages(site) : [];

let server: StaticServer;
let browser: Browser;

before(async () => {
  rmSync(shots, {recursive: true, force: true});
  if (pages.length === 0) return;
  server = await serveStatic(site);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test(`the built site (${site}) has pages`, () => {
  assert.ok(existsSync(site), `${site} does not exist: run \`npm run build\` first`);
  assert.ok(pages.length > 0, `no pages (*.html outside _ folders) under ${site}`);
});

for (const page of pages) {
  test(`page ${page.path}`, async (t) => {
    const screenshot = join(shots, `${page.name}.png`);
    // The Docs section's reference pages may be plain Markdown; every other page must render a cell.
    const report = await checkPage(browser, server.origin + page.path, {timeout, screenshot, allowStatic: page.path.startsWith("/docs/")});
    t.diagnostic(
      `${report.charts} charts, ${report.results} results, ${report.cells} cells, ` +
        `${report.seconds.toFixed(1)} s, screenshot ${screenshot}`
    );
    const list = report.problems.map((p) => `  - ${p.kind}: ${p.message}`).join("\n");
    assert.equal(report.problems.length, 0, `${page.path} (${page.file}) has problems:\n${list}`);
  });
}
